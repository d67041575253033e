import { DatasetFileError } from './dataset-file-error';

/**
 * What the values of a column must be: finite numbers that fit in float32, or 0/1 flags.
 * @internal
 */
export type ValueCheck = 'finite' | 'flag';

/**
 * Where {@link copyChecked} writes: value `c` of the block's row `r` goes to
 * `array[(row + r) · stride + offset + c]`.
 * @internal
 */
export interface ColumnTarget {
  /** The destination column. */
  readonly array: Float32Array;
  /** Destination row of the block's first row. */
  readonly row: number;
  /** Values per destination row. */
  readonly stride: number;
  /** Position of the column's first value inside a destination row (Dict observations). */
  readonly offset: number;
}

/**
 * The first value of `values[0 … count·width)` that fails `check`, as its row (relative to the
 * block), value column and a description; null when all pass.
 *
 * @example
 * ```ts
 * firstBadValue(new Float32Array([0, NaN]), 2, 1, 'finite'); // { row: 1, column: 0, text: 'is NaN' }
 * ```
 * @internal
 */
export function firstBadValue(
  values: ArrayLike<number>,
  count: number,
  width: number,
  check: ValueCheck,
): { row: number; column: number; text: string } | null {
  const n = count * width;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    const bad = check === 'flag' ? v !== 0 && v !== 1 : v - v !== 0;
    if (bad) {
      const text = check === 'flag' ? `= ${v} is not a 0/1 flag` : Number.isNaN(v) ? 'is NaN' : `is ${v}`;
      return { row: Math.floor(k / width), column: k % width, text };
    }
  }
  return null;
}

/**
 * Where a value sits, for messages: `row 4` in a vector, `row 4, column 1` in a matrix.
 *
 * @example
 * ```ts
 * rowText(4, 1, 3); // 'row 4, column 1'
 * ```
 * @internal
 */
export function rowText(row: number, column: number, width: number): string {
  return width > 1 ? `row ${row}, column ${column}` : `row ${row}`;
}

/**
 * Copies a block of `count` rows of a column (rows `firstRow …` in the file's numbering) into a
 * Float32Array target, after checking every value; then checks that no finite value overflowed float32.
 *
 * @throws DatasetFileError naming the file, the column and the first bad row.
 * @example
 * ```ts
 * copyChecked('a.npz', 'rewards', values, 0, values.length, 1, { array: out, row: 0, stride: 1, offset: 0 }, 'finite');
 * ```
 * @internal
 */
export function copyChecked(
  path: string,
  name: string,
  values: ArrayLike<number>,
  firstRow: number,
  count: number,
  width: number,
  target: ColumnTarget,
  check: ValueCheck,
): void {
  const bad = firstBadValue(values, count, width, check);
  if (bad !== null) {
    const row = firstRow + bad.row;
    throw new DatasetFileError(path, name, row, `column '${name}' ${rowText(row, bad.column, width)} ${bad.text}`);
  }
  const { array, row: destRow, stride, offset } = target;
  if (stride === width && offset === 0 && values.length === count * width) {
    array.set(values, destRow * stride);
  } else {
    for (let r = 0; r < count; r++) {
      const base = (destRow + r) * stride + offset;
      for (let c = 0; c < width; c++) array[base + c] = values[r * width + c];
    }
  }
  if (check !== 'finite') return;
  for (let r = 0; r < count; r++) {
    const base = (destRow + r) * stride + offset;
    for (let c = 0; c < width; c++) {
      const stored = array[base + c];
      if (stored - stored !== 0) {
        const row = firstRow + r;
        throw new DatasetFileError(path, name, row, `column '${name}' ${rowText(row, c, width)} = ${values[r * width + c]} is outside the float32 range`);
      }
    }
  }
}
