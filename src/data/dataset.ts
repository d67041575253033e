import type { ScoreRange } from '../eval/reference-scores';
import type { ActionSpace } from '../types';

/**
 * A JSON-compatible value kept in {@link DatasetMetadata.extra}.
 *
 * @example
 * ```ts
 * const value: MetadataValue = { algorithm_name: 'SAC', author: ['A. B.'] };
 * ```
 */
export type MetadataValue = string | number | boolean | null | readonly MetadataValue[] | { readonly [key: string]: MetadataValue };

/**
 * Where a dataset came from and how to score returns in its environment. `loadDataset` (from
 * `offline-rl/io`) fills it from the file; `createDataset({ …, metadata })` takes it from you.
 * The transforms that keep the environment (`selectEpisodes`, `filterTopEpisodes`, `scaleRewards`,
 * `normalizeDatasetObservations`) keep it, so `normalizedScore(return, dataset)` still works after them.
 *
 * @example
 * ```ts
 * const metadata: DatasetMetadata = {
 *   format: 'd4rl',
 *   datasetId: 'hopper-medium-v2',
 *   referenceScores: { min: -20.272305, max: 3234.3 },
 * };
 * ```
 */
export interface DatasetMetadata {
  /** The file format the rows were read from: `'d4rl'`, `'minari'` or `'npz'` (set by `loadDataset`). */
  readonly format?: string;
  /** The path the rows were read from (set by `loadDataset`). */
  readonly source?: string;
  /** The dataset's id: a D4RL name (`'hopper-medium-v2'`) or a Minari id (`'D4RL/door/human-v2'`). */
  readonly datasetId?: string;
  /**
   * The returns that score 0 and 100 in {@link normalizedScore} (D4RL's `REF_MIN_SCORE` /
   * `REF_MAX_SCORE`, Minari's `ref_min_score` / `ref_max_score`).
   */
  readonly referenceScores?: Readonly<ScoreRange>;
  /** Other facts of the file, JSON-compatible (Minari's metadata.json keys, D4RL's `metadata/*` scalars). */
  readonly extra?: Readonly<Record<string, MetadataValue>>;
}

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
  /** Source and reference scores, when known (see {@link DatasetMetadata}). */
  readonly metadata?: Readonly<DatasetMetadata>;
}
