import { DatasetError } from 'offline-rl';

/**
 * Thrown by `loadDataset` / `saveDataset` when a dataset file cannot be read or written: the
 * message starts with the file's path and names the column and, where one row is at fault, the
 * first bad row. A `DatasetError` (from `offline-rl`), so `err.field` is the column and `err.index` the row.
 *
 * @example
 * ```ts
 * try {
 *   await loadDataset('hopper-medium-v2.hdf5');
 * } catch (e) {
 *   if (e instanceof DatasetFileError) console.log(e.path, e.field, e.index); // 'hopper-medium-v2.hdf5' 'observations' 4
 * }
 * ```
 */
export class DatasetFileError extends DatasetError {
  /** The file or folder at fault. */
  readonly path: string;

  /**
   * @param path - the file or folder.
   * @param field - the column at fault (as named in the file, e.g. `'episode_3/observations'`), or `'file'`.
   * @param index - the first bad row, or `null`.
   * @param detail - what is wrong; the message is `${path}: ${detail}`.
   */
  constructor(path: string, field: string, index: number | null, detail: string) {
    super(field, index, `${path}: ${detail}`);
    this.name = 'DatasetFileError';
    this.path = path;
  }
}
