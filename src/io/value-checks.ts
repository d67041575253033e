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
  let k = 0;
  // One tight loop per check (this runs over every value of large files).
  if (check === 'flag') {
    while (k < n && (values[k] === 0 || values[k] === 1)) k++;
  } else {
    while (k < n && values[k] - values[k] === 0) k++;
  }
  if (k < n) {
    const v = values[k];
    const text = check === 'flag' ? `= ${v} is not a 0/1 flag` : Number.isNaN(v) ? 'is NaN' : `is ${v}`;
    return { row: Math.floor(k / width), column: k % width, text };
  }
  return null;
}

/** Index of the first NaN or ±Infinity in `array[from, to)`, or −1 (kept monomorphic: it scans whole columns). */
function firstNonFinite(array: Float32Array, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const v = array[k];
    if (v - v !== 0) return k;
  }
  return -1;
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
  const fail = (row: number, column: number, text: string): never => {
    throw new DatasetFileError(path, name, firstRow + row, `column '${name}' ${rowText(firstRow + row, column, width)} ${text}`);
  };
  if (check === 'flag') {
    // Flags are checked before conversion, so 0.5 or 2 in any type is caught.
    const bad = firstBadValue(values, count, width, 'flag');
    if (bad !== null) fail(bad.row, bad.column, bad.text);
  }
  const { array, row: destRow, stride, offset } = target;
  const contiguous = stride === width && offset === 0 && values.length === count * width;
  if (contiguous) {
    array.set(values, destRow * stride);
  } else {
    for (let r = 0; r < count; r++) {
      const base = (destRow + r) * stride + offset;
      for (let c = 0; c < width; c++) array[base + c] = values[r * width + c];
    }
  }
  if (check !== 'finite') return;
  // Checked after conversion, on the float32 values (one fast loop): catches NaN, ±Infinity and
  // finite values of wider types that overflow float32.
  const describe = (r: number, c: number): never => {
    const v = values[r * width + c];
    return fail(r, c, Number.isNaN(v) ? 'is NaN' : Number.isFinite(v) ? `= ${v} is outside the float32 range` : `is ${v}`);
  };
  if (contiguous) {
    const from = destRow * stride;
    const bad = firstNonFinite(array, from, from + count * stride);
    if (bad >= 0) describe(Math.floor((bad - from) / width), (bad - from) % width);
    return;
  }
  for (let r = 0; r < count; r++) {
    const base = (destRow + r) * stride + offset;
    for (let c = 0; c < width; c++) {
      const stored = array[base + c];
      if (stored - stored !== 0) describe(r, c);
    }
  }
}
