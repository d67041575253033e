import type { ActionSpace } from '../types';
import type { Dataset } from './dataset';
import { episodeLengths, episodeReturns } from './episodes';
import { observationStats, type ObservationStats } from './normalize';

/**
 * Five numbers that summarise a list of values (computed in float64).
 *
 * @example
 * ```ts
 * const s: SummaryStats = summaryStats([1, 2, 3, 10]);
 * // { count: 4, min: 1, max: 10, mean: 4, std: 3.536…, median: 2.5 }
 * ```
 */
export interface SummaryStats {
  /** Number of values. */
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (divides by `count`, like `np.std`). */
  std: number;
  /** Middle value; the mean of the two middle values when `count` is even. */
  median: number;
}

/**
 * The actions of a dataset, summarised: per-dimension ranges for a box space, counts per action for
 * a discrete one.
 *
 * @example
 * ```ts
 * const a: ActionSummary = describeDataset(ds).actions;
 * if (a.type === 'box') a.min[0]; else a.counts[1];
 * ```
 */
export type ActionSummary =
  | {
      type: 'box';
      /** Smallest action taken in each dimension. */
      min: number[];
      /** Largest action taken in each dimension. */
      max: number[];
      /** Mean action in each dimension. */
      mean: number[];
      /** The space's declared bounds. */
      low: number[];
      high: number[];
    }
  | {
      type: 'discrete';
      /** `counts[k]`: rows that took action `k`, for `k = 0 … n − 1`. */
      counts: number[];
    };

/**
 * How the episodes of a dataset end (each episode counted once, by its last row).
 *
 * @example
 * ```ts
 * const { terminal, timeout, unflagged } = describeDataset(ds).episodeEnds;
 * ```
 */
export interface EpisodeEndCounts {
  /** Last row has the terminal flag (with or without a timeout flag). */
  terminal: number;
  /** Last row has only the timeout flag. */
  timeout: number;
  /** Last row has neither flag: the episode was cut by the end of the data or by the next observation not following on (the termination fix). A dataset with no done signals has only these. */
  unflagged: number;
}

/**
 * What {@link describeDataset} returns: the numbers to check first on a dataset.
 *
 * @example
 * ```ts
 * const d: DatasetDescription = describeDataset(ds);
 * d.episodeLengths.median; // half the episodes are at most this long
 * ```
 */
export interface DatasetDescription {
  /** Transitions (rows). */
  rows: number;
  /** Rows whose next observation is known (usable for TD updates). */
  transitions: number;
  episodes: number;
  observationDim: number;
  actionSpace: ActionSpace;
  /** Rows per episode. */
  episodeLengths: SummaryStats;
  /** Undiscounted return of each episode. */
  episodeReturns: SummaryStats;
  /** Reward of each row. */
  stepRewards: SummaryStats;
  /** Rows with the terminal flag. */
  terminals: number;
  /** Rows with the timeout flag. */
  timeouts: number;
  episodeEnds: EpisodeEndCounts;
  actions: ActionSummary;
  /** Per-dimension mean and population std of the observations. */
  observations: ObservationStats;
}

/**
 * Count, min, max, mean, population std and median of a list of numbers, in float64.
 *
 * @throws RangeError when `values` is empty.
 * @example
 * ```ts
 * summaryStats([1, 2, 3, 10]).median; // 2.5
 * ```
 */
export function summaryStats(values: ArrayLike<number>): SummaryStats {
  const count = values.length;
  if (count === 0) throw new RangeError('summaryStats: no values');
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const x = values[i];
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i] - mean) ** 2;
  const sorted = Float64Array.from(values).sort();
  const half = count >> 1;
  const median = count % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  return { count, min, max, mean, std: Math.sqrt(squares / count), median };
}

function describeActions(dataset: Dataset): ActionSummary {
  const { actions, actionSpace, actionDim: d, size } = dataset;
  if (actionSpace.type === 'discrete') {
    const counts = new Array<number>(actionSpace.n).fill(0);
    for (let i = 0; i < size; i++) counts[actions[i]] += 1;
    return { type: 'discrete', counts };
  }
  const min = new Array<number>(d).fill(Infinity);
  const max = new Array<number>(d).fill(-Infinity);
  const sum = new Float64Array(d);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < d; k++) {
      const a = actions[i * d + k];
      if (a < min[k]) min[k] = a;
      if (a > max[k]) max[k] = a;
      sum[k] += a;
    }
  }
  return { type: 'box', min, max, mean: Array.from(sum, (s) => s / size), low: [...actionSpace.low], high: [...actionSpace.high] };
}

function countEpisodeEnds(dataset: Dataset): EpisodeEndCounts {
  const { episodeStarts, terminals, timeouts } = dataset;
  const ends: EpisodeEndCounts = { terminal: 0, timeout: 0, unflagged: 0 };
  for (let e = 1; e < episodeStarts.length; e++) {
    const last = episodeStarts[e] - 1;
    if (terminals[last] === 1) ends.terminal += 1;
    else if (timeouts[last] === 1) ends.timeout += 1;
    else ends.unflagged += 1;
  }
  return ends;
}

function countFlags(flags: Float32Array): number {
  let n = 0;
  for (let i = 0; i < flags.length; i++) n += flags[i];
  return n;
}

/**
 * The numbers a careful user checks first on a dataset: rows and episodes, episode lengths and
 * returns, step rewards, how many rows carry a terminal or timeout flag and how the episodes end,
 * the actions' range per dimension (counts per action for a discrete space), and the observations'
 * mean and std per dimension. Pure and synchronous; one pass per column.
 *
 * Two things it shows at a glance: a file with no done signals (`terminals` and `timeouts` 0, every
 * episode `unflagged` — AntMaze), and a file whose episodes are mostly tiny (`episodeLengths.median`
 * of 2). `plotDataset` in `offline-rl/plot` draws the same numbers as histograms; `offline-rl inspect`
 * prints them as a table.
 *
 * @example
 * ```ts
 * const ds = createDataset({
 *   observations: [[0], [1], [2], [3], [4]],
 *   actions: [[0.5], [-0.5], [0], [1], [-1]],
 *   rewards: [1, 2, 3, 4, 5],
 *   terminals: [0, 1, 0, 0, 0],
 *   timeouts: [0, 0, 0, 0, 1],
 * });
 * const d = describeDataset(ds);
 * d.episodes;               // 2
 * d.episodeLengths.mean;    // 2.5
 * d.episodeReturns.max;     // 12
 * d.episodeEnds;            // { terminal: 1, timeout: 1, unflagged: 0 }
 * ```
 */
export function describeDataset(dataset: Dataset): DatasetDescription {
  return {
    rows: dataset.size,
    transitions: dataset.transitionIndices.length,
    episodes: dataset.episodeStarts.length - 1,
    observationDim: dataset.observationDim,
    actionSpace: dataset.actionSpace,
    episodeLengths: summaryStats(episodeLengths(dataset)),
    episodeReturns: summaryStats(episodeReturns(dataset)),
    stepRewards: summaryStats(dataset.rewards),
    terminals: countFlags(dataset.terminals),
    timeouts: countFlags(dataset.timeouts),
    episodeEnds: countEpisodeEnds(dataset),
    actions: describeActions(dataset),
    observations: observationStats(dataset),
  };
}
