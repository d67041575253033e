import { readFileSync } from 'node:fs';

/** OS threads of this process (Linux `/proc`), or 0 where unknown: a worker thread is one of them. */
export function threadCount(): number {
  try {
    return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
