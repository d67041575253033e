import type * as tf from '@tensorflow/tfjs-core';

/**
 * A continuous action space: one `[low, high]` interval per action dimension.
 *
 * @example
 * ```ts
 * const space: BoxSpace = { type: 'box', low: [-1, -1], high: [1, 1] };
 * ```
 */
export interface BoxSpace {
  type: 'box';
  /** Lower bound per action dimension. */
  low: number[];
  /** Upper bound per action dimension. */
  high: number[];
}

/**
 * A discrete action space: actions are the integers `0 … n − 1`.
 *
 * @example
 * ```ts
 * const space: DiscreteSpace = { type: 'discrete', n: 2 };
 * ```
 */
export interface DiscreteSpace {
  type: 'discrete';
  /** Number of actions. */
  n: number;
}

/**
 * The action space of a dataset, an environment or an agent.
 *
 * @example
 * ```ts
 * const space: ActionSpace = { type: 'discrete', n: 4 };
 * ```
 */
export type ActionSpace = BoxSpace | DiscreteSpace;

/**
 * A batch of transitions as host typed arrays, row-major, as produced by the minibatch sampler.
 * Discrete actions are stored as integer indices (one column).
 *
 * @example
 * ```ts
 * const host: HostBatch = sampler.sample();
 * host.observations.length === host.size * dataset.observationDim;
 * ```
 */
export interface HostBatch {
  /** Number of rows. */
  size: number;
  /** `[size × observationDim]`. */
  observations: Float32Array;
  /** `[size × actionDim]`; for discrete spaces one column of action indices. */
  actions: Float32Array;
  /** `[size]`. */
  rewards: Float32Array;
  /** `[size × observationDim]`. */
  nextObservations: Float32Array;
  /** `[size]`, 1 where the transition ends in a true terminal state (no bootstrap). */
  terminals: Float32Array;
  /**
   * `[size × actionDim]`, each row's next action (the following row's action in its episode), only
   * when the sampler was asked for it (`nextActions: true`); where unknown, the row's own action.
   */
  nextActions?: Float32Array;
}

/**
 * A batch of transitions on the device. For discrete action spaces `actions` is one-hot `[B, n]`.
 *
 * @example
 * ```ts
 * const batch: Batch = toDeviceBatch(host, dataset.actionSpace);
 * ```
 */
export interface Batch {
  observations: tf.Tensor2D;
  actions: tf.Tensor2D;
  rewards: tf.Tensor1D;
  nextObservations: tf.Tensor2D;
  terminals: tf.Tensor1D;
  /** Each row's next action `a′` (one-hot for discrete spaces), present only for algorithms that ask for it (ReBRAC). */
  nextActions?: tf.Tensor2D;
}

/**
 * Training metrics by namespaced key (`critic/loss`, `value/loss`, `actor/loss`, `actor/std`, …).
 *
 * @example
 * ```ts
 * const m: Metrics = { 'critic/loss': 0.12 };
 * ```
 */
export type Metrics = Record<string, number>;

/**
 * Options of {@link Agent.act}.
 *
 * @example
 * ```ts
 * agent.act([[0, 1]], { deterministic: false, seed: 3 });
 * agent.act([[0, 1], [1, 0]], { deterministic: false, seeds: [3, 4] }); // row 1 as act([[1, 0]], { seed: 4 })
 * ```
 */
export interface ActOptions {
  /** Use the policy's mode (the Gaussian mean, the most probable action). Default `true`. */
  deterministic?: boolean;
  /** Seed for stochastic actions; a fresh seed is drawn from the agent's RNG when absent. */
  seed?: number;
  /**
   * One seed per observation for stochastic actions (takes precedence over `seed`): row `i` is
   * sampled with `seeds[i]` exactly as `act([observations[i]], { seed: seeds[i] })` would, whatever
   * the other rows. Batched evaluation relies on it to give the same episodes at any batch size.
   */
  seeds?: readonly number[];
}

/**
 * What every policy-carrying agent offers; the contract {@link evaluate} relies on.
 *
 * @example
 * ```ts
 * const actions = agent.act([[0.1, 0.2]]); // number[][] (box) or number[] (discrete)
 * ```
 */
export interface Policy {
  /** Observation width the policy expects. */
  readonly observationDim: number;
  /** The action space actions are drawn from. */
  readonly actionSpace: ActionSpace;
  /** Actions for a batch of observations: `number[][]` for box spaces, `number[]` for discrete. */
  act(observations: number[][], options?: ActOptions): number[][] | number[];
}
