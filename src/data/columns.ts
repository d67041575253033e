import { DatasetError } from './dataset-error';
import type { ActionSpace } from '../types';

/**
 * A numeric matrix column of dataset input: one array per row (`number[][]`, an array of typed
 * arrays), or one flat row-major array (`Float32Array`, `Float64Array`, `number[]`, …) whose width
 * is its length divided by the number of rows.
 *
 * @example
 * ```ts
 * const rows: Column2D = [[0, 1], [2, 3]];
 * const flat: Column2D = new Float32Array([0, 1, 2, 3]); // the same 2 × 2 column
 * ```
 */
export type Column2D = ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;

/**
 * A numeric vector column of dataset input, one value per row: `number[]` or any typed array.
 *
 * @example
 * ```ts
 * const rewards: Column1D = new Float64Array([0, 0.5, 1]);
 * ```
 */
export type Column1D = ArrayLike<number>;

/**
 * A 0/1 flag column of dataset input: `number[]` / typed array of 0 and 1, or `boolean[]`.
 *
 * @example
 * ```ts
 * const terminals: FlagColumn = [false, false, true];
 * ```
 */
export type FlagColumn = ArrayLike<number> | ArrayLike<boolean>;

/** How a matrix column was given: one array per row, or one flat row-major array. */
export interface MatrixShape {
  /** Values per row. */
  width: number;
  /** True when given as one array per row. */
  byRows: boolean;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as { length?: unknown }).length === 'number'
  );
}

/**
 * The array a column is copied into: the column itself when `copy` is false and it is already a
 * Float32Array of the right length (validated in place), else a fresh one.
 */
function destination(column: unknown, length: number, copy: boolean): Float32Array {
  return !copy && column instanceof Float32Array && column.length === length ? column : new Float32Array(length);
}

/** Describes why a value cannot be stored, or returns null when it can (finite in float32). */
function valueProblem(v: unknown, stored: number): string | null {
  if (typeof v !== 'number') return `is not a number (got ${v === null ? 'null' : typeof v})`;
  if (Number.isNaN(v)) return 'is NaN';
  if (v === Infinity) return 'is Infinity';
  if (v === -Infinity) return 'is -Infinity';
  if (!Number.isFinite(stored)) return `= ${v} is outside the float32 range`;
  return null;
}

/**
 * Checks that a required column is an array-like value, throwing a DatasetError otherwise.
 * @internal
 */
export function requireColumn(field: string, column: unknown, what: string): asserts column is ArrayLike<unknown> {
  if (!isArrayLike(column)) {
    const got = column === null ? 'null' : typeof column;
    throw new DatasetError(field, null, `${field} must be ${what}, got ${got}`);
  }
}

/**
 * Finds the width of a matrix column with `rows` rows and checks every row has it.
 * `expectedWidth`, when given, is the width required (for `nextObservations`).
 * @internal
 */
export function matrixShape(
  field: string,
  column: Column2D,
  rows: number,
  rowsSource: string,
  expectedWidth?: number,
): MatrixShape {
  requireColumn(field, column, 'an array of rows or a flat numeric array');
  const first: unknown = column.length > 0 ? column[0] : undefined;
  const byRows = !ArrayBuffer.isView(column) && isArrayLike(first);
  if (!byRows) {
    if (column.length === 0) throw new DatasetError(field, null, `${field} is empty`);
    if (column.length % rows !== 0) {
      throw new DatasetError(
        field,
        null,
        `${field} has ${column.length} values, which is not a whole number of values per row for the ${rows} rows of ${rowsSource}`,
      );
    }
    const width = column.length / rows;
    if (expectedWidth !== undefined && width !== expectedWidth) {
      throw new DatasetError(field, null, `${field} has width ${width}, expected ${expectedWidth}`);
    }
    return { width, byRows };
  }
  if (column.length !== rows) {
    throw new DatasetError(field, null, `${field} has ${column.length} rows but ${rowsSource} has ${rows}`);
  }
  const rowList = column as ReadonlyArray<unknown>;
  const width = expectedWidth ?? (first as ArrayLike<unknown>).length;
  if (width === 0) throw new DatasetError(field, 0, `${field}[0] has width 0; rows need at least one value`);
  for (let i = 0; i < rows; i++) {
    const row = rowList[i];
    if (!isArrayLike(row)) throw new DatasetError(field, i, `${field}[${i}] is not an array`);
    if (row.length !== width) throw new DatasetError(field, i, `${field}[${i}] has width ${row.length}, expected ${width}`);
  }
  return { width, byRows };
}

