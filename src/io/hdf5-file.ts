import { stat } from 'node:fs/promises';
import type { Dataset as H5Dataset, File as H5File, Group as H5Group } from 'h5wasm/node';
import { DatasetFileError } from './dataset-file-error';
import { checkHdf5File } from './hdf5-header';
import { loadH5wasm, type H5 } from './optional-packages';
import { copyChecked, type ColumnTarget, type ValueCheck } from './value-checks';

/** HDF5 datatype classes (`H5T_class_t`) that hold numbers a column can be made of. */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_ENUM = 8;

/**
 * Values read per slice: columns are read in row blocks of about this many values, so h5wasm's
 * WebAssembly heap (and the garbage of its copies) holds one block (2 MB of float64) rather than a
 * whole column.
 */
export const READ_BLOCK_VALUES = 1 << 18;

/** An open HDF5 file and the h5wasm module it was opened with. */
export interface Hdf5Reader {
  /** h5wasm's module. */
  readonly h5: H5;
  /** The open file. */
  readonly file: H5File;
  /** The path, for messages. */
  readonly path: string;
}

/**
 * Fails with "does not exist" (or "is a folder") before any parser sees the path.
 *
 * @internal
 * @example
 * ```ts
 * await requireFile('hopper-medium-v2.hdf5');
 * ```
 */
export async function requireFile(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw new DatasetFileError(path, 'file', null, 'does not exist');
    throw error;
  }
  if (!isFile) throw new DatasetFileError(path, 'file', null, 'is not a file');
}

/**
 * Opens an HDF5 file for reading, runs `read`, and closes the file on every path (success or error).
 *
 * @param what - what is being read, for the message when h5wasm is missing.
 * @throws DatasetFileError when the file is missing, not HDF5, truncated or unreadable.
 * @example
 * ```ts
 * const rows = await readHdf5(path, 'reading D4RL files', (r) => columnInfo(r, 'rewards', true)!.rows);
 * ```
 * @internal
 */
export async function readHdf5<T>(path: string, what: string, read: (reader: Hdf5Reader) => T): Promise<T> {
  await requireFile(path);
  await checkHdf5File(path);
  const h5 = await loadH5wasm(what);
  const file = new h5.File(path, 'r');
  // h5wasm does not throw on a failed open: it returns a negative id.
  if (file.file_id < 0n) throw new DatasetFileError(path, 'file', null, 'could not be opened as an HDF5 file (damaged?)');
  try {
    return read({ h5, file, path });
  } finally {
    file.close();
  }
}

/** Where a column lives and its shape. */
export interface ColumnInfo {
  /** The HDF5 dataset. */
  readonly dataset: H5Dataset;
  /** Its path inside the file, as shown in messages (`'observations'`, `'episode_3/actions'`). */
  readonly name: string;
  /** First dimension: one row per transition (or per observation). */
  readonly rows: number;
  /** Product of the other dimensions (1 for a vector). */
  readonly width: number;
}

/** Names of a group's members, for "it has: …" in messages. */
function memberList(group: H5Group): string {
  const keys = group.keys();
  return keys.length === 0 ? 'nothing' : keys.join(', ');
}

/**
 * Finds a numeric column (an HDF5 dataset of integers, floats or booleans with one row per entry).
 *
 * @param required - throw when absent (else return `undefined`).
 * @throws DatasetFileError naming the column when it is missing (and required), a group, a scalar,
 *   or not numeric.
 * @example
 * ```ts
 * const rewards = columnInfo(reader, 'rewards', true)!;
 * ```
 * @internal
 */
