import type { Agent } from '../agent/agent';
import type { RoleDeclaration } from '../agent/networks';
import type { Dataset } from '../data';
import { AWAC } from './awac';
import { BC } from './bc';
import type { CommonConfig } from './config';
import { CQL } from './cql';
import type { AlgorithmDefinition, AnyAlgorithm, ConfigOf } from './definition';
import { IQL } from './iql';
import { ReBRAC } from './rebrac';
import { TD3BC } from './td3bc';
import { trainAlgorithm } from './trainer/run';
import { createTrainerFor, type Trainer } from './trainer/trainer';
import { resolveConfig } from './trainer/resolve-config';

/**
 * Every algorithm that can be trained by name (`train('iql', …)`, `trainMany`, the command line).
 * Adding an algorithm is one folder and one entry here.
 *
 * @example
 * ```ts
 * ALGORITHMS.map((a) => a.name); // ['iql', 'bc', 'td3bc', 'cql', 'awac', 'rebrac']
 * ```
 */
export const ALGORITHMS = [IQL, BC, TD3BC, CQL, AWAC, ReBRAC] as const;

/**
 * The registered algorithm definitions, as a union.
 *
 * @example
 * ```ts
 * const iql: RegisteredAlgorithm = getAlgorithm('iql');
 * ```
 */
export type RegisteredAlgorithm = (typeof ALGORITHMS)[number];

/**
 * The name of a registered algorithm.
 *
 * @example
 * ```ts
 * const name: AlgorithmName = 'td3bc';
 * ```
 */
export type AlgorithmName = RegisteredAlgorithm['name'];

/**
 * The config type of each registered algorithm, by name: `AlgorithmConfigs['iql']` is `IQLConfig`.
 *
 * @example
 * ```ts
 * const runs: Array<Partial<AlgorithmConfigs['iql']>> = [0, 1, 2].map((seed) => ({ seed, steps: 10_000 }));
 * ```
 */
export type AlgorithmConfigs = { [A in RegisteredAlgorithm as A['name']]: ConfigOf<A> };

/**
 * The registered algorithm called `name`.
 *
 * @throws RangeError naming the known algorithms when there is none.
 * @example
 * ```ts
 * getAlgorithm('iql').trainer; // 'trainIQL'
 * ```
 */
export function getAlgorithm<N extends AlgorithmName>(name: N): Extract<RegisteredAlgorithm, { name: N }>;
export function getAlgorithm(name: string): AnyAlgorithm;
export function getAlgorithm(name: string): AnyAlgorithm {
  const found = (ALGORITHMS as readonly AnyAlgorithm[]).find((a) => a.name === name);
  if (!found) throw new RangeError(`unknown algorithm '${String(name)}'; expected one of ${algorithmNames().map((n) => `'${n}'`).join(', ')}`);
  return found;
}

/**
 * The registered algorithms' names.
 *
 * @example
 * ```ts
 * algorithmNames(); // ['iql', 'bc', 'td3bc', 'cql', 'awac', 'rebrac']
 * ```
 */
export function algorithmNames(): AlgorithmName[] {
  return ALGORITHMS.map((a) => a.name);
}

/**
 * Whether `name` is a registered algorithm.
 *
 * @example
 * ```ts
 * isAlgorithmName('cql'); // true
 * isAlgorithmName('nope'); // false
 * ```
 */
export function isAlgorithmName(name: unknown): name is AlgorithmName {
  return typeof name === 'string' && (ALGORITHMS as readonly AnyAlgorithm[]).some((a) => a.name === name);
}

/**
 * Resolves and validates a config of a registered algorithm (defaults, preset, your fields), throwing
 * the trainer's own RangeError for a bad field.
 *
 * @example
 * ```ts
 * resolveAlgorithmConfig('bc', { topFraction: 0.1 }).batchSize; // 256
 * ```
 */
export function resolveAlgorithmConfig<N extends AlgorithmName>(name: N, config: Partial<AlgorithmConfigs[N]> = {}): AlgorithmConfigs[N] {
  return resolveConfig(getAlgorithm(name as string), config) as AlgorithmConfigs[N];
}

/**
 * Sets up a training run (see {@link Trainer}) of a registered algorithm by name, or of an algorithm
 * definition. The backend must be ready (`await useBackend()`); {@link train} does that and runs it.
 *
 * @example
 * ```ts
 * await useBackend('wasm');
 * const trainer = createTrainer('iql', dataset, { steps: 100 });
 * while (trainer.step < 100) disposeAll(trainer.update());
 * const agent = trainer.finish();
 * ```
 */
export function createTrainer<N extends AlgorithmName>(algorithm: N, dataset: Dataset, config?: Partial<AlgorithmConfigs[N]>): Trainer;
export function createTrainer<N extends string, C extends CommonConfig, R extends Record<string, RoleDeclaration>, L extends string>(
  algorithm: AlgorithmDefinition<N, C, R, L>,
  dataset: Dataset,
  config?: Partial<C>,
): Trainer;
export function createTrainer(algorithm: string | AnyAlgorithm, dataset: Dataset, config: object = {}): Trainer {
  const def = typeof algorithm === 'string' ? getAlgorithm(algorithm) : algorithm;
  return createTrainerFor(def, dataset, config);
}

/**
 * Trains a registered algorithm by name (or an algorithm definition) and returns the agent:
 * `train('iql', dataset, cfg)` is `trainIQL(dataset, cfg)`.
 *
 * @example
 * ```ts
 * const agent = await train('td3bc', dataset, { steps: 10_000, seed: 1 });
 * ```
 */
export function train<N extends AlgorithmName>(algorithm: N, dataset: Dataset, config?: Partial<AlgorithmConfigs[N]>): Promise<Agent>;
export function train<N extends string, C extends CommonConfig, R extends Record<string, RoleDeclaration>, L extends string>(
  algorithm: AlgorithmDefinition<N, C, R, L>,
  dataset: Dataset,
  config?: Partial<C>,
): Promise<Agent>;
export async function train(algorithm: string | AnyAlgorithm, dataset: Dataset, config: object = {}): Promise<Agent> {
  const def = typeof algorithm === 'string' ? getAlgorithm(algorithm) : algorithm;
  return trainAlgorithm(def, dataset, config);
}
