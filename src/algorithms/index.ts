/**
 * The algorithms and the one trainer that runs them all.
 *
 * @packageDocumentation
 */
export { COMMON_DEFAULTS, ACTOR_DEFAULTS, COMMON_HINTS, RUNTIME_KEYS, actorLearningRate, cosineDecay } from './config';
export type { CommonConfig, ActorConfig, TrainingProgress, OptionalCommonKey } from './config';
export { defineAlgorithm } from './definition';
export type { AlgorithmDefinition, AnyAlgorithm, AlgorithmParts, StepContext, LearnerDeclaration, MetricTensors, ConfigDefaults, ConfigOf } from './definition';
export { ALGORITHMS, getAlgorithm, algorithmNames, isAlgorithmName, resolveAlgorithmConfig, createTrainer, train } from './registry';
export type { AlgorithmName, AlgorithmConfigs, RegisteredAlgorithm } from './registry';
export type { Trainer, TrainerOptions } from './trainer/trainer';
export { runTrainer, NonFiniteLossError, YIELD_INTERVAL_MS } from './trainer/run';
export { RandomStreams } from './trainer/random-streams';
export { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, readCheckpoint, writeCheckpoint } from './trainer/checkpoint';
export type { TrainerState, DataFingerprint } from './trainer/checkpoint';
export { prepareDataset } from './trainer/prepare-dataset';
export type { PreparedDataset } from './trainer/prepare-dataset';
export { disposeAll } from './trainer/dispose-all';
export { IQL, trainIQL } from './iql';
export { IQL_DEFAULTS, IQL_PRESETS, IQL_HINTS, DDPG_EXTRACTION_BC_ALPHA } from './iql/config';
export type { IQLConfig, IQLPreset } from './iql/config';
export { iqlUpdate } from './iql/update';
export type { IQLParts, IQLRoles } from './iql/update';
export { BC, trainBC, selectTopEpisodes } from './bc';
export { BC_DEFAULTS } from './bc/config';
export type { BCConfig } from './bc/config';
export { bcUpdate } from './bc/update';
export type { BCRoles } from './bc/update';
export { TD3BC, trainTD3BC } from './td3bc';
export { TD3BC_DEFAULTS, DDPG_BC_OVERRIDES, TD3BC_HINTS } from './td3bc/config';
export type { TD3BCConfig, TD3BCVariant } from './td3bc/config';
export { td3bcUpdate } from './td3bc/update';
export type { TD3BCParts, TD3BCRoles } from './td3bc/update';
export { AWAC, trainAWAC } from './awac';
export { AWAC_DEFAULTS, AWAC_PRESETS, AWAC_HINTS, AWAC_LOG_STD_MIN } from './awac/config';
export type { AWACConfig, AWACPreset, AWACWeighting } from './awac/config';
export { awacUpdate, awacWeights } from './awac/update';
export type { AWACParts, AWACRoles } from './awac/update';
export { ReBRAC, trainReBRAC } from './rebrac';
export { REBRAC_DEFAULTS, REBRAC_HINTS } from './rebrac/config';
export type { ReBRACConfig } from './rebrac/config';
export { REBRAC_PRESETS } from './rebrac/presets';
export type { ReBRACPreset } from './rebrac/presets';
export { rebracUpdate, squaredDistance } from './rebrac/update';
export type { ReBRACParts, ReBRACRoles } from './rebrac/update';
export { CQL, trainCQL, selectCQLData } from './cql';
export { CQL_DEFAULTS, CQL_PRESETS, CQL_HINTS, CQL_LOG_STD_RANGE, checkCQLConfig } from './cql/config';
export type { CQLConfig, CQLPreset } from './cql/config';
export { cqlUpdate, repeatRows, INITIAL_LOG_ALPHA_PRIME, MAX_ALPHA_PRIME } from './cql/update';
export { cqlDiscreteUpdate } from './cql/discrete-update';
export { cqlRoles, cqlLearners, scalarRole } from './cql/roles';
export type { CQLRoles, CQLParts, CQLLearner } from './cql/roles';
export { EXTRACTION_METHODS, extractionActorStep, extractionHeadSpec } from './extraction/methods';
export type { ExtractionMethod, ExtractionStepArgs } from './extraction/methods';
export { extractPolicy, EXTRACT_POLICY, EXTRACT_POLICY_DEFAULTS } from './extraction/extract-policy';
export type { ExtractPolicyConfig, ExtractPolicyRoles } from './extraction/extract-policy';
