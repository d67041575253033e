/**
 * The Bellman/TD trainer as a part: {@link createTDLearner} around any critic, with bootstraps for
 * a policy's next action, the batch's next action, a value network, or the greedy discrete action.
 *
 * @module
 */
export { createTDLearner, TD_DEFAULT_LEARNING_RATE, TD_DEFAULT_TARGET_UPDATE_RATE } from './td-learner';
export type { TDLearner, TDLearnerOptions, TDUpdateOptions, TDUpdateResult } from './td-learner';
export { policyBootstrap, batchActionBootstrap, valueBootstrap, greedyBootstrap } from './bootstraps';
export type { TDBatch, TDBootstrap } from './bootstraps';
export { criticCalls, criticOutputsToQ, criticValue, cloneCriticAsTarget } from './critic';
export type { TDCritic } from './critic';
