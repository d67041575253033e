/**
 * From stored cells to the table's numbers: mean ± std of the normalized score over seeds for each
 * task and variant, how many seeds are in, and per-variant training times. Pure.
 */
import type { CellResult } from './results-file';
import type { Cell } from './plan';

/**
 * One table entry: the seeds of one task and variant.
 *
 * @example
 * ```ts
 * const e: TableEntry = { task: 'pendulum-medium', variant: 'iql', scores: [50, 52, 54], mean: 52, std: 1.63, planned: 3, failed: 0 };
 * ```
 */
export interface TableEntry {
  task: string;
  variant: string;
  /** Normalized scores of the finished seeds, in seed order. */
  scores: number[];
  /** Mean of `scores` (undefined when none finished). */
  mean?: number;
  /** Population std of `scores` over seeds (as `np.std`; undefined when none finished). */
  std?: number;
  /** Seeds planned for this entry. */
  planned: number;
  /** Seeds that failed (stored with an error). */
  failed: number;
}

/**
 * Mean and population standard deviation (divides by n, like `np.std`), or undefined for no values.
 *
 * @example
 * ```ts
 * meanStd([1, 3]); // { mean: 2, std: 1 }
 * ```
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } | undefined {
  if (values.length === 0) return undefined;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
  return { mean, std };
}

/**
 * The table's entries, keyed `task/variant`, for every task and variant of the plan (entries with
 * no finished seed included, with no mean).
 *
 * @example
 * ```ts
 * const entries = aggregate(planCells(TASKS, tableVariants(), budget), currentCells(doc, cells));
 * entries.get('pendulum-medium/iql')?.mean;
 * ```
 */
export function aggregate(cells: readonly Cell[], results: ReadonlyMap<string, CellResult>): Map<string, TableEntry> {
  const entries = new Map<string, TableEntry>();
  const sorted = [...cells].sort((a, b) => a.seed - b.seed);
  for (const cell of sorted) {
    const id = `${cell.task.id}/${cell.variant.id}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = { task: cell.task.id, variant: cell.variant.id, scores: [], planned: 0, failed: 0 };
      entries.set(id, entry);
    }
    entry.planned += 1;
    const result = results.get(cell.key);
    if (result === undefined) continue;
    if (result.error !== undefined || result.score === undefined) entry.failed += 1;
    else entry.scores.push(result.score);
  }
  for (const entry of entries.values()) {
    const stats = meanStd(entry.scores);
    if (stats) Object.assign(entry, stats);
  }
  return entries;
}

/**
 * Mean training seconds per cell, by variant and domain, over the finished cells.
 *
 * @example
 * ```ts
 * trainTimes(cells, results).get('iql')?.get('pendulum'); // e.g. 31.4
 * ```
 */
export function trainTimes(cells: readonly Cell[], results: ReadonlyMap<string, CellResult>): Map<string, Map<string, number>> {
  const sums = new Map<string, Map<string, { total: number; n: number }>>();
  for (const cell of cells) {
    const result = results.get(cell.key);
    if (result === undefined || result.error !== undefined) continue;
    const byDomain = sums.get(cell.variant.id) ?? new Map<string, { total: number; n: number }>();
    sums.set(cell.variant.id, byDomain);
    const acc = byDomain.get(cell.task.domain) ?? { total: 0, n: 0 };
    acc.total += result.trainSeconds;
    acc.n += 1;
    byDomain.set(cell.task.domain, acc);
  }
  return new Map([...sums].map(([variant, byDomain]) => [variant, new Map([...byDomain].map(([domain, { total, n }]) => [domain, total / n]))]));
}
