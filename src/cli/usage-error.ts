/**
 * A mistake in how the command was called (unknown flag, missing or bad value): the command line
 * prints the message and the command's usage, and exits with {@link USAGE_EXIT_CODE}.
 *
 * @example
 * ```ts
 * throw new UsageError('--steps must be a positive integer, got -3', 'train');
 * ```
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to print (`undefined`: the top-level usage). */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Exit code of a usage error (the convention of BSD `sysexits` and most command lines: 2).
 *
 * @example
 * ```ts
 * process.exitCode = USAGE_EXIT_CODE;
 * ```
 */
export const USAGE_EXIT_CODE = 2;

/**
 * Exit code after Ctrl-C (128 + SIGINT's number 2, as shells report it).
 *
 * @example
 * ```ts
 * process.exitCode = INTERRUPTED_EXIT_CODE;
 * ```
 */
export const INTERRUPTED_EXIT_CODE = 130;
