/**
 * Pure loss functions: tensors in, tensor out; no Variables, optimizer or RNG state.
 *
 * @packageDocumentation
 */
export { expectileLoss } from './expectile-loss';
export type { ExpectileLossOptions } from './expectile-loss';
export { tdTarget } from './td-target';
export type { TdTargetArgs } from './td-target';
export { tdLoss } from './td-loss';
export { awrWeights, AWR_MAX_WEIGHT } from './awr-weights';
export type { AwrWeightsOptions } from './awr-weights';
export { awrLoss } from './awr-loss';
export { bcLoss } from './bc-loss';
export { mseBcLoss } from './mse-bc-loss';
export { ddpgLoss } from './ddpg-loss';
export { acBcLoss, AC_BC_Q_SCALE_FLOOR } from './ac-bc-loss';
export type { AcBcLossArgs, AcBcLossOptions } from './ac-bc-loss';
export { stopGradient } from './stop-gradient';
export { cqlGaps, cqlPenalty, cqlAlphaPrimeLoss } from './cql-penalty';
export type { CqlForm, CqlContinuousArgs, CqlDiscreteArgs, CqlGapOptions, CqlPenaltyOptions } from './cql-penalty';
export { tdLossGradients, expectileLossGradients, acBcLossGradients, cqlCriticLossGradients } from './loss-gradients';
export type { LossGradients, CqlCriticLossInputs } from './loss-gradients';
