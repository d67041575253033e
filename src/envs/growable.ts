/**
 * An append-only float32 buffer of fixed-width rows that doubles its capacity as it fills: the
 * column store of {@link collectLog}, so large logs never become arrays of arrays.
 *
 * @example
 * ```ts
 * const buf = new GrowableRows(3);
 * buf.push([1, 2, 3]);
 * buf.toArray(); // Float32Array [1, 2, 3]
 * ```
 */
export class GrowableRows {
  private data: Float32Array;
  private rows = 0;

  /**
   * @param width - values per row.
   * @param capacity - rows to reserve up front (grows past it as needed).
   */
  constructor(
    readonly width: number,
    capacity = 1024,
  ) {
    this.data = new Float32Array(Math.max(1, capacity) * Math.max(1, width));
  }

  /** Number of rows pushed so far. */
  get length(): number {
    return this.rows;
  }

  /** Append one row (`width` values; a bare number when `width` is 1). */
  push(row: ArrayLike<number> | number): void {
    const need = (this.rows + 1) * this.width;
    if (need > this.data.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    const offset = this.rows * this.width;
    if (typeof row === 'number') this.data[offset] = row;
    else for (let j = 0; j < this.width; j++) this.data[offset + j] = row[j];
    this.rows += 1;
  }

  /** Set one value of an already pushed row. */
  set(row: number, column: number, value: number): void {
    this.data[row * this.width + column] = value;
  }

  /** The rows pushed so far, row-major, in a right-sized copy. */
  toArray(): Float32Array {
    return this.data.slice(0, this.rows * this.width);
  }
}
