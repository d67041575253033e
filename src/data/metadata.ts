import type { DatasetMetadata, MetadataValue } from './dataset';
import { DatasetError } from './dataset-error';

const FIELD = 'metadata';

function checkString(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new DatasetError(FIELD, null, `${FIELD}.${key} must be a string, got ${typeof value}`);
  return value;
}

/** A deep-frozen copy of a JSON-compatible value; throws naming the key path when it is not one. */
function freezeValue(path: string, value: unknown): MetadataValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DatasetError(FIELD, null, `${FIELD}.${path} = ${value} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return Object.freeze(value.map((v, i) => freezeValue(`${path}[${i}]`, v)));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, MetadataValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = freezeValue(`${path}.${k}`, v);
    return Object.freeze(out);
  }
  throw new DatasetError(FIELD, null, `${FIELD}.${path} is not JSON-compatible (got ${typeof value})`);
}

/**
 * Checks dataset metadata and returns a frozen copy with only the known keys (`format`, `source`,
 * `datasetId`, `referenceScores`, `extra`), or `undefined` when none is given.
 *
 * @throws DatasetError (field `metadata`) for a non-string id/format/source, reference scores that
 *   are not finite or equal, or `extra` values that are not JSON-compatible.
 * @example
 * ```ts
 * checkMetadata({ datasetId: 'hopper-medium-v2', referenceScores: { min: -20.272305, max: 3234.3 } });
 * ```
 * @internal
 */
export function checkMetadata(metadata: DatasetMetadata | undefined): Readonly<DatasetMetadata> | undefined {
  if (metadata === undefined) return undefined;
  if (metadata === null || typeof metadata !== 'object') {
    throw new DatasetError(FIELD, null, `${FIELD} must be an object { format?, source?, datasetId?, referenceScores?, extra? }`);
  }
  const out: { -readonly [K in keyof DatasetMetadata]: DatasetMetadata[K] } = {};
  const format = checkString('format', metadata.format);
  const source = checkString('source', metadata.source);
  const datasetId = checkString('datasetId', metadata.datasetId);
  if (format !== undefined) out.format = format;
  if (source !== undefined) out.source = source;
  if (datasetId !== undefined) out.datasetId = datasetId;
  const ref = metadata.referenceScores;
  if (ref !== undefined) {
    if (ref === null || typeof ref !== 'object' || !Number.isFinite(ref.min) || !Number.isFinite(ref.max) || ref.min === ref.max) {
      const shown = ref === null || typeof ref !== 'object' ? String(ref) : `{ min: ${ref.min}, max: ${ref.max} }`;
      throw new DatasetError(FIELD, null, `${FIELD}.referenceScores must be { min, max } with two different finite numbers, got ${shown}`);
    }
    out.referenceScores = Object.freeze({ min: ref.min, max: ref.max });
  }
  if (metadata.extra !== undefined) {
    const extra = freezeValue('extra', metadata.extra);
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
      throw new DatasetError(FIELD, null, `${FIELD}.extra must be an object of JSON-compatible values`);
    }
    out.extra = extra as Readonly<Record<string, MetadataValue>>;
  }
  return Object.freeze(out);
}
