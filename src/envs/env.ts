import type { ActionSpace } from '../types';

/**
 * What {@link Env.step} returns: the next observation, the reward of the transition, and how the
 * episode ended (if it did).
 *
 * `terminated` marks a true terminal state (no bootstrap, the dataset's `terminals`); `truncated`
 * marks an episode cut by the time limit {@link Env.maxEpisodeSteps} without reaching a terminal
 * state (the dataset's `timeouts`). At most one of the two is `true`.
 *
 * @example
 * ```ts
 * const env = twoStepChain();
 * env.reset();
 * const { observation, reward, terminated, truncated } = env.step(UP);
 * // observation [0, 1, 0], reward 0, terminated false, truncated false
 * ```
 */
export interface StepResult {
  /** Observation after the step (a fresh array the caller may keep or mutate). */
  observation: number[];
  /** Reward of the transition. */
  reward: number;
  /** The episode reached a true terminal state. */
  terminated: boolean;
  /** The episode hit `maxEpisodeSteps` without terminating. */
  truncated: boolean;
}

/**
 * The returns that define a normalized score of 0 (`min`) and 100 (`max`) for an environment, and
 * where they come from.
 *
 * @example
 * ```ts
 * const ref: ReferenceScores = { min: 0.5, max: 10, source: 'analytic: uniform random / optimal' };
 * normalizedScore(10, ref); // 100
 * ```
 */
export interface ReferenceScores {
  /** Return scored as 0 (D4RL: a random policy). */
  min: number;
  /** Return scored as 100 (D4RL: an expert policy). */
  max: number;
  /** How the two numbers were obtained. */
  source: string;
}

/**
 * A small episodic environment with a Gymnasium-like `reset` / `step` interface.
 *
 * Calling `step` before `reset`, or after the episode ended (terminated or truncated), throws an
 * `Error`; an action outside {@link Env.actionSpace} throws a `RangeError`.
 *
 * @example
 * ```ts
 * const env: Env = bandit();
 * let obs = env.reset(0);
 * let done = false;
 * while (!done) {
 *   const r = env.step(1);
 *   obs = r.observation;
 *   done = r.terminated || r.truncated;
 * }
 * const copy = env.clone?.(); // a fresh bandit with the same rewards
 * copy?.close?.();
 * ```
 */
export interface Env {
  /** Short identifier, e.g. `'two-step-chain'`. */
  readonly name: string;
  /** Length of every observation vector. */
  readonly observationDim: number;
  /** Space the actions passed to `step` must lie in. */
  readonly actionSpace: ActionSpace;
  /** Time limit: `step` reports `truncated` when it is reached without termination. */
  readonly maxEpisodeSteps: number;
  /** Returns that map to normalized scores 0 and 100, when the environment defines them. */
  readonly referenceScores?: ReferenceScores;
  /** Start a new episode and return its first observation. `seed` makes stochastic resets reproducible. */
  reset(seed?: number): number[];
  /** Apply one action: an integer (discrete spaces) or a vector (box spaces). */
  step(action: number | number[]): StepResult;
  /**
   * Optional. A new, independent environment built with the same options (same name, spaces, time
   * limit, reference scores and dynamics), with no episode running: the current episode's state is
   * NOT copied, and the copy's own `reset()` stream starts as the original's did. `evaluate(…, {
   * parallel })` calls it to step several copies in lockstep; environments without it evaluate one
   * episode at a time.
   */
  clone?(): Env;
  /**
   * Optional. Free what the environment holds outside the JS heap (e.g. a MuJoCo model in wasm
   * memory). No method may be called afterwards. `evaluate` closes the copies it made with
   * {@link Env.clone}, never the environment it was given.
   */
  close?(): void;
}
