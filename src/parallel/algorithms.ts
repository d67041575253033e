import type { Agent } from '../algos/agent';
import type { IQLConfig } from '../algos/iql-config';
import type { TD3BCConfig } from '../algos/td3bc-config';
import { resolveBCConfig, trainBC, type BCConfig } from '../algos/train-bc';
import { resolveIQLConfig, trainIQL } from '../algos/train-iql';
import { resolveTD3BCConfig, trainTD3BC } from '../algos/train-td3bc';
import type { Dataset } from '../data';

/**
 * The config type of each algorithm {@link trainMany} runs, by name: `trainMany('iql', …)` takes
 * `Partial<IQLConfig>` per run, `'bc'` takes `Partial<BCConfig>`, `'td3bc'` takes `Partial<TD3BCConfig>`.
 *
 * @example
 * ```ts
 * const runs: Array<Partial<TrainManyConfigs['iql']>> = [0, 1, 2].map((seed) => ({ seed, steps: 10_000 }));
 * ```
 */
export interface TrainManyConfigs {
  iql: IQLConfig;
  bc: BCConfig;
  td3bc: TD3BCConfig;
}

/**
 * The algorithms {@link trainMany} can run: `'iql'` ({@link trainIQL}), `'bc'` ({@link trainBC}),
 * `'td3bc'` ({@link trainTD3BC}).
 *
 * @example
 * ```ts
 * const algorithm: TrainManyAlgorithm = 'td3bc';
 * ```
 */
export type TrainManyAlgorithm = keyof TrainManyConfigs;

/** What trainMany needs of one algorithm: its one-call trainer and its config check. */
interface AlgorithmEntry<K extends TrainManyAlgorithm> {
  train(dataset: Dataset, config: Partial<TrainManyConfigs[K]>): Promise<Agent>;
  resolve(config: Partial<TrainManyConfigs[K]>): TrainManyConfigs[K];
}

/**
 * The trainer and config resolver of each algorithm: the very functions a main-thread run calls, so a
 * run in a worker is the same computation.
 *
 * @example
 * ```ts
 * const agent = await TRAIN_MANY_ALGORITHMS.bc.train(dataset, { steps: 100 });
 * ```
 */
export const TRAIN_MANY_ALGORITHMS: { readonly [K in TrainManyAlgorithm]: AlgorithmEntry<K> } = Object.freeze({
  iql: { train: trainIQL, resolve: resolveIQLConfig },
  bc: { train: trainBC, resolve: resolveBCConfig },
  td3bc: { train: trainTD3BC, resolve: resolveTD3BCConfig },
});

/**
 * Throws a RangeError unless `name` is one of {@link TrainManyAlgorithm}.
 *
 * @example
 * ```ts
 * checkAlgorithm('iql'); // ok
 * checkAlgorithm('cql'); // throws: trainMany: unknown algorithm 'cql'; expected one of 'iql', 'bc', 'td3bc'
 * ```
 */
export function checkAlgorithm(name: unknown): asserts name is TrainManyAlgorithm {
  if (typeof name !== 'string' || !Object.hasOwn(TRAIN_MANY_ALGORITHMS, name)) {
    const known = Object.keys(TRAIN_MANY_ALGORITHMS).map((k) => `'${k}'`).join(', ');
    throw new RangeError(`trainMany: unknown algorithm '${String(name)}'; expected one of ${known}`);
  }
}

/**
 * Runs one algorithm's trainer (the correlated-generic lookup TypeScript needs to call the entry of a
 * name known only at run time).
 *
 * @example
 * ```ts
 * const agent = await trainWith('iql', dataset, { steps: 100, seed: 1 });
 * ```
 */
export function trainWith<K extends TrainManyAlgorithm>(algorithm: K, dataset: Dataset, config: Partial<TrainManyConfigs[K]>): Promise<Agent> {
  const entry: AlgorithmEntry<K> = TRAIN_MANY_ALGORITHMS[algorithm];
  return entry.train(dataset, config);
}

/**
 * Resolves and validates one config of an algorithm (defaults, preset, checks), throwing the
 * trainer's own RangeError for a bad field.
 *
 * @example
 * ```ts
 * resolveWith('bc', { topFraction: 0.1 }).batchSize; // 256
 * ```
 */
export function resolveWith<K extends TrainManyAlgorithm>(algorithm: K, config: Partial<TrainManyConfigs[K]>): TrainManyConfigs[K] {
  const entry: AlgorithmEntry<K> = TRAIN_MANY_ALGORITHMS[algorithm];
  return entry.resolve(config);
}
