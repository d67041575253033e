import type { Dataset } from './dataset';
import { DatasetError } from './dataset-error';
import { episodeReturns } from './episodes';

/**
 * A published reward transformation:
 * - `'none'`: rewards unchanged.
 * - `'locomotion'`: `r / (maxEpisodeReturn − minEpisodeReturn) × 1000` (official IQL, MuJoCo locomotion).
 * - `'antmaze'`: `r − 1` (official IQL, AntMaze).
 *
 * @example
 * ```ts
 * const preset: RewardPreset = 'locomotion';
 * ```
 */
export type RewardPreset = 'none' | 'locomotion' | 'antmaze';

/**
 * The locomotion preset rescales rewards so the episode-return range spans this much (official IQL: 1000, the episode length limit).
 *
 * @example
 * ```ts
 * scaleRewards(dataset, 'locomotion'); // r / (max − min return) × LOCOMOTION_RETURN_RANGE
 * ```
 */
export const LOCOMOTION_RETURN_RANGE = 1000;

/**
 * The antmaze preset adds this to every reward (official IQL: −1, so reaching the goal gives 0 and every other step −1).
 *
 * @example
 * ```ts
 * scaleRewards(dataset, 'antmaze'); // r + ANTMAZE_REWARD_SHIFT
 * ```
 */
export const ANTMAZE_REWARD_SHIFT = -1;

const PRESETS: readonly RewardPreset[] = ['none', 'locomotion', 'antmaze'];

/**
 * Applies a reward preset and returns a new dataset (other columns are shared with the input;
 * `'none'` returns the dataset itself).
 * Episode returns for `'locomotion'` use this dataset's episodes (terminals, timeouts, the
 * termination fix, see {@link createDataset}), undiscounted.
 *
 * @throws DatasetError (field `rewards`) for `'locomotion'` when every episode has the same return.
 * @throws RangeError for an unknown preset.
 * @example
 * ```ts
 * const ds = createDataset({ observations: [[0], [1], [2]], actions: [[0], [0], [0]],
 *   rewards: [1, 1, 4], terminals: [0, 1, 1] });
 * scaleRewards(ds, 'antmaze').rewards;    // Float32Array [0, 0, 3]
 * scaleRewards(ds, 'locomotion').rewards; // Float32Array [500, 500, 2000]  (returns 2 and 4: range 2)
 * ```
 */
export function scaleRewards(dataset: Dataset, preset: RewardPreset): Dataset {
  if (!PRESETS.includes(preset)) {
    throw new RangeError(`scaleRewards: unknown preset '${String(preset)}'; expected one of ${PRESETS.join(', ')}`);
  }
  if (preset === 'none') return dataset;
  const rewards = new Float32Array(dataset.size);
  if (preset === 'antmaze') {
    for (let i = 0; i < rewards.length; i++) rewards[i] = dataset.rewards[i] + ANTMAZE_REWARD_SHIFT;
  } else {
    const returns = episodeReturns(dataset);
    let min = Infinity;
    let max = -Infinity;
    for (const r of returns) {
      if (r < min) min = r;
      if (r > max) max = r;
    }
    const range = max - min;
    if (range === 0) {
      throw new DatasetError(
        'rewards',
        null,
        `scaleRewards('locomotion'): all ${returns.length} episodes have the same return (${max}), ` +
          'so rewards cannot be divided by the return range; use another preset',
      );
    }
    for (let i = 0; i < rewards.length; i++) rewards[i] = (dataset.rewards[i] / range) * LOCOMOTION_RETURN_RANGE;
  }
  return { ...dataset, rewards };
}
