import {
  CategoricalHead,
  DeterministicHead,
  DiscretizedHead,
  GaussianHead,
  LOG_STD_MAX,
  LOG_STD_MIN,
  TanhGaussianHead,
  type PolicyHead,
} from '../heads';
import type { ActionSpace } from '../types';

/**
 * Which policy head an actor uses, with all its options, as saved in an agent file. Options left
 * out take the head's defaults; {@link resolveHeadSpec} fills them in, so a file records every one.
 *
 * - `gaussian`: `tanh` mean, unsquashed; state-independent log-std (the IQL policy) or
 *   `stateDependentStd` (log-std read from the network); log-std clipped to `[logStdMin, logStdMax]`;
 * - `tanh-gaussian`: a Gaussian squashed by `tanh` with state-dependent std (SAC, CQL);
 * - `deterministic`: `tanh(raw)` (TD3+BC, DDPG-style extraction);
 * - `discretized`: one categorical over `bins` evenly spaced values in `[low, high]` per dimension;
 * - `categorical`: discrete action spaces.
 *
 * @example
 * ```ts
 * const spec: HeadSpec = { kind: 'discretized', bins: 41 };
 * const sac: HeadSpec = { kind: 'tanh-gaussian', logStdMin: -20, logStdMax: 2 };
 * ```
 */
export type HeadSpec =
  | { kind: 'gaussian'; stateDependentStd?: boolean; logStdMin?: number; logStdMax?: number }
  | { kind: 'tanh-gaussian'; logStdMin?: number; logStdMax?: number }
  | { kind: 'deterministic' }
  | { kind: 'discretized'; bins: number; low?: number; high?: number }
  | { kind: 'categorical' };

/**
 * The default head for an action space: the IQL Gaussian for box spaces, a categorical for discrete.
 *
 * @example
 * ```ts
 * defaultHeadSpec({ type: 'discrete', n: 4 }); // { kind: 'categorical' }
 * ```
 */
export function defaultHeadSpec(space: ActionSpace): HeadSpec {
  return space.type === 'discrete' ? { kind: 'categorical' } : { kind: 'gaussian' };
}

/**
 * The spec with every option spelled out (the head's defaults where the spec leaves one out).
 *
 * @example
 * ```ts
 * resolveHeadSpec({ kind: 'gaussian' }); // { kind: 'gaussian', stateDependentStd: false, logStdMin: -5, logStdMax: 2 }
 * ```
 */
export function resolveHeadSpec(spec: HeadSpec): HeadSpec {
  switch (spec.kind) {
    case 'gaussian':
      return { kind: 'gaussian', stateDependentStd: spec.stateDependentStd ?? false, logStdMin: spec.logStdMin ?? LOG_STD_MIN, logStdMax: spec.logStdMax ?? LOG_STD_MAX };
    case 'tanh-gaussian':
      return { kind: 'tanh-gaussian', logStdMin: spec.logStdMin ?? LOG_STD_MIN, logStdMax: spec.logStdMax ?? LOG_STD_MAX };
    case 'discretized':
      return { kind: 'discretized', bins: spec.bins, low: spec.low ?? -1, high: spec.high ?? 1 };
    case 'deterministic':
    case 'categorical':
      return { kind: spec.kind };
    default:
      throw new RangeError(`unknown policy head kind '${String((spec as { kind?: unknown }).kind)}'`);
  }
}

/**
 * Builds the head a spec names, checking that it fits the action space. Box heads work in the
 * policy's `[−1, 1]` range (the agent maps to and from the space's own bounds).
 *
 * @example
 * ```ts
 * const head = createHead({ kind: 'deterministic' }, { type: 'box', low: [-1, -1], high: [1, 1] });
 * ```
 */
export function createHead(spec: HeadSpec, space: ActionSpace): PolicyHead {
  const full = resolveHeadSpec(spec);
  if (space.type === 'discrete') {
    if (full.kind !== 'categorical') throw new RangeError(`a '${full.kind}' policy head needs a box action space; discrete spaces use 'categorical'`);
    return new CategoricalHead(space.n);
  }
  const dim = space.low.length;
  switch (full.kind) {
    case 'gaussian':
      return new GaussianHead(dim, { stateDependentStd: full.stateDependentStd, logStdMin: full.logStdMin, logStdMax: full.logStdMax });
    case 'tanh-gaussian':
      return new TanhGaussianHead(dim, { logStdMin: full.logStdMin, logStdMax: full.logStdMax });
    case 'deterministic':
      return new DeterministicHead(dim);
    case 'discretized':
      return new DiscretizedHead(dim, { bins: full.bins, low: full.low, high: full.high });
    case 'categorical':
      throw new RangeError("a 'categorical' policy head needs a discrete action space");
  }
}
