import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

/**
 * The options of one command, in `node:util` `parseArgs` form.
 *
 * @example
 * ```ts
 * const options: OptionSpec = { steps: { type: 'string' }, help: { type: 'boolean', short: 'h' } };
 * ```
 */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * What {@link parseCommand} returns: the positional arguments and the option values by name.
 *
 * @example
 * ```ts
 * const { positionals, values } = parseCommand('eval', argv, { env: { type: 'string' } }, 1);
 * ```
 */
export interface ParsedCommand {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/**
 * Parses one command's arguments strictly (unknown flags and a missing value are usage errors) and
 * checks the number of positional arguments. `--help` is always accepted; the caller prints the usage.
 *
 * @throws UsageError naming the problem.
 * @example
 * ```ts
 * parseCommand('inspect', ['data.hdf5', '--plot', 'd.svg'], { plot: { type: 'string' } }, 1);
 * // { positionals: ['data.hdf5'], values: { plot: 'd.svg' } }
 * ```
 */
export function parseCommand(command: string, argv: string[], options: OptionSpec, positionals: number): ParsedCommand {
  let parsed: { positionals: string[]; values: Record<string, unknown> };
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs' messages are good ("Unknown option '--foo'"); drop its advice about `--` for positionals.
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
  const values = parsed.values as ParsedCommand['values'];
  if (values.help) return { positionals: parsed.positionals, values };
  if (parsed.positionals.length !== positionals) {
    const what = parsed.positionals.length < positionals ? 'missing' : 'too many';
    throw new UsageError(`${what} arguments: expected ${positionals}, got ${parsed.positionals.length}${parsed.positionals.length ? ` (${parsed.positionals.join(' ')})` : ''}`, command);
  }
  return { positionals: parsed.positionals, values };
}

/**
 * An integer option value, or `undefined` when the option was not given.
 *
 * @throws UsageError when the value is not an integer ≥ `min`.
 * @example
 * ```ts
 * integerOption('train', 'steps', '1000', 1); // 1000
 * ```
 */
export function integerOption(command: string, name: string, value: string | boolean | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${String(value)}'`, command);
  return n;
}

/**
 * An option value that must be one of `choices`, or `undefined` when the option was not given.
 *
 * @throws UsageError listing the choices.
 * @example
 * ```ts
 * choiceOption('train', 'algo', 'iql', ['iql', 'bc']); // 'iql'
 * ```
 */
export function choiceOption<T extends string>(command: string, name: string, value: string | boolean | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${String(value)}'`, command);
  return value as T;
}

/**
 * A required string option.
 *
 * @throws UsageError when it is missing.
 * @example
 * ```ts
 * requiredOption('train', 'out', values.out); // 'agent.json'
 * ```
 */
export function requiredOption(command: string, name: string, value: string | boolean | undefined): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`, command);
  return value;
}
