/**
 * Policy heads: action distributions read from a network's raw output.
 *
 * @packageDocumentation
 */
export type { PolicyHead } from './policy-head';
export { GaussianHead, LOG_STD_MIN, LOG_STD_MAX, INITIAL_LOG_STD, GAUSSIAN_ACTION_BOUND } from './gaussian-head';
export type { GaussianHeadOptions } from './gaussian-head';
export { TanhGaussianHead, TANH_GAUSSIAN_EPS } from './tanh-gaussian-head';
export type { TanhGaussianHeadOptions, SampleWithLogProb } from './tanh-gaussian-head';
export { DeterministicHead } from './deterministic-head';
export { DiscretizedHead, MIN_BINS } from './discretized-head';
export type { DiscretizedHeadOptions } from './discretized-head';
export { CategoricalHead, GUMBEL_UNIFORM_EPS } from './categorical-head';
export { ZERO_SEED_STANDIN } from './check-inputs';
