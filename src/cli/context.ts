import type { ProgressStream } from './progress';

/**
 * What a command writes to and listens on; `main` passes the process's own.
 *
 * @example
 * ```ts
 * const ctx: CliContext = { stdout: process.stdout, stderr: process.stderr, onInterrupt: (stop) => { process.once('SIGINT', stop); return () => process.off('SIGINT', stop); } };
 * ```
 */
export interface CliContext {
  stdout: ProgressStream;
  stderr: { write(text: string): unknown };
  /** Calls `stop` on Ctrl-C (SIGINT) or SIGTERM until the returned function is called. */
  onInterrupt(stop: () => void): () => void;
}

/**
 * Writes a line to a stream.
 *
 * @example
 * ```ts
 * println(ctx.stdout, 'done');
 * ```
 */
export function println(out: { write(text: string): unknown }, text = ''): void {
  out.write(`${text}\n`);
}
