import { CategoricalHead, DeterministicHead, DiscretizedHead, GaussianHead, type PolicyHead } from '../heads';
import type { ActionSpace } from '../types';

/**
 * Which policy head an agent's actor uses, as saved in its file.
 *
 * - `gaussian`: the IQL policy, `tanh` mean and state-independent log-std, unsquashed (box spaces);
 * - `deterministic`: `tanh(raw)` (TD3+BC, DDPG-style extraction);
 * - `discretized`: one categorical over `bins` evenly spaced values per action dimension;
 * - `categorical`: discrete action spaces.
 *
 * @example
 * ```ts
 * const spec: HeadSpec = { kind: 'discretized', bins: 41 };
 * ```
 */
export type HeadSpec = { kind: 'gaussian' } | { kind: 'deterministic' } | { kind: 'discretized'; bins: number } | { kind: 'categorical' };

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
 * Builds the head a spec names, checking that it fits the action space. Box heads work in the
 * policy's `[−1, 1]` range (the agent maps to and from the space's own bounds).
 *
 * @example
 * ```ts
 * const head = createHead({ kind: 'deterministic' }, { type: 'box', low: [-1, -1], high: [1, 1] });
 * ```
 */
export function createHead(spec: HeadSpec, space: ActionSpace): PolicyHead {
  if (space.type === 'discrete') {
    if (spec.kind !== 'categorical') throw new RangeError(`a '${spec.kind}' policy head needs a box action space; discrete spaces use 'categorical'`);
    return new CategoricalHead(space.n);
  }
  const dim = space.low.length;
  switch (spec.kind) {
    case 'gaussian':
      return new GaussianHead(dim);
    case 'deterministic':
      return new DeterministicHead(dim);
    case 'discretized':
      return new DiscretizedHead(dim, { bins: spec.bins });
    case 'categorical':
      throw new RangeError("a 'categorical' policy head needs a discrete action space");
  }
}
