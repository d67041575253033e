/**
 * One bar of a histogram: `count` values fell in `[start, end)` (the last bin also holds its `end`).
 *
 * @example
 * ```ts
 * const bin: HistogramBin = { start: 0, end: 0.5, count: 12 };
 * ```
 */
export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

/**
 * Bins of a histogram when none are asked for: enough to show a shape, few enough to read.
 *
 * @example
 * ```ts
 * histogram(rewards).length; // ≤ DEFAULT_HISTOGRAM_BINS
 * ```
 */
export const DEFAULT_HISTOGRAM_BINS = 40;

/**
 * Counts values into equal-width bins from their minimum to their maximum. Integer values whose
 * range is smaller than `bins` get one unit-wide bin per integer, centred on it (episode lengths
 * 1, 2, 3 → bins [0.5, 1.5), [1.5, 2.5), [2.5, 3.5]); values that are all equal get one bin of
 * width 1 around them. Pure; one pass over the values after min/max, so it suits a million rewards.
 *
 * @throws RangeError when `values` is empty or holds a non-finite number, or `bins` is not a positive integer.
 * @example
 * ```ts
 * histogram([1, 2, 2, 3]);
 * // [{ start: 0.5, end: 1.5, count: 1 }, { start: 1.5, end: 2.5, count: 2 }, { start: 2.5, end: 3.5, count: 1 }]
 * histogram([0, 0.1, 0.9, 1], { bins: 2 });
 * // [{ start: 0, end: 0.5, count: 2 }, { start: 0.5, end: 1, count: 2 }]
 * ```
 */
export function histogram(values: ArrayLike<number>, options: { bins?: number } = {}): HistogramBin[] {
  const bins = options.bins ?? DEFAULT_HISTOGRAM_BINS;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer, got ${String(bins)}`);
  if (values.length === 0) throw new RangeError('histogram: no values');
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) throw new RangeError(`histogram: value ${i} is ${x}`);
    if (x < min) min = x;
    if (x > max) max = x;
    if (integers && !Number.isInteger(x)) integers = false;
  }
  // Unit bins centred on the values when they are all equal or few integers; else `bins` from min to max.
  const unit = min === max || (integers && max - min + 1 <= bins);
  const start = unit ? min - 0.5 : min;
  const width = unit ? 1 : (max - min) / bins;
  const count = unit ? Math.round(max - min) + 1 : bins;
  const end = unit ? max + 0.5 : max;
  const counts = new Array<number>(count).fill(0);
  for (let i = 0; i < values.length; i++) {
    const k = Math.floor((values[i] - start) / width);
    counts[Math.min(Math.max(k, 0), count - 1)] += 1;
  }
  return counts.map((c, k) => ({ start: start + k * width, end: k === count - 1 ? end : start + (k + 1) * width, count: c }));
}
