/**
 * The error {@link trainMany} rejects with when a run fails: `runIndex` is the run's position in
 * `configs`, the message is `trainMany: run <i> failed: <original message>`, and `cause` is the original
 * error (rebuilt in the calling thread with its name, message and the worker's stack).
 *
 * @example
 * ```ts
 * try {
 *   await trainMany('iql', dataset, configs);
 * } catch (err) {
 *   if (err instanceof TrainManyError) console.error(`run ${err.runIndex}:`, err.cause);
 * }
 * ```
 */
export class TrainManyError extends Error {
  /** Position in `configs` of the run that failed. */
  readonly runIndex: number;
  /** The error the run threw. */
  declare readonly cause: Error;

  /**
   * @param runIndex - position in `configs` of the failed run.
   * @param cause - the error the run threw.
   */
  constructor(runIndex: number, cause: Error) {
    super(`trainMany: run ${runIndex} failed: ${cause.message}`, { cause });
    this.name = 'TrainManyError';
    this.runIndex = runIndex;
  }
}
