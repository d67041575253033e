import { readFile } from 'node:fs/promises';
import type { Dataset, MetadataValue } from 'offline-rl';
import { assembleDataset } from './assemble';
import { DatasetFileError } from './dataset-file-error';
import { requireFile } from './hdf5-file';
import type { LoadDatasetOptions } from './load-options';
import { datasetMetadata, scoresFrom, type FileFacts } from './metadata';
import { parseNpy, type NpyArray } from './npy';
import { loadFflate } from './optional-packages';
import { copyChecked, firstBadValue, rowText, type ValueCheck } from './value-checks';

/** OGBench's columns (ogbench/utils.py); `rewards` sets the number of rows. */
const REQUIRED = ['observations', 'actions', 'rewards', 'terminals', 'masks'] as const;
const OPTIONAL = ['next_observations'] as const;
/** Small arrays offline-rl's saveDataset adds; read when present. */
const METADATA_MEMBERS = ['dataset_id', 'ref_min_score', 'ref_max_score'] as const;
const ROWS_COLUMN = 'rewards';
/** Zip local-file and empty-archive signatures ("PK\x03\x04", "PK\x05\x06"). */
const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];

/** A column as float32, checked; a float32 array is adopted, others are converted. */
function checkedColumn(path: string, name: string, array: NpyArray, rows: number, check: ValueCheck): Float32Array {
  const values = array.values;
  if (typeof values[0] === 'string') throw new DatasetFileError(path, name, null, `column '${name}' holds text, expected numbers`);
  const numbers = values as ArrayLike<number>;
  const width = array.shape.slice(1).reduce((a, b) => a * b, 1);
  if (array.shape.length === 0 || width === 0) {
    throw new DatasetFileError(path, name, null, `column '${name}' has shape [${array.shape.join(', ')}], expected one row per transition`);
  }
  if (array.shape[0] !== rows) {
    throw new DatasetFileError(path, name, null, `column '${name}' has ${array.shape[0]} rows but '${ROWS_COLUMN}' has ${rows}`);
  }
  if (numbers instanceof Float32Array) {
    const bad = firstBadValue(numbers, rows, width, check);
    if (bad !== null) {
      throw new DatasetFileError(path, name, bad.row, `column '${name}' ${rowText(bad.row, bad.column, width)} ${bad.text}`);
    }
    return numbers;
  }
  const out = new Float32Array(rows * width);
  copyChecked(path, name, numbers, 0, rows, width, { array: out, row: 0, stride: width, offset: 0 }, check);
  return out;
}

function widthOf(array: NpyArray): number {
  return array.shape.slice(1).reduce((a, b) => a * b, 1);
}

function scalar(array: NpyArray | undefined): unknown {
  return array !== undefined && array.values.length === 1 ? array.values[0] : undefined;
}

/**
 * Reads an OGBench-style `.npz` archive (see `loadDataset`).
 *
 * @example
 * ```ts
 * const dataset = await loadNpz('cube-single-play-v0.npz', {});
 * ```
 * @internal
 */
export async function loadNpz(path: string, options: LoadDatasetOptions): Promise<Dataset> {
  await requireFile(path);
  const { unzipSync } = await loadFflate('reading .npz files');
  const bytes = new Uint8Array(await readFile(path));
  if (!ZIP_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) {
    throw new DatasetFileError(path, 'file', null, `is not a .npz archive (no zip signature; ${bytes.length} bytes)`);
  }
  const members: string[] = [];
  const wanted = new Set<string>([...REQUIRED, ...OPTIONAL, ...METADATA_MEMBERS].map((n) => `${n}.npy`));
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        members.push(file.name.replace(/\.npy$/, ''));
        return wanted.has(file.name);
      },
    });
  } catch (error) {
    throw new DatasetFileError(path, 'file', null, `could not be read as a zip archive (truncated or damaged?): ${(error as Error).message}`);
  }
  const arrays: Record<string, NpyArray> = {};
  for (const [file, content] of Object.entries(files)) {
    const name = file.replace(/\.npy$/, '');
    try {
      arrays[name] = parseNpy(content);
    } catch (error) {
      throw new DatasetFileError(path, name, null, `member '${file}' ${(error as Error).message}`);
    }
  }
  for (const name of REQUIRED) {
    if (arrays[name] === undefined) {
      throw new DatasetFileError(path, name, null, `has no column '${name}' (the archive has: ${members.join(', ') || 'nothing'})`);
    }
  }
  const rows = arrays.rewards.shape[0] ?? 0;
  if (rows === 0) throw new DatasetFileError(path, ROWS_COLUMN, null, `column '${ROWS_COLUMN}' has 0 rows: the dataset is empty`);
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    const array = arrays[name];
    if (array && array.shape[0] !== rows) {
      throw new DatasetFileError(path, name, null, `column '${name}' has ${array.shape[0] ?? 0} rows but '${ROWS_COLUMN}' has ${rows}`);
    }
  }
  for (const name of ['rewards', 'terminals', 'masks'] as const) {
    if (widthOf(arrays[name]) !== 1) throw new DatasetFileError(path, name, null, `column '${name}' has ${widthOf(arrays[name])} values per row, expected 1`);
  }

  const episodeEnds = checkedColumn(path, 'terminals', arrays.terminals, rows, 'flag');
  const masks = checkedColumn(path, 'masks', arrays.masks, rows, 'flag');
  // OGBench: `terminals` ends an episode, `masks` = 0 cuts the bootstrap. In the library's terms a
  // mask of 0 is a terminal; an episode end with mask 1 is a timeout.
  const terminals = new Float32Array(rows);
  const timeouts = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    terminals[i] = masks[i] === 0 ? 1 : 0;
    timeouts[i] = episodeEnds[i] === 1 && masks[i] === 1 ? 1 : 0;
  }
  const input = {
    observations: checkedColumn(path, 'observations', arrays.observations, rows, 'finite'),
    actions: checkedColumn(path, 'actions', arrays.actions, rows, 'finite'),
    rewards: checkedColumn(path, 'rewards', arrays.rewards, rows, 'finite'),
    terminals,
    timeouts,
    ...(arrays.next_observations ? { nextObservations: checkedColumn(path, 'next_observations', arrays.next_observations, rows, 'finite') } : {}),
  };
  if (arrays.next_observations && widthOf(arrays.next_observations) !== widthOf(arrays.observations)) {
    throw new DatasetFileError(
      path,
      'next_observations',
      null,
      `column 'next_observations' has ${widthOf(arrays.next_observations)} values per row but 'observations' has ${widthOf(arrays.observations)}`,
    );
  }
  const id = scalar(arrays.dataset_id);
  const referenceScores = scoresFrom(scalar(arrays.ref_min_score), scalar(arrays.ref_max_score));
  const extra: Record<string, MetadataValue> = {};
  const facts: FileFacts = { ...(typeof id === 'string' ? { datasetId: id } : {}), ...(referenceScores ? { referenceScores } : {}), extra };
  return assembleDataset(
    path,
    { ...input, ...(options.actionSpace ? { actionSpace: options.actionSpace } : {}), metadata: datasetMetadata('npz', path, facts, options) },
    (row) => `row ${row}`,
    { terminals: 'masks', timeouts: 'terminals', nextObservations: 'next_observations' },
  );
}
