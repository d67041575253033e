import { actionsToUnit } from '../../agent/action-scaling';
import {
  normalizeDatasetObservations,
  observationStats as computeObservationStats,
  scaleRewards,
  type Dataset,
  type ObservationStats,
  type RewardPreset,
} from '../../data';

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
 * (with the given statistics — `null` meaning none — or else ones computed from the data when
 * `normalizeObservations`; returned so the agent applies them at `act` time) and, for box spaces,
 * the map of actions to `[−1, 1]` clipped to ±(1 − 1e-5) as the official IQL code does.
 *
 * @example
 * ```ts
 * const prepared = prepareDataset(dataset, { rewardPreset: 'locomotion', normalizeObservations: false });
 * ```
 */
export function prepareDataset(
  dataset: Dataset,
  options: { rewardPreset: RewardPreset; normalizeObservations: boolean; observationStats?: ObservationStats | null },
): PreparedDataset {
  let data = scaleRewards(dataset, options.rewardPreset);
  // Given statistics (an agent's own, null included) win: a run that starts from an agent must see
  // observations exactly as that agent's networks did.
  let stats: ObservationStats | null;
  if (options.observationStats !== undefined) stats = options.observationStats;
  else stats = options.normalizeObservations ? computeObservationStats(data) : null;
  if (stats !== null) data = normalizeDatasetObservations(data, stats);
  if (data.actionSpace.type === 'box') data = { ...data, actions: actionsToUnit(data.actions, data.actionSpace) };
  return { data, observationStats: stats };
}
