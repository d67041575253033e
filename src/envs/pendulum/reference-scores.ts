import type { ReferenceScores } from '../env';

/**
 * Reference returns of the standard {@link pendulum} (Gymnasium's constants, 200 steps), MEASURED
 * with `measurePendulumReferences({ episodes: 1000, seed: 0 })`, which reproduces them: the mean
 * return over 1000 episodes started with `env.reset(k)`, k = 0…999, rounded to 4 decimals.
 *
 * - `min` = −1230.7199: a uniform random policy (torques uniform in [−2, 2]).
 * - `max` = −148.9768: the noise-free scripted `pendulumController` (energy pumping, then LQR).
 *
 * Gymnasium defines no reference scores for `Pendulum-v1`; published agents (SAC, TD3) reach about
 * −150 on it, as the controller does, so 100 means "as good as a tuned online agent".
 *
 * @example
 * ```ts
 * normalizedScore(-600, PENDULUM_REFERENCE_SCORES); // ≈ 58.3
 * ```
 */
export const PENDULUM_REFERENCE_SCORES: Readonly<ReferenceScores> = Object.freeze({
  min: -1230.7199,
  max: -148.9768,
  source:
    'measured in this pendulum (measurePendulumReferences, 1000 episodes, reset seeds 0–999): ' +
    'min = uniform random torques, max = noise-free pendulumController',
});
