import { Rng, checkSeed } from '../rng';
import type { Dataset } from './dataset';
import { episodeCount } from './episodes';
import { selectEpisodes } from './select-episodes';

/**
 * The two parts of {@link splitEpisodes}: whole episodes, each in exactly one part.
 *
 * @example
 * ```ts
 * const { train, test }: EpisodeSplit = splitEpisodes(dataset, 0.2, 0);
 * ```
 */
export interface EpisodeSplit {
  /** The episodes kept for training, in their original order. */
  train: Dataset;
  /** The held-out episodes, in their original order. */
  test: Dataset;
  /** Episode indices (in the input) of `train`, ascending. */
  trainEpisodes: number[];
  /** Episode indices (in the input) of `test`, ascending. */
  testEpisodes: number[];
}

/**
 * Holds whole episodes out of a dataset, for offline metrics and fitted Q evaluation on data the
 * agent never trained on: `round(fraction · episodes)` episodes (at least one, and at least one left
 * for training), drawn at random with `seed`, go to `test`; the rest to `train`. Both keep the
 * input's episode order and metadata. Splitting by episode, not by row, keeps an episode's
 * transitions together, so held-out returns and initial states are those of complete episodes.
 *
 * @param fraction - share of episodes to hold out, in the open interval (0, 1).
 * @param seed - seed of the draw; the same seed gives the same split.
 * @throws RangeError when the dataset has fewer than two episodes, `fraction` is not in (0, 1), or
 *   `seed` is not a seed.
 * @example
 * ```ts
 * const { train, test } = splitEpisodes(dataset, 0.2, 0);
 * const agent = await trainIQL(train, { steps: 10_000 });
 * const metrics = offlineMetrics(agent, test, { discount: 0.99 });
 * ```
 */
export function splitEpisodes(dataset: Dataset, fraction: number, seed = 0): EpisodeSplit {
  const fn = 'splitEpisodes';
  const episodes = episodeCount(dataset);
  if (episodes < 2) throw new RangeError(`${fn}: the dataset has ${episodes} episode(s); at least 2 are needed to hold some out`);
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new RangeError(`${fn}: fraction must be in the open interval (0, 1), got ${String(fraction)}`);
  }
  checkSeed(fn, seed);
  const held = Math.min(episodes - 1, Math.max(1, Math.round(fraction * episodes)));
  // Partial Fisher–Yates: the first `held` entries become a uniform random subset.
  const order = Array.from({ length: episodes }, (_, e) => e);
  const rng = Rng.named(seed, 'split-episodes');
  for (let i = 0; i < held; i++) {
    const j = i + rng.int(episodes - i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const testEpisodes = order.slice(0, held).sort((a, b) => a - b);
  const isTest = new Uint8Array(episodes);
  for (const e of testEpisodes) isTest[e] = 1;
  const trainEpisodes: number[] = [];
  for (let e = 0; e < episodes; e++) if (isTest[e] === 0) trainEpisodes.push(e);
  return { train: selectEpisodes(dataset, trainEpisodes), test: selectEpisodes(dataset, testEpisodes), trainEpisodes, testEpisodes };
}
