import { createDataset, type Dataset } from '../../src/data';
import { continuousDataset } from '../algos/fixtures';

/**
 * {@link continuousDataset} cut into episodes of `episodeLength` rows (terminal at each episode's
 * last row), so most transitions bootstrap: TD targets then read `V(s')` / the target actor's noisy
 * next action, and every random stream of an update matters.
 */
export function episodicContinuousDataset(size: number, seed: number, episodeLength = 8): Dataset {
  const input = continuousDataset(size, seed);
  const terminals = Array.from({ length: size }, (_, i) => ((i + 1) % episodeLength === 0 ? 1 : 0));
  return createDataset({ ...input, terminals });
}
