/**
 * Reference environments with a small `reset` / `step` interface, and builders of logged datasets
 * for them.
 *
 * @packageDocumentation
 */
export type { Env, StepResult, ReferenceScores } from './env';
export type { TransitionLog } from './transition-log';
export { bandit, banditDataset } from './bandit';
export type { BanditOptions, BanditDatasetOptions } from './bandit';
export { twoStepChain, twoStepChainDataset, twoStepChainValues, UP, DOWN } from './two-step-chain';
export type {
  ChainAction,
  TwoStepChainOptions,
  TwoStepChainDatasetOptions,
  TwoStepChainValues,
} from './two-step-chain';
export { checkAction, checkDiscreteAction, checkBoxAction } from './check-action';
