import type { DatasetFileFormat } from './load-options';

/**
 * Options of `saveDataset`.
 *
 * @example
 * ```ts
 * const options: SaveDatasetOptions = { format: 'minari', datasetId: 'my-team/pointmaze-v0' };
 * ```
 */
export interface SaveDatasetOptions {
  /** The format (default: `.npz` → `'npz'`, `.hdf5` / `.h5` → `'d4rl'`, any other path → a `'minari'` folder). */
  format?: DatasetFileFormat;
  /** The id written to the file (default: `dataset.metadata.datasetId`; for Minari, else `<folder name>-v0`). */
  datasetId?: string;
}

/**
 * What `saveDataset` wrote.
 *
 * @example
 * ```ts
 * const { rows, droppedRows } = await saveDataset(dataset, 'out', { format: 'minari' });
 * ```
 */
export interface SaveDatasetResult {
  /** The file or folder written. */
  path: string;
  /** The format written. */
  format: DatasetFileFormat;
  /** Rows (transitions) written. */
  rows: number;
  /** Episodes written. */
  episodes: number;
  /**
   * Rows left out because the format cannot hold them: Minari stores N + 1 observations per episode,
   * so a last row whose next observation is unknown (a timeout row without `nextObservations`) is
   * dropped. 0 for D4RL and npz.
   */
  droppedRows: number;
}
