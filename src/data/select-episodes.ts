import type { Dataset } from './dataset';
import { episodeCount } from './episodes';

/**
 * A new dataset made of the given episodes, in the order given (an episode listed twice appears
 * twice). Rows are copied; `episodeStarts` and `transitionIndices` are rebuilt so that every kept row
 * keeps its episode and its TD usability.
 *
 * @param episodeIds - episode indices in `0 … episodes − 1`, at least one.
 * @throws RangeError when `episodeIds` is empty or holds an index that is not an episode.
 * @example
 * ```ts
 * const ds = createDataset({ observations: [[0], [1], [2]], actions: [[0], [0], [0]],
 *   rewards: [1, 2, 4], terminals: [0, 1, 1] });
 * const last = selectEpisodes(ds, [1]);
 * last.rewards;       // Float32Array [4]
 * last.episodeStarts; // Int32Array [0, 1]
 * ```
 */
export function selectEpisodes(dataset: Dataset, episodeIds: readonly number[]): Dataset {
  const episodes = episodeCount(dataset);
  if (!Array.isArray(episodeIds) || episodeIds.length === 0) {
    throw new RangeError('selectEpisodes: episodeIds must be a non-empty array of episode indices');
  }
  const { episodeStarts, observationDim: od, actionDim: ad } = dataset;
  let size = 0;
  for (let j = 0; j < episodeIds.length; j++) {
    const e = episodeIds[j];
    if (!Number.isInteger(e) || e < 0 || e >= episodes) {
      throw new RangeError(`selectEpisodes: episodeIds[${j}] = ${e} is not an episode index in 0 … ${episodes - 1}`);
    }
    size += episodeStarts[e + 1] - episodeStarts[e];
  }

  const usable = new Uint8Array(dataset.size);
  for (let k = 0; k < dataset.transitionIndices.length; k++) usable[dataset.transitionIndices[k]] = 1;

  const observations = new Float32Array(size * od);
  const nextObservations = new Float32Array(size * od);
  const actions = new Float32Array(size * ad);
  const rewards = new Float32Array(size);
  const terminals = new Float32Array(size);
  const timeouts = new Float32Array(size);
  const starts = new Int32Array(episodeIds.length + 1);
  const kept: number[] = [];
  let row = 0;
  for (let j = 0; j < episodeIds.length; j++) {
    const from = episodeStarts[episodeIds[j]];
    const to = episodeStarts[episodeIds[j] + 1];
    starts[j] = row;
    observations.set(dataset.observations.subarray(from * od, to * od), row * od);
    nextObservations.set(dataset.nextObservations.subarray(from * od, to * od), row * od);
    actions.set(dataset.actions.subarray(from * ad, to * ad), row * ad);
    rewards.set(dataset.rewards.subarray(from, to), row);
    terminals.set(dataset.terminals.subarray(from, to), row);
    timeouts.set(dataset.timeouts.subarray(from, to), row);
    for (let i = from; i < to; i++) if (usable[i] === 1) kept.push(row + i - from);
    row += to - from;
  }
  starts[episodeIds.length] = size;

  return {
    ...dataset,
    size,
    observations,
    actions,
    rewards,
    nextObservations,
    terminals,
    timeouts,
    episodeStarts: starts,
    transitionIndices: Int32Array.from(kept),
  };
}
