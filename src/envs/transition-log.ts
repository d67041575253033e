import type { DiscreteSpace } from '../types';

/**
 * A plain log of transitions in the column layout `createDataset` accepts, as produced by the
 * reference dataset builders (`banditDataset`, `twoStepChainDataset`).
 *
 * Row `i` is the transition `(observations[i], actions[i], rewards[i], nextObservations[i])`;
 * `terminals[i]` is 1 when `nextObservations[i]` is a true terminal state (no bootstrap).
 *
 * @example
 * ```ts
 * const log: TransitionLog = banditDataset({ size: 4, seed: 1 });
 * log.actions;     // e.g. [1, 0, 0, 1]
 * log.terminals;   // [1, 1, 1, 1]
 * ```
 */
export interface TransitionLog {
  /** `[rows][observationDim]`. */
  observations: number[][];
  /** `[rows]` action indices. */
  actions: number[];
  /** `[rows]`. */
  rewards: number[];
  /** `[rows][observationDim]`: the observation after each transition. */
  nextObservations: number[][];
  /** `[rows]`, 1 where the transition ends in a true terminal state. */
  terminals: number[];
  /** The discrete action space the actions index into. */
  actionSpace: DiscreteSpace;
}
