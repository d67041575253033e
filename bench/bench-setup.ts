/**
 * The problem sizes and synthetic data of the training benchmarks (`bench/bench.ts`,
 * `bench/profile-update.ts`), defined once.
 */
import { createDataset, Rng, type Dataset } from 'offline-rl';

/** Problem sizes, identical to torch_reference.py's CONFIGS. */
export const CONFIGS = {
  standard: { obs: 17, act: 6, hidden: 256, batch: 256 },
  small: { obs: 4, act: 2, hidden: 64, batch: 256 },
} as const;

/** A name of {@link CONFIGS}. */
export type ConfigName = keyof typeof CONFIGS;

/** Rows of the synthetic dataset the benchmarks sample from. */
const DATASET_ROWS = 20_000;
/** Episode length of the synthetic dataset (each episode ends in a timeout). */
const EPISODE_LENGTH = 1000;

/**
 * Normal observations and rewards, uniform actions in [−1, 1], timeouts every 1000 rows: the cost
 * of an update does not depend on the values.
 *
 * @example
 * ```ts
 * const dataset = syntheticDataset(17, 6, new Rng(0));
 * ```
 */
export function syntheticDataset(obs: number, act: number, rng: Rng): Dataset {
  const n = DATASET_ROWS;
  const observations = new Float32Array(n * obs).map(() => rng.normal());
  const actions = new Float32Array(n * act).map(() => 2 * rng.next() - 1);
  const rewards = new Float32Array(n).map(() => rng.normal());
  const timeouts = new Float32Array(n).map((_, i) => ((i + 1) % EPISODE_LENGTH === 0 ? 1 : 0));
  return createDataset({ observations, actions, rewards, terminals: new Float32Array(n), timeouts });
}
