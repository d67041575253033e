import type { Dataset } from './dataset';

/**
 * Discount of {@link episodeReturns} when none is given: plain, undiscounted sums.
 *
 * @example
 * ```ts
 * episodeReturns(dataset); // discount DEFAULT_RETURN_DISCOUNT = 1
 * ```
 */
export const DEFAULT_RETURN_DISCOUNT = 1;

/**
 * Options of {@link episodeReturns}.
 *
 * @example
 * ```ts
 * const options: EpisodeReturnOptions = { discount: 0.99 };
 * ```
 */
export interface EpisodeReturnOptions {
  /** Discount factor γ in [0, 1] applied to each episode's rewards from its first row. Default 1 (undiscounted). */
  discount?: number;
}

/**
 * Number of episodes of a dataset.
 *
 * @example
 * ```ts
 * episodeCount(ds); // === ds.episodeStarts.length - 1
 * ```
 */
export function episodeCount(dataset: Dataset): number {
  return dataset.episodeStarts.length - 1;
}

/**
 * The return of every episode, `Σ_t γ^t r_t` over its rows (γ = 1 unless `discount` is given),
 * summed in float64.
 *
 * @throws RangeError when `discount` is not in [0, 1].
 * @example
 * ```ts
 * const ds = createDataset({ observations: [[0], [1], [2]], actions: [[0], [0], [0]],
 *   rewards: [1, 2, 4], terminals: [0, 1, 1] });
 * episodeReturns(ds);                    // Float64Array [3, 4]
 * episodeReturns(ds, { discount: 0.5 }); // Float64Array [2, 4]
 * ```
 */
export function episodeReturns(dataset: Dataset, options: EpisodeReturnOptions = {}): Float64Array {
  const discount = options.discount ?? DEFAULT_RETURN_DISCOUNT;
  if (typeof discount !== 'number' || !(discount >= 0 && discount <= 1)) {
    throw new RangeError(`episodeReturns: discount must be in [0, 1], got ${String(discount)}`);
  }
  const { episodeStarts, rewards } = dataset;
  const returns = new Float64Array(episodeStarts.length - 1);
  for (let e = 0; e < returns.length; e++) {
    let total = 0;
    let weight = 1;
    for (let i = episodeStarts[e]; i < episodeStarts[e + 1]; i++) {
      total += weight * rewards[i];
      weight *= discount;
    }
    returns[e] = total;
  }
  return returns;
}

/**
 * The number of rows of every episode.
 *
 * @example
 * ```ts
 * episodeLengths(ds); // Int32Array [2, 1] for episodeStarts [0, 2, 3]
 * ```
 */
export function episodeLengths(dataset: Dataset): Int32Array {
  const { episodeStarts } = dataset;
  const lengths = new Int32Array(episodeStarts.length - 1);
  for (let e = 0; e < lengths.length; e++) lengths[e] = episodeStarts[e + 1] - episodeStarts[e];
  return lengths;
}
