import type { Dataset } from './dataset';
import { episodeCount, episodeReturns } from './episodes';
import { selectEpisodes } from './select-episodes';

/**
 * Slack subtracted before rounding `topFraction × episodes` up, so that products such as
 * `0.07 × 100 = 7.000000000000001` keep 7 episodes, not 8.
 */
const FRACTION_ROUNDING_SLACK = 1e-9;

/**
 * The dataset of %BC: the best `ceil(topFraction × episodes)` episodes by undiscounted return
 * (ties go to the lower episode index), kept in their original order.
 *
 * @param topFraction - the fraction of episodes to keep, in (0, 1]; 0.1 is "10%BC".
 * @throws RangeError when `topFraction` is not in (0, 1].
 * @example
 * ```ts
 * const ds = createDataset({ observations: [[0], [1], [2]], actions: [[0], [0], [0]],
 *   rewards: [1, 5, 2], terminals: [1, 1, 1] });
 * filterTopEpisodes(ds, 0.5).rewards; // Float32Array [5, 2]  (ceil(1.5) = 2 best episodes, original order)
 * ```
 */
export function filterTopEpisodes(dataset: Dataset, topFraction: number): Dataset {
  if (typeof topFraction !== 'number' || !(topFraction > 0 && topFraction <= 1)) {
    throw new RangeError(`filterTopEpisodes: topFraction must be in (0, 1], got ${String(topFraction)}`);
  }
  const episodes = episodeCount(dataset);
  const keep = Math.max(1, Math.ceil(topFraction * episodes - FRACTION_ROUNDING_SLACK));
  const returns = episodeReturns(dataset);
  const order = Array.from({ length: episodes }, (_, e) => e);
  order.sort((a, b) => returns[b] - returns[a] || a - b);
  const best = order.slice(0, keep).sort((a, b) => a - b);
  return selectEpisodes(dataset, best);
}
