import type { ActionSpace, ScoreRange } from 'offline-rl';

/**
 * The file formats `loadDataset` reads and `saveDataset` writes:
 * - `'d4rl'`: one HDF5 file of flat columns (`observations`, `actions`, `rewards`, `terminals`,
 *   `timeouts`, optional `next_observations`), as D4RL's `get_dataset()` returns them.
 * - `'minari'`: a Minari dataset folder (`data/main_data.hdf5`, one group per episode, and
 *   `data/metadata.json`).
 * - `'npz'`: a NumPy `.npz` archive in OGBench's layout (`observations`, `actions`, `rewards`,
 *   `terminals` = episode ends, `masks` = 0 at true terminals, optional `next_observations`).
 *
 * @example
 * ```ts
 * const format: DatasetFileFormat = 'minari';
 * ```
 */
export type DatasetFileFormat = 'd4rl' | 'minari' | 'npz';

/**
 * Options of `loadDataset`.
 *
 * @example
 * ```ts
 * const options: LoadDatasetOptions = { datasetId: 'antmaze-umaze-v2', observationKeys: ['observation'] };
 * ```
 */
export interface LoadDatasetOptions {
  /** The format, when the path does not tell (default: from the path; see `loadDataset`). */
  format?: DatasetFileFormat;
  /**
   * The action space. Default: Minari's `action_space` from metadata.json; for D4RL and npz files
   * (which record none) the box `[-1, 1]` in every dimension, as for `createDataset`.
   */
  actionSpace?: ActionSpace;
  /**
   * The dataset's id, kept as `metadata.datasetId` in place of the file's; a D4RL name
   * (`'hopper-medium-v2'`) also picks D4RL's reference scores when the file has none.
   */
  datasetId?: string;
  /** Reference returns for `normalizedScore`, in place of the file's or D4RL's. */
  referenceScores?: ScoreRange;
  /**
   * Minari datasets with a Dict observation space: the keys concatenated, in order, into one
   * observation row. Default `['observation', 'desired_goal']` (goal-conditioned tasks).
   */
  observationKeys?: readonly string[];
}
