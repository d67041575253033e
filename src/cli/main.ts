#!/usr/bin/env node
/**
 * The `offline-rl` command: `inspect`, `train`, `eval`, `extract`. Run `offline-rl --help`.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import pkg from '../../package.json' with { type: 'json' };
import { evalCommand } from './commands/eval';
import { extractCommand } from './commands/extract';
import { inspectCommand } from './commands/inspect';
import { trainCommand } from './commands/train';
import { println, type CliContext } from './context';
import { usage } from './usage';
import { USAGE_EXIT_CODE, UsageError } from './usage-error';

const COMMANDS: Readonly<Record<string, (argv: string[], ctx: CliContext) => Promise<number>>> = {
  inspect: inspectCommand,
  train: trainCommand,
  eval: evalCommand,
  extract: extractCommand,
};

/**
 * Runs the command line on `argv` (without `node` and the script) and returns the exit code:
 * 0 on success, 1 on an error, 2 on a usage error (after printing the message and the usage), 130
 * after Ctrl-C.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['inspect', 'data.hdf5'], processContext());
 * ```
 */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      println(command === undefined ? ctx.stderr : ctx.stdout, usage());
      return command === undefined ? USAGE_EXIT_CODE : 0;
    }
    if (command === '--version' || command === '-v') {
      println(ctx.stdout, pkg.version);
      return 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(`unknown command '${command}'`);
    return await run(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      println(ctx.stderr, `offline-rl${err.command ? ` ${err.command}` : ''}: ${err.message}\n`);
      println(ctx.stderr, usage(err.command));
      return USAGE_EXIT_CODE;
    }
    println(ctx.stderr, `offline-rl: ${(err as Error)?.message ?? String(err)}`);
    return 1;
  }
}

/**
 * The process's own streams and signals: the first Ctrl-C (or SIGTERM) asks the command to stop; a
 * second one exits at once.
 *
 * @example
 * ```ts
 * await main(process.argv.slice(2), processContext());
 * ```
 */
export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(stop) {
      const handler = () => {
        process.stderr.write('\nstopping at the next step (Ctrl-C again to quit at once)…\n');
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
        process.once('SIGINT', () => process.exit(130));
        stop();
      };
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

/** Whether this module is the script Node was started with (not imported by a test). */
function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2), processContext()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
