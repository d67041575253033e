import type { ActionSpace } from '../types';

/**
 * An offline RL dataset: one row per transition `(s, a, r, s′)`, stored as flat row-major
 * `Float32Array` columns, plus the episode structure.
 *
 * Two flags per row keep apart what other libraries mix into one `done`:
 * - `terminals[i] = 1`: the transition ends in a true terminal state, so `s′` has no value and the
 *   TD target is `r` alone (the bootstrap is cut). Often called `done`, `1 − mask` or `terminations`.
 * - `timeouts[i] = 1`: the episode was cut by a time limit; the transition still bootstraps from
 *   `s′` when `s′` is known. Often called `truncations` or `time_limit`.
 *
 * Each row's **next action** `a′` (ReBRAC, SARSA-style critics) is the following row's action in the
 * same episode; it is derived, not stored (`datasetNextActions(dataset)`, and the sampler's
 * `nextActions` option), and unknown at the last row of each episode.
 *
 * Datasets are treated as immutable: the transforms in `offline-rl` (`selectEpisodes`,
 * `scaleRewards`, `normalizeDatasetObservations`, …) return new datasets and may share the columns
 * they leave unchanged with their input. Build one with {@link createDataset}.
 *
 * @example
 * ```ts
 * const ds: Dataset = createDataset({
 *   observations: [[0], [1], [2]],
 *   actions: [[0.5], [-0.5], [0]],
 *   rewards: [0, 0, 1],
 *   terminals: [0, 0, 1],
 * });
 * ds.size;              // 3
 * ds.episodeStarts;     // Int32Array [0, 3]
 * ds.transitionIndices; // Int32Array [0, 1, 2]
 * ```
 */
export interface Dataset {
  /** Number of transitions (rows). */
  readonly size: number;
  /** Width of one observation. */
  readonly observationDim: number;
  /** Box spaces: number of action dimensions; discrete spaces: 1 (one column of action indices). */
  readonly actionDim: number;
  /** The action space the actions lie in. */
  readonly actionSpace: ActionSpace;
  /** `[size × observationDim]`, row-major. */
  readonly observations: Float32Array;
  /** `[size × actionDim]`, row-major; for discrete spaces integer action indices. */
  readonly actions: Float32Array;
  /** `[size]`. */
  readonly rewards: Float32Array;
  /** `[size × observationDim]`, the observation after each transition. */
  readonly nextObservations: Float32Array;
  /** `[size]`, 1 = true terminal: cuts the bootstrap. */
  readonly terminals: Float32Array;
  /** `[size]`, 1 = episode cut by a time limit: still bootstraps. */
  readonly timeouts: Float32Array;
  /** Start row of each episode followed by `size`: episode e is rows [episodeStarts[e], episodeStarts[e+1]). */
  readonly episodeStarts: Int32Array;
  /** Rows whose next observation is known, i.e. usable for TD/bootstrap updates (ascending). */
  readonly transitionIndices: Int32Array;
}
