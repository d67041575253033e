import { checkFinite, checkPositiveInteger } from '../check-args';
import { collectLog } from '../collect-log';
import type { CollectedLog, CollectPolicyFunction } from '../collect-log';
import { pendulumController } from './controller';
import { PENDULUM_PHYSICS, clipTorque } from './dynamics';
import { PENDULUM_EPISODE_STEPS, pendulum } from './pendulum-env';

/**
 * The dataset families of {@link pendulumDataset}, named after D4RL's.
 *
 * @example
 * ```ts
 * PENDULUM_DATASET_KINDS; // ['random', 'medium', 'expert', 'medium-replay', 'medium-expert']
 * ```
 */
export const PENDULUM_DATASET_KINDS = Object.freeze(['random', 'medium', 'expert', 'medium-replay', 'medium-expert'] as const);

/**
 * One of {@link PENDULUM_DATASET_KINDS}.
 *
 * @example
 * ```ts
 * const kind: PendulumDatasetKind = 'medium-replay';
 * ```
 */
export type PendulumDatasetKind = (typeof PENDULUM_DATASET_KINDS)[number];

/**
 * Default number of rows: 250 episodes of 200 steps. Enough to cover the 2-d state space many
 * times over, small enough to build in well under a second; the per-step cost of training does
 * not depend on it, so the results table's budget is set by training steps, not by this size.
 *
 * @example
 * ```ts
 * pendulumDataset().rewards.length === PENDULUM_DATASET_SIZE; // true
 * ```
 */
export const PENDULUM_DATASET_SIZE = 50_000;
/** Default seed of {@link pendulumDataset}. */
const DEFAULT_SEED = 0;
/**
 * Probability that the `medium` policy takes a uniformly random torque instead of the
 * controller's at a step. Chosen so its mean return is about a third of the way from random to
 * expert (measured: see {@link pendulumDataset}).
 *
 * @example
 * ```ts
 * const medium = (obs: number[], rng: Rng) =>
 *   rng.next() < PENDULUM_MEDIUM_RANDOM_PROBABILITY ? [4 * rng.next() - 2] : pendulumController()(obs);
 * ```
 */
export const PENDULUM_MEDIUM_RANDOM_PROBABILITY = 0.8;
/**
 * Standard deviation (N·m) of the Gaussian noise on the `expert` policy's torque, before clipping.
 *
 * @example
 * ```ts
 * const u = clipTorque(pendulumController()(obs)[0] + PENDULUM_EXPERT_NOISE * rng.normal());
 * ```
 */
export const PENDULUM_EXPERT_NOISE = 0.1;

/**
 * Options of {@link pendulumDataset}.
 *
 * @example
 * ```ts
 * const options: PendulumDatasetOptions = { kind: 'medium-expert', size: 20_000, seed: 3 };
 * ```
 */
export interface PendulumDatasetOptions {
  /** Which family. Default `'medium'`. */
  kind?: PendulumDatasetKind;
  /** Number of rows. Default {@link PENDULUM_DATASET_SIZE} (50 000). */
  size?: number;
  /** Seed of everything random (starts, the policies' choices and noise). Default 0. */
  seed?: number;
}

/** The probability of a random torque in episode `episode` of `episodes`, per kind (NaN = expert). */
function randomProbability(kind: PendulumDatasetKind, episode: number, episodes: number): number {
  const medium = PENDULUM_MEDIUM_RANDOM_PROBABILITY;
  switch (kind) {
    case 'random':
      return 1;
    case 'medium':
      return medium;
    case 'expert':
      return 0;
    case 'medium-replay':
      // A learner's replay buffer up to medium: quality ramps linearly from random to medium.
      return episodes <= 1 ? medium : 1 - ((1 - medium) * episode) / (episodes - 1);
    case 'medium-expert':
      // D4RL concatenates the medium and expert datasets: first half medium, second half expert.
      return episode < episodes / 2 ? medium : 0;
  }
}

/**
 * Pendulum data in the D4RL families, from {@link pendulum} (random starts, 200-step episodes,
 * every episode ends with a timeout, no terminals) collected with `collectLog`:
 *
 * - `'random'`: uniform random torques in `[−2, 2]`.
 * - `'expert'`: {@link pendulumController} with N(0, 0.1²) torque noise (clipped).
 * - `'medium'`: the controller degraded: at each step, with probability 0.8, a uniformly random
 *   torque instead. Its return sits about a third of the way from random to expert.
 * - `'medium-replay'`: like a learner's replay buffer up to medium: episode k of K uses random
 *   probability `1 − 0.2 · k / (K − 1)`, from pure random to medium.
 * - `'medium-expert'`: the first half of the episodes medium, the second half expert (D4RL
 *   concatenates the two datasets).
 *
 * Measured mean episode returns at the default size (250 episodes), seed 0 [seed 1]: random
 * −1195.9 [−1224.3], medium −863.4 [−874.1], expert −139.1 [−147.5], medium-replay −1027.1
 * [−1044.6], medium-expert −509.3 [−509.5]; normalized with `PENDULUM_REFERENCE_SCORES`: random 3
 * [1], medium 34 [33], expert 101 [100], medium-replay 19 [17], medium-expert 67 [67].
 *
 * The result holds row-major `Float32Array` columns for `createDataset` and is deterministic given
 * `seed`. Episodes are 200 rows; a `size` that is not a multiple of 200 cuts the last episode
 * (marked a timeout).
 *
 * @throws RangeError naming the bad option.
 * @example
 * ```ts
 * const dataset = createDataset(pendulumDataset({ kind: 'medium-replay', size: 20_000, seed: 1 }));
 * const agent = await trainIQL(dataset, { steps: 10_000 });
 * const { normalizedScore } = await evaluate(agent, pendulum(), { episodes: 20, parallel: 10 });
 * ```
 */
export function pendulumDataset(options: PendulumDatasetOptions = {}): CollectedLog {
  const fn = 'pendulumDataset';
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object`);
  const kind = options.kind ?? 'medium';
  const size = options.size ?? PENDULUM_DATASET_SIZE;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!PENDULUM_DATASET_KINDS.includes(kind)) {
    throw new RangeError(`${fn}: kind must be one of ${PENDULUM_DATASET_KINDS.map((k) => `'${k}'`).join(', ')}, got '${String(kind)}'`);
  }
  checkPositiveInteger(`${fn}: size`, size);
  checkFinite(`${fn}: seed`, seed);

  const episodes = Math.ceil(size / PENDULUM_EPISODE_STEPS);
  const controller = pendulumController();
  const uMax = PENDULUM_PHYSICS.maxTorque;
  const policy: CollectPolicyFunction = (observation, { episode, rng }) => {
    const p = randomProbability(kind, episode, episodes);
    if (p > 0 && rng.next() < p) return [uMax * (2 * rng.next() - 1)];
    const [u] = controller(observation);
    return [p === 0 ? clipTorque(u + PENDULUM_EXPERT_NOISE * rng.normal()) : u];
  };
  return collectLog(pendulum(), policy, { steps: size, seed }, fn);
}