export function columnInfo(reader: Hdf5Reader, name: string, required: true): ColumnInfo;
export function columnInfo(reader: Hdf5Reader, name: string, required: boolean): ColumnInfo | undefined;
export function columnInfo(reader: Hdf5Reader, name: string, required: boolean): ColumnInfo | undefined {
  const { h5, file, path } = reader;
  const slash = name.lastIndexOf('/');
  const parentName = slash < 0 ? '/' : name.slice(0, slash);
  const parent = parentName === '/' ? file : file.get(parentName);
  const entity = parent instanceof h5.Group ? parent.get(name.slice(slash + 1)) : null;
  if (entity === null || entity === undefined) {
    if (!required) return undefined;
    const where = parent instanceof h5.Group ? ` (${parentName === '/' ? 'the file' : parentName} has: ${memberList(parent)})` : '';
    throw new DatasetFileError(path, name, null, `has no column '${name}'${where}`);
  }
  if (!(entity instanceof h5.Dataset)) {
    throw new DatasetFileError(path, name, null, `'${name}' is not a column (an HDF5 ${entity.constructor.name})`);
  }
  const metadata = entity.metadata;
  if (metadata.type !== H5T_INTEGER && metadata.type !== H5T_FLOAT && metadata.type !== H5T_ENUM) {
    throw new DatasetFileError(path, name, null, `column '${name}' holds ${String(entity.dtype)} values, expected numbers or booleans`);
  }
  const shape = entity.shape;
  if (shape === null || shape.length === 0) {
    throw new DatasetFileError(path, name, null, `column '${name}' is a scalar, expected one row per entry`);
  }
  const width = shape.slice(1).reduce((a, b) => a * b, 1);
  if (width === 0) throw new DatasetFileError(path, name, null, `column '${name}' has shape [${shape.join(', ')}]: rows of width 0`);
  return { dataset: entity, name, rows: shape[0], width };
}

/** Values of one block as numbers: typed arrays index to numbers, except 64-bit integers (bigint). */
function asNumbers(values: unknown, name: string, path: string): ArrayLike<number> {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float64Array.from(values, Number);
  if (ArrayBuffer.isView(values) && !(values instanceof DataView)) return values as unknown as ArrayLike<number>;
  throw new DatasetFileError(path, name, null, `column '${name}' could not be read as numbers`);
}

/**
 * Reads rows `[from, to)` of a column in blocks of about {@link READ_BLOCK_VALUES} values and hands
 * each block to `visit` (row-major, `count × width` values, starting at row `firstRow`).
 *
 * @example
 * ```ts
 * readRows(reader, info, 0, info.rows, (values, firstRow, count) => out.set(values, firstRow * info.width));
 * ```
 * @internal
 */
export function readRows(
  reader: Hdf5Reader,
  info: ColumnInfo,
  from: number,
  to: number,
  visit: (values: ArrayLike<number>, firstRow: number, count: number) => void,
): void {
  const blockRows = Math.max(1, Math.floor(READ_BLOCK_VALUES / info.width));
  for (let start = from; start < to; start += blockRows) {
    const end = Math.min(to, start + blockRows);
    let block: unknown;
    try {
      block = info.dataset.slice([[start, end]]);
    } catch (error) {
      throw new DatasetFileError(reader.path, info.name, start, `column '${info.name}' rows ${start}…${end - 1} could not be read: ${String(error)}`);
    }
    visit(asNumbers(block, info.name, reader.path), start, end - start);
  }
}

/**
 * Reads rows `[from, to)` of a column into a Float32Array (converting from any numeric type),
 * checking each value: finite numbers that fit in float32, or 0/1 flags.
 *
 * @throws DatasetFileError naming the file, the column and the first bad row (in the column's own numbering).
 * @example
 * ```ts
 * const out = new Float32Array(info.rows * info.width);
 * readColumnInto(reader, info, 0, info.rows, { array: out, row: 0, stride: info.width, offset: 0 }, 'finite');
 * ```
 * @internal
 */
export function readColumnInto(
  reader: Hdf5Reader,
  info: ColumnInfo,
  from: number,
  to: number,
  target: ColumnTarget,
  check: ValueCheck,
): void {
  readRows(reader, info, from, to, (values, firstRow, count) =>
    copyChecked(reader.path, info.name, values, firstRow, count, info.width, { ...target, row: target.row + firstRow - from }, check),
  );
}
