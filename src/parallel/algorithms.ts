// Library code comes through the package's own name, so that `offline-rl/node` shares the core's
// module instances (classes, backend state) instead of bundling a second copy.
import { algorithmNames, isAlgorithmName, type AlgorithmConfigs, type AlgorithmName } from 'offline-rl';

/**
 * The config type of each algorithm {@link trainMany} runs, by name (the registry's
 * `AlgorithmConfigs`): `trainMany('iql', …)` takes `Partial<IQLConfig>` per run, and so on.
 *
 * @example
 * ```ts
 * const runs: Array<Partial<TrainManyConfigs['iql']>> = [0, 1, 2].map((seed) => ({ seed, steps: 10_000 }));
 * ```
 */
export type TrainManyConfigs = AlgorithmConfigs;

/**
 * The algorithms {@link trainMany} can run: every registered algorithm.
 *
 * @example
 * ```ts
 * const algorithm: TrainManyAlgorithm = 'td3bc';
 * ```
 */
export type TrainManyAlgorithm = AlgorithmName;

/**
 * Throws a RangeError unless `name` is a registered algorithm.
 *
 * @example
 * ```ts
 * checkAlgorithm('iql'); // ok
 * checkAlgorithm('nope'); // throws: trainMany: unknown algorithm 'nope'; expected one of 'iql', 'bc', 'td3bc', 'cql', 'awac', 'rebrac'
 * ```
 */
export function checkAlgorithm(name: unknown): asserts name is TrainManyAlgorithm {
  if (!isAlgorithmName(name)) {
    const known = algorithmNames().map((k) => `'${k}'`).join(', ');
    throw new RangeError(`trainMany: unknown algorithm '${String(name)}'; expected one of ${known}`);
  }
}
