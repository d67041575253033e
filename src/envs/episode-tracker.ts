import { checkFinite } from './check-args';

/**
 * Bookkeeping shared by the reference environments: whether an episode is running, how many steps
 * it has taken, and when the time limit truncates it.
 *
 * @example
 * ```ts
 * const tracker = new EpisodeTracker('my-env', 100);
 * tracker.start(seed);                          // in reset()
 * tracker.beforeStep();                         // in step(): throws before reset / after the end
 * const truncated = tracker.afterStep(terminated);
 * ```
 */
export class EpisodeTracker {
  private running = false;
  private started = false;
  private steps = 0;

  /**
   * @param envName - used in error messages.
   * @param maxEpisodeSteps - time limit after which an unterminated episode is truncated.
   */
  constructor(
    private readonly envName: string,
    private readonly maxEpisodeSteps: number,
  ) {}

  /** Begin a new episode. Checks that `seed`, when given, is a finite number. */
  start(seed?: number): void {
    if (seed !== undefined) checkFinite(`${this.envName}.reset: seed`, seed);
    this.started = true;
    this.running = true;
    this.steps = 0;
  }

  /** Throw when no episode is running (before the first reset or after the episode ended). */
  beforeStep(): void {
    if (!this.started) throw new Error(`${this.envName}.step: called before reset(); call reset() first`);
    if (!this.running) {
      throw new Error(`${this.envName}.step: the episode has ended (terminated or truncated); call reset() first`);
    }
  }

  /** Count the step, end the episode when it terminated or hit the limit; returns `truncated`. */
  afterStep(terminated: boolean): boolean {
    this.steps += 1;
    const truncated = !terminated && this.steps >= this.maxEpisodeSteps;
    if (terminated || truncated) this.running = false;
    return truncated;
  }
}