/**
 * A value check applied while copying actions: inside the box, or an integer index of a discrete space.
 * Returns the problem as text (after `field[i][c] = v `), or null.
 */
function actionProblem(space: ActionSpace, v: number, c: number): string | null {
  if (space.type === 'box') {
    return v < space.low[c] || v > space.high[c] ? `is outside the box [${space.low[c]}, ${space.high[c]}]` : null;
  }
  return Number.isInteger(v) && v >= 0 && v < space.n ? null : `is not an action index in 0 … ${space.n - 1}`;
}

/**
 * Copies a matrix column (already measured by {@link matrixShape}) into a fresh Float32Array (or,
 * with `copy` false, validates a flat Float32Array column in place and returns it),
 * checking every value is a finite number and, when `space` is given, a valid action.
 * @internal
 */
export function copyMatrix(
  field: string,
  column: Column2D,
  rows: number,
  shape: MatrixShape,
  space?: ActionSpace,
  copy = true,
): Float32Array {
  const { width, byRows } = shape;
  const out = byRows ? new Float32Array(rows * width) : destination(column, rows * width, copy);
  const flat = column as ArrayLike<unknown>;
  const rowList = column as ReadonlyArray<ArrayLike<unknown>>;
  const where = (i: number, c: number): string =>
    byRows || width > 1 ? `${field}[${i}][${c}]` : `${field}[${i}]`;
  if (out === column) {
    // An adopted Float32Array (`copy: false`): check it in place with one monomorphic loop.
    for (let k = 0; k < out.length; k++) {
      const v = out[k];
      if (v - v !== 0) throw new DatasetError(field, Math.floor(k / width), `${where(Math.floor(k / width), k % width)} ${valueProblem(v, v)}`);
      if (space !== undefined) {
        const problem = actionProblem(space, v, k % width);
        if (problem !== null) throw new DatasetError(field, Math.floor(k / width), `${where(Math.floor(k / width), k % width)} = ${v} ${problem}`);
      }
    }
    return out;
  }
  for (let i = 0; i < rows; i++) {
    const row = byRows ? rowList[i] : flat;
    const offset = byRows ? 0 : i * width;
    for (let c = 0; c < width; c++) {
      const v = row[offset + c];
      const k = i * width + c;
      out[k] = v as number;
      const stored = out[k];
      if (typeof v !== 'number' || stored - stored !== 0) {
        throw new DatasetError(field, i, `${where(i, c)} ${valueProblem(v, stored)}`);
      }
      if (space !== undefined) {
        const problem = actionProblem(space, v, c);
        if (problem !== null) throw new DatasetError(field, i, `${where(i, c)} = ${v} ${problem}`);
      }
    }
  }
  return out;
}

/**
 * Copies a numeric vector column of `rows` values into a fresh Float32Array (or validates a
 * Float32Array in place when `copy` is false), checking length and finiteness.
 * @internal
 */
export function copyVector(field: string, column: Column1D, rows: number, rowsSource: string, copy = true): Float32Array {
  requireColumn(field, column, 'an array of numbers');
  if (column.length !== rows) {
    throw new DatasetError(field, null, `${field} has ${column.length} rows but ${rowsSource} has ${rows}`);
  }
  const out = destination(column, rows, copy);
  for (let i = 0; i < rows; i++) {
    const v: unknown = column[i];
    out[i] = v as number;
    const stored = out[i];
    if (typeof v !== 'number' || stored - stored !== 0) {
      throw new DatasetError(field, i, `${field}[${i}] ${valueProblem(v, stored)}`);
    }
  }
  return out;
}

/**
 * Copies a 0/1/boolean flag column into a fresh Float32Array of 0 and 1 (or validates a Float32Array
 * of 0 and 1 in place when `copy` is false).
 * @internal
 */
export function copyFlags(field: string, column: FlagColumn, rows: number, rowsSource: string, copy = true): Float32Array {
  requireColumn(field, column, 'an array of 0/1 numbers or booleans');
  if (column.length !== rows) {
    throw new DatasetError(field, null, `${field} has ${column.length} rows but ${rowsSource} has ${rows}`);
  }
  const out = destination(column, rows, copy);
  for (let i = 0; i < rows; i++) {
    const v: unknown = column[i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v !== 0 && v !== false) {
      const shown = typeof v === 'number' ? String(v) : `${String(v)} (${v === null ? 'null' : typeof v})`;
      throw new DatasetError(field, i, `${field}[${i}] = ${shown} is not 0, 1 or a boolean`);
    }
  }
  return out;
}
