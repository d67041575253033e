/**
 * Datasets of transitions: creation and validation, episodes and returns, %BC filtering,
 * observation normalisation, reward presets, a seeded minibatch sampler and device upload.
 *
 * @module
 */
export type { Dataset, DatasetMetadata, MetadataValue } from './dataset';
export { DatasetError } from './dataset-error';
export type { Column1D, Column2D, FlagColumn } from './columns';
export { createDataset } from './create-dataset';
export { collectDataset } from './collect-dataset';
export type { CollectOptions, CollectPolicy, CollectPolicyFunction, CollectStepInfo } from '../envs/collect-log';
export type { CreateDatasetOptions, DatasetInput } from './create-dataset';
export { TERMINATION_FIX_TOLERANCE } from './episode-boundaries';
export { DEFAULT_RETURN_DISCOUNT, episodeCount, episodeLengths, episodeReturns } from './episodes';
export type { EpisodeReturnOptions } from './episodes';
export { describeDataset, summaryStats } from './describe-dataset';
export type { DatasetDescription, SummaryStats, ActionSummary, EpisodeEndCounts } from './describe-dataset';
export { selectEpisodes } from './select-episodes';
export { filterTopEpisodes } from './top-fraction';
export {
  OBSERVATION_NORM_EPSILON,
  normalizeDatasetObservations,
  normalizeObservations,
  observationStats,
} from './normalize';
export type { ObservationStats } from './normalize';
export { ANTMAZE_REWARD_SHIFT, LOCOMOTION_RETURN_RANGE, scaleRewards } from './reward-presets';
export type { RewardPreset } from './reward-presets';
export { datasetNextActions, nextActionKnown } from './next-actions';
export type { NextActions } from './next-actions';
export { MinibatchSampler } from './sampler';
export type { MinibatchSamplerOptions } from './sampler';
export { oneHotActions, toDeviceBatch } from './device-batch';
