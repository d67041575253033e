import type { Dataset, MetadataValue } from 'offline-rl';
import { assembleDataset } from './assemble';
import { DatasetFileError } from './dataset-file-error';
import { columnInfo, readColumnInto, readHdf5, type ColumnInfo, type Hdf5Reader } from './hdf5-file';
import type { ValueCheck } from './value-checks';
import type { LoadDatasetOptions } from './load-options';
import { d4rlNameOfFile, datasetMetadata, metadataValue, scoresFrom, type FileFacts } from './metadata';
import { d4rlReferenceScores } from 'offline-rl';

/** D4RL's column names; `rewards` sets the number of rows. */
const ROWS_COLUMN = 'rewards';

/** Reads a whole column into a fresh Float32Array after checking its row count. */
function readColumn(reader: Hdf5Reader, info: ColumnInfo, rows: number, check: ValueCheck): Float32Array {
  if (info.rows !== rows) {
    throw new DatasetFileError(reader.path, info.name, null, `column '${info.name}' has ${info.rows} rows but '${ROWS_COLUMN}' has ${rows}`);
  }
  const out = new Float32Array(rows * info.width);
  readColumnInto(reader, info, 0, rows, { array: out, row: 0, stride: info.width, offset: 0 }, check);
  return out;
}

function requireVector(reader: Hdf5Reader, info: ColumnInfo): void {
  if (info.width !== 1) {
    throw new DatasetFileError(reader.path, info.name, null, `column '${info.name}' has ${info.width} values per row, expected 1`);
  }
}

/** What the file says about itself: root attributes (`dataset_id`, `ref_min_score`, `ref_max_score`) and `metadata/*` scalars. */
function fileFacts(reader: Hdf5Reader): FileFacts {
  const { h5, file, path } = reader;
  const extra: Record<string, MetadataValue> = {};
  const attrs: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(file.attrs)) attrs[name] = attribute.value;
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'dataset_id' || name === 'ref_min_score' || name === 'ref_max_score') continue;
    const kept = metadataValue(value);
    if (kept !== undefined) extra[name] = kept;
  }
  const group = file.get('metadata');
  if (group instanceof h5.Group) {
    for (const name of group.keys()) {
      const entity = group.get(name);
      if (!(entity instanceof h5.Dataset)) continue;
      const shape = entity.shape;
      // Small values only (scalars, strings, short vectors): policies' weights also live under metadata/.
      if (shape !== null && shape.reduce((a, b) => a * b, 1) > 64) continue;
      const kept = metadataValue(entity.value);
      if (kept !== undefined) extra[`metadata/${name}`] = kept;
    }
  }
  const idAttr = attrs.dataset_id;
  const name = d4rlNameOfFile(path);
  const datasetId = typeof idAttr === 'string' ? idAttr : d4rlReferenceScores(name) === undefined ? undefined : name;
  const referenceScores = scoresFrom(attrs.ref_min_score, attrs.ref_max_score);
  return { datasetId, ...(referenceScores ? { referenceScores } : {}), extra };
}

/**
 * Reads a D4RL-style HDF5 file (see `loadDataset`).
 *
 * @example
 * ```ts
 * const dataset = await loadD4rl('hopper-medium-v2.hdf5', {});
 * ```
 * @internal
 */
export async function loadD4rl(path: string, options: LoadDatasetOptions): Promise<Dataset> {
  const { input, facts } = await readHdf5(path, 'reading D4RL files', (reader) => {
    const rewardsInfo = columnInfo(reader, ROWS_COLUMN, true);
    const observationsInfo = columnInfo(reader, 'observations', true);
    const actionsInfo = columnInfo(reader, 'actions', true);
    const terminalsInfo = columnInfo(reader, 'terminals', true);
    const timeoutsInfo = columnInfo(reader, 'timeouts', false);
    const nextInfo = columnInfo(reader, 'next_observations', false);
    for (const info of [rewardsInfo, terminalsInfo, timeoutsInfo]) if (info) requireVector(reader, info);
    const rows = rewardsInfo.rows;
    if (rows === 0) throw new DatasetFileError(path, ROWS_COLUMN, null, `column '${ROWS_COLUMN}' has 0 rows: the dataset is empty`);
    // Shapes first, so a length mismatch is reported before any large read.
    for (const info of [observationsInfo, actionsInfo, terminalsInfo, timeoutsInfo, nextInfo]) {
      if (info && info.rows !== rows) {
        throw new DatasetFileError(path, info.name, null, `column '${info.name}' has ${info.rows} rows but '${ROWS_COLUMN}' has ${rows}`);
      }
    }
    if (nextInfo && nextInfo.width !== observationsInfo.width) {
      throw new DatasetFileError(
        path,
        nextInfo.name,
        null,
        `column '${nextInfo.name}' has ${nextInfo.width} values per row but 'observations' has ${observationsInfo.width}`,
      );
    }
    return {
      facts: fileFacts(reader),
      input: {
        rewards: readColumn(reader, rewardsInfo, rows, 'finite'),
        terminals: readColumn(reader, terminalsInfo, rows, 'flag'),
        ...(timeoutsInfo ? { timeouts: readColumn(reader, timeoutsInfo, rows, 'flag') } : {}),
        actions: readColumn(reader, actionsInfo, rows, 'finite'),
        observations: readColumn(reader, observationsInfo, rows, 'finite'),
        ...(nextInfo ? { nextObservations: readColumn(reader, nextInfo, rows, 'finite') } : {}),
      },
    };
  });
  return assembleDataset(
    path,
    {
      ...input,
      ...(options.actionSpace ? { actionSpace: options.actionSpace } : {}),
      metadata: datasetMetadata('d4rl', path, facts, options),
    },
    (row) => `row ${row}`,
    { nextObservations: 'next_observations' },
  );
}
