import type { ActionSpace } from '../types';

/**
 * IQL clips dataset actions to ±(1 − 1e-5) before fitting (official code), keeping log-densities
 * finite at the bounds.
 *
 * @example
 * ```ts
 * ACTION_CLIP; // 0.99999
 * ```
 */
export const ACTION_CLIP = 1 - 1e-5;

/**
 * Maps box actions from `[low, high]` to the policy's `[−1, 1]` range and clips them to
 * ±{@link ACTION_CLIP}; discrete actions are returned unchanged. Returns a new array.
 *
 * @example
 * ```ts
 * actionsToUnit(Float32Array.of(0, 10), { type: 'box', low: [0], high: [10] }); // [-0.99999, 0.99999]
 * ```
 */
export function actionsToUnit(actions: Float32Array, space: ActionSpace): Float32Array {
  if (space.type === 'discrete') return actions.slice();
  const dim = space.low.length;
  const out = new Float32Array(actions.length);
  for (let i = 0; i < actions.length; i++) {
    const j = i % dim;
    const unit = (2 * (actions[i] - space.low[j])) / (space.high[j] - space.low[j]) - 1;
    out[i] = Math.min(ACTION_CLIP, Math.max(-ACTION_CLIP, Number.isFinite(unit) ? unit : 0));
  }
  return out;
}

/**
 * Maps policy actions from `[−1, 1]` back to the box `[low, high]` (rows of `number[]`).
 *
 * @example
 * ```ts
 * actionsFromUnit([[0]], { type: 'box', low: [0], high: [10] }); // [[5]]
 * ```
 */
export function actionsFromUnit(actions: number[][], space: ActionSpace & { type: 'box' }): number[][] {
  return actions.map((row) => row.map((a, j) => space.low[j] + ((a + 1) * (space.high[j] - space.low[j])) / 2));
}
