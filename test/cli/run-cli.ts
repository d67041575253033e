import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: tsx reads tsconfig.json `paths` from here, so `offline-rl` resolves to src/. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a finished command line run printed and returned. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `offline-rl ARGS` from the TypeScript sources (`node --import tsx src/cli/main.ts`), as a
 * separate process with piped (non-TTY) output. `onStdout` sees the output as it comes.
 */
export function startCli(args: string[], onStdout?: (text: string, child: ChildProcess) => void): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    onStdout?.(stdout, child);
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs `offline-rl ARGS` to the end. */
export function runCli(args: string[]): Promise<CliRun> {
  return startCli(args).done;
}
