import { Rng } from '../../rng';
import { checkPositiveInteger } from '../check-args';
import { pendulumController } from './controller';
import { PENDULUM_PHYSICS } from './dynamics';
import { pendulum } from './pendulum-env';

/** Default number of episodes per policy of {@link measurePendulumReferences}. */
const DEFAULT_EPISODES = 1000;
/** Default first reset seed of {@link measurePendulumReferences}. */
const DEFAULT_SEED = 0;

/**
 * Mean (and spread) of the returns of the two reference policies of {@link pendulum}.
 *
 * @example
 * ```ts
 * const m: PendulumReferenceMeasurement = measurePendulumReferences({ episodes: 100 });
 * m.max; // mean return of the scripted controller
 * ```
 */
export interface PendulumReferenceMeasurement {
  /** Mean return of the uniform random policy. */
  min: number;
  /** Mean return of the noise-free {@link pendulumController}. */
  max: number;
  /** Population standard deviation of the random policy's returns. */
  minStd: number;
  /** Population standard deviation of the controller's returns. */
  maxStd: number;
}

/**
 * Measure the reference returns of the standard {@link pendulum} (200 steps): `min` is the mean
 * return of the uniform random policy (torques uniform in `[−2, 2]`, one
 * `Rng.named(seed, 'pendulum/random-policy')` stream over all its episodes), `max` the mean return of
 * the noise-free {@link pendulumController}. Episode `k` (0-based) of either policy starts from
 * `env.reset(seed + k)`.
 *
 * This is how `PENDULUM_REFERENCE_SCORES` was produced (1000 episodes, seed 0).
 *
 * @example
 * ```ts
 * const { min, max } = measurePendulumReferences({ episodes: 1000, seed: 0 });
 * ```
 */
export function measurePendulumReferences(options: { episodes?: number; seed?: number } = {}): PendulumReferenceMeasurement {
  const episodes = options.episodes ?? DEFAULT_EPISODES;
  const seed = options.seed ?? DEFAULT_SEED;
  checkPositiveInteger('measurePendulumReferences: episodes', episodes);
  const env = pendulum();
  const actionRng = Rng.named(seed, 'pendulum/random-policy');
  const uMax = PENDULUM_PHYSICS.maxTorque;
  const controller = pendulumController();
  const returns = (policy: (observation: number[]) => number[]): { mean: number; std: number } => {
    const all: number[] = [];
    for (let k = 0; k < episodes; k++) {
      let observation = env.reset(seed + k);
      let total = 0;
      let done = false;
      while (!done) {
        const result = env.step(policy(observation));
        observation = result.observation;
        total += result.reward;
        done = result.terminated || result.truncated;
      }
      all.push(total);
    }
    const mean = all.reduce((s, r) => s + r, 0) / episodes;
    return { mean, std: Math.sqrt(all.reduce((s, r) => s + (r - mean) ** 2, 0) / episodes) };
  };
  const random = returns(() => [uMax * (2 * actionRng.next() - 1)]);
  const scripted = returns(controller);
  return { min: random.mean, max: scripted.mean, minStd: random.std, maxStd: scripted.std };
}
