import {
  normalizeDatasetObservations,
  observationStats,
  scaleRewards,
  type Dataset,
  type ObservationStats,
  type RewardPreset,
} from '../data';
import { actionsToUnit } from './action-scaling';

/**
 * The dataset as the networks see it, plus what the agent must remember to act.
 *
 * @example
 * ```ts
 * const { data, observationStats } = prepareDataset(dataset, { rewardPreset: 'none', normalizeObservations: true });
 * ```
 */
export interface PreparedDataset {
  data: Dataset;
  observationStats: ObservationStats | null;
}

/**
 * Applies the training-time transforms in one place: the reward preset, observation standardisation
 * (statistics returned so the agent applies them at `act` time) and, for box spaces, the map of
 * actions to `[−1, 1]` clipped to ±(1 − 1e-5) as the official IQL code does.
 *
 * @example
 * ```ts
 * const prepared = prepareDataset(dataset, { rewardPreset: 'locomotion', normalizeObservations: false });
 * ```
 */
export function prepareDataset(
  dataset: Dataset,
  options: { rewardPreset: RewardPreset; normalizeObservations: boolean },
): PreparedDataset {
  let data = scaleRewards(dataset, options.rewardPreset);
  let stats: ObservationStats | null = null;
  if (options.normalizeObservations) {
    stats = observationStats(data);
    data = normalizeDatasetObservations(data, stats);
  }
  if (data.actionSpace.type === 'box') data = { ...data, actions: actionsToUnit(data.actions, data.actionSpace) };
  return { data, observationStats: stats };
}
