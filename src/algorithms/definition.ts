import type * as tf from '@tensorflow/tfjs-core';
import type { Agent } from '../agent/agent';
import type { ConfigRecord } from '../agent/agent-spec';
import type { BuiltNetworks, DataShape, RoleDeclaration } from '../agent/networks';
import type { Dataset, RewardPreset } from '../data';
import type { Learner } from '../nets';
import type { Batch } from '../types';
import type { CommonConfig, OptionalCommonKey } from './config';

/**
 * Scalars an update returns (losses, and diagnostics at log steps); read back only at log steps.
 *
 * @example
 * ```ts
 * const m: MetricTensors = trainer.update(true); disposeAll(m);
 * ```
 */
export type MetricTensors = Record<string, tf.Scalar>;

/**
 * The networks and learners of a run, as an algorithm's update sees them: `nets` by role (typed from
 * the algorithm's role declarations), `learners` by name.
 *
 * @example
 * ```ts
 * const loss = parts.learners.value.stepMLP([{ mlp: parts.nets.value, input: s }], lossOfOutputs);
 * ```
 */
export interface AlgorithmParts<R, L extends string> {
  nets: BuiltNetworks<R>;
  learners: Record<L, Learner>;
}

/**
 * What an update knows of the step it is: its index, whether metrics are wanted, and fresh seeds for
 * tfjs random ops from named streams (so that adding a random draw in one place shifts no other).
 *
 * @example
 * ```ts
 * const noise = tf.randomNormal(shape, 0, 1, 'float32', step.seed('target-noise'));
 * ```
 */
export interface StepContext {
  /** The update's index, counted from 0. */
  index: number;
  /** Whether the caller reads metrics this step (diagnostics cost kernels; compute them only then). */
  log: boolean;
  /** A fresh op seed from the run's stream `update/<name>`. */
  seed(name: string): number;
}

/**
 * A learner declaration: which roles' variables one Adam optimizer trains, and its learning rate.
 *
 * @example
 * ```ts
 * const critic: LearnerDeclaration<'critics'> = { roles: ['critics'], learningRate: 3e-4 };
 * ```
 */
export interface LearnerDeclaration<Role extends string> {
  roles: Role[];
  learningRate: number;
}

/**
 * Config fields with defaults: what an algorithm's `defaults` object holds.
 *
 * @example
 * ```ts
 * const defaults: ConfigDefaults<BCConfig> = BC_DEFAULTS;
 * ```
 */
export type ConfigDefaults<C> = Omit<C, OptionalCommonKey | 'preset'>;

/**
 * One algorithm, declared: what the shared trainer ({@link createTrainer}) needs to run it. An
 * algorithm is one folder with its `config.ts` (config type, defaults, presets, validation),
 * `update.ts` (this `update`, readable top to bottom) and `index.ts` (the definition and the one-line
 * trainer); the registry lists it.
 *
 * @example
 * ```ts
 * export const BC = defineAlgorithm({
 *   name: 'bc', trainer: 'trainBC', defaults: BC_DEFAULTS, validate: checkBCConfig,
 *   data: { rows: 'all' },
 *   roles: (cfg, shape) => ({ actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: defaultHeadSpec(shape.actionSpace) }) }),
 *   learners: (cfg) => ({ actor: { roles: ['actor'], learningRate: cfg.learningRate } }),
 *   update: bcUpdate,
 * });
 * ```
 */
export interface AlgorithmDefinition<N extends string, C extends CommonConfig, R extends Record<string, RoleDeclaration>, L extends string> {
  /** The registry name (`trainMany(name, …)`, `agent.spec.algorithm`, checkpoints). */
  name: N;
  /** The user-facing function, for messages (`'trainIQL'`). */
  trainer: string;
  /** Every field's default, defined once. */
  defaults: Readonly<ConfigDefaults<C>>;
  /** Named published recipes, applied between the defaults and the user's fields; none means `preset` is rejected. */
  presets?: Readonly<Record<string, Partial<C>>>;
  /** Fields set by another field's value (TD3+BC's `variant`), applied after the preset and under the user's fields. */
  overrides?(config: Partial<C>): Partial<C> | undefined;
  /** Names other codebases use for this algorithm's fields → ours, for error hints. */
  hints?: Readonly<Record<string, string>>;
  /** Checks the algorithm's own fields (the trainer checks the common ones first); throws a RangeError naming the field. */
  validate(cfg: C, trainer: string): void;
  /** How the dataset is prepared. */
  data?: {
    /** Rows to sample: `'transitions'` (usable for TD updates, the default) or `'all'` (BC needs no next observation). */
    rows?: 'transitions' | 'all';
    /** Checks the dataset fits (e.g. a box action space) and selects the rows to train on (e.g. %BC); runs before every transform. */
    select?(dataset: Dataset, cfg: C, trainer: string): Dataset;
    /** The reward transform (default `'none'`). */
    rewardPreset?(cfg: C): RewardPreset;
    /**
     * The batch carries each row's next action (`batch.nextActions`, see `datasetNextActions`). Rows
     * are then the transitions whose next action is known or whose bootstrap is cut (a terminal
     * needs no `a′`): an episode's last row ended by a timeout or the end of the data is left out.
     */
    nextActions?: boolean;
  };
  /** The network roles, by name: architectures and target copies (`targetOf('critics')`). One must be `actor` (an `actorRole`): the agent acts with it. */
  roles(cfg: C, shape: DataShape): R;
  /** The optimizers, by name, each over some roles' variables (`shape` as `roles` gets it: e.g. no actor optimizer on discrete data). */
  learners(cfg: C, shape: DataShape): Record<L, LearnerDeclaration<Extract<keyof R, string>>>;
  /** One update, in the paper's order. */
  update(parts: AlgorithmParts<R, L>, batch: Batch, cfg: C, step: StepContext): MetricTensors;
  /** Starts the networks from an existing agent's (post-hoc extraction); `source` is required when present. */
  initialize?(nets: BuiltNetworks<R>, source: Agent, cfg: C): void;
  /** The `algorithm` recorded in the agents it trains (default `name`). */
  agentAlgorithm?(source: Agent | undefined): string;
  /** The config recorded in the agents it trains (default: the source agent's, then the JSON-safe fields of `cfg`). */
  agentConfig?(cfg: C, source: Agent | undefined): ConfigRecord;
}

/**
 * Any algorithm definition, whatever its config and roles (the registry's element type). Its methods
 * are declared with method syntax, so a definition of a specific config type is one of these.
 *
 * @example
 * ```ts
 * const all: AnyAlgorithm[] = [IQL, BC, TD3BC];
 * ```
 */
export type AnyAlgorithm = AlgorithmDefinition<string, CommonConfig, Record<string, RoleDeclaration>, string>;

/**
 * Identity with type inference: declares an algorithm so that its update's `parts` are typed from
 * its role declarations.
 *
 * @example
 * ```ts
 * export const TD3BC = defineAlgorithm({ name: 'td3bc', … });
 * ```
 */
export function defineAlgorithm<N extends string, C extends CommonConfig, R extends Record<string, RoleDeclaration>, L extends string>(
  definition: AlgorithmDefinition<N, C, R, L>,
): AlgorithmDefinition<N, C, R, L> {
  return Object.freeze(definition);
}

/**
 * The config type of an algorithm definition.
 *
 * @example
 * ```ts
 * type C = ConfigOf<typeof IQL>; // IQLConfig
 * ```
 */
export type ConfigOf<A> = A extends AlgorithmDefinition<string, infer C, infer _R, infer _L> ? C : never;
