import { d4rlReferenceScores, type DatasetMetadata, type MetadataValue, type ScoreRange } from 'offline-rl';
import type { DatasetFileFormat, LoadDatasetOptions } from './load-options';

/**
 * A file name as a D4RL dataset name: the base name without `.hdf5`/`.h5`, lower case, `_` → `-`,
 * and maze2d's `-sparse` dropped (D4RL downloads `hopper_medium_replay-v2.hdf5` for
 * `hopper-medium-replay-v2` and `maze2d-umaze-sparse-v1.hdf5` for `maze2d-umaze-v1`).
 *
 * @example
 * ```ts
 * d4rlNameOfFile('/data/hopper_medium_replay-v2.hdf5'); // 'hopper-medium-replay-v2'
 * ```
 * @internal
 */
export function d4rlNameOfFile(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base
    .replace(/\.(hdf5|h5)$/i, '')
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/^(maze2d-(?:open|umaze|medium|large))-sparse-/, '$1-');
}

/** What a file says about itself. */
export interface FileFacts {
  /** The id the file records, or one its name gives (a known D4RL name). */
  datasetId?: string;
  /** Reference returns the file records. */
  referenceScores?: ScoreRange;
  /** Other facts kept as `metadata.extra`. */
  extra?: Record<string, MetadataValue>;
}

/**
 * The `metadata` of a loaded dataset: the file's facts, overridden by the options; reference
 * scores fall back on D4RL's constants for a known D4RL id.
 *
 * @example
 * ```ts
 * datasetMetadata('d4rl', 'hopper-medium-v2.hdf5', { datasetId: 'hopper-medium-v2' }, {});
 * // { format: 'd4rl', source: 'hopper-medium-v2.hdf5', datasetId: 'hopper-medium-v2', referenceScores: { min: -20.272305, max: 3234.3 } }
 * ```
 * @internal
 */
export function datasetMetadata(
  format: DatasetFileFormat,
  source: string,
  facts: FileFacts,
  options: LoadDatasetOptions,
): DatasetMetadata {
  const datasetId = options.datasetId ?? facts.datasetId;
  const referenceScores =
    options.referenceScores ?? facts.referenceScores ?? (datasetId === undefined ? undefined : d4rlReferenceScores(datasetId));
  return {
    format,
    source,
    ...(datasetId === undefined ? {} : { datasetId }),
    ...(referenceScores === undefined ? {} : { referenceScores: { min: referenceScores.min, max: referenceScores.max } }),
    ...(facts.extra === undefined || Object.keys(facts.extra).length === 0 ? {} : { extra: facts.extra }),
  };
}

/**
 * Reference scores from a pair of numbers a file records (either may be missing or not numeric).
 *
 * @example
 * ```ts
 * scoresFrom(0, 1); // { min: 0, max: 1 }
 * ```
 * @internal
 */
export function scoresFrom(min: unknown, max: unknown): ScoreRange | undefined {
  const lo = typeof min === 'bigint' ? Number(min) : min;
  const hi = typeof max === 'bigint' ? Number(max) : max;
  return typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) && Number.isFinite(hi) && lo !== hi
    ? { min: lo, max: hi }
    : undefined;
}

/**
 * A value read from a file (h5wasm attribute / dataset value) as a JSON-compatible metadata value,
 * or undefined when it is not a small scalar, string or short list.
 *
 * @example
 * ```ts
 * metadataValue(1000000n); // 1000000
 * ```
 * @internal
 */
export function metadataValue(value: unknown): MetadataValue | undefined {
  const MAX_LIST = 64;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const list = Array.from(value as unknown as ArrayLike<number | bigint>, Number);
    return list.length <= MAX_LIST && list.every(Number.isFinite) ? (list.length === 1 ? list[0] : list) : undefined;
  }
  if (Array.isArray(value) && value.length <= MAX_LIST) {
    const list = value.map(metadataValue);
    return list.every((v) => v !== undefined) ? (list as MetadataValue[]) : undefined;
  }
  return undefined;
}
