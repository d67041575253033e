import { createDataset, DatasetError, type Dataset, type DatasetInput } from 'offline-rl';
import { DatasetFileError } from './dataset-file-error';

/**
 * Builds the Dataset from columns a loader has read and checked, adopting its Float32Arrays
 * (`createDataset(…, { copy: false })`, so no second copy of a large file). A `DatasetError` from
 * createDataset (actions outside the action space, …) becomes a DatasetFileError naming the file.
 *
 * @param where - maps a dataset row to where it is in the file (`'row 5'`, `'episode_3 row 2'`).
 * @param columnNames - the file's name of each dataset field (`{ terminals: 'terminations' }`).
 * @example
 * ```ts
 * const dataset = assembleDataset(path, columns, (row) => `row ${row}`, {});
 * ```
 * @internal
 */
export function assembleDataset(
  path: string,
  input: DatasetInput,
  where: (row: number) => string,
  columnNames: Readonly<Record<string, string>>,
): Dataset {
  try {
    return createDataset(input, { copy: false });
  } catch (error) {
    if (!(error instanceof DatasetError) || error instanceof DatasetFileError) throw error;
    const column = columnNames[error.field] ?? error.field;
    const at = error.index === null || error.field === 'actionSpace' ? '' : ` (${where(error.index)})`;
    const hint = error.field === 'actions' || error.field === 'actionSpace' ? '; pass options.actionSpace to loadDataset' : '';
    throw new DatasetFileError(path, column, error.index, `column '${column}'${at}: ${error.message}${hint}`);
  }
}
