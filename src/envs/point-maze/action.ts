/**
 * Bound of the point-maze action box per component: actions lie in `[−ACTION_BOUND, ACTION_BOUND]²`.
 *
 * @example
 * ```ts
 * const randomAction = [ACTION_BOUND * (2 * rng.next() - 1), ACTION_BOUND * (2 * rng.next() - 1)];
 * ```
 */
export const ACTION_BOUND = 1;
/** Number of action components (a force along `x` and along `y`). */
const ACTION_DIM = 2;

/**
 * Check a point-maze action and clip it to the box `[−1, 1]²`, as MuJoCo clips a control to its
 * `ctrlrange`: out-of-box values are clipped, not errors; NaN and ±Infinity are errors (a policy
 * that emits them is broken).
 *
 * @param fn - prefix of the error message, e.g. `'point-maze-umaze.step'`.
 * @throws TypeError when `action` is not an array; RangeError when it does not have 2 entries or
 *   an entry is not a finite number.
 * @example
 * ```ts
 * clipPointMazeAction([2, -0.5], 'env.step'); // [1, -0.5]
 * clipPointMazeAction([NaN, 0], 'env.step');  // RangeError
 * ```
 */
export function clipPointMazeAction(action: number | number[], fn: string): [number, number] {
  if (!Array.isArray(action)) {
    throw new TypeError(`${fn}: action must be an array [ax, ay], got ${typeof action}`);
  }
  if (action.length !== ACTION_DIM) {
    throw new RangeError(`${fn}: action [${action.join(', ')}] has ${action.length} entries, expected ${ACTION_DIM}`);
  }
  const out: [number, number] = [0, 0];
  for (let k = 0; k < ACTION_DIM; k++) {
    const v: unknown = action[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: action[${k}] must be a finite number, got ${String(v)}`);
    }
    out[k] = Math.min(ACTION_BOUND, Math.max(-ACTION_BOUND, v));
  }
  return out;
}

/**
 * The action space of the point-maze world: the box `[−1, 1]²` (a fresh object).
 *
 * @example
 * ```ts
 * pointMazeActionSpace(); // { type: 'box', low: [-1, -1], high: [1, 1] }
 * ```
 */
export function pointMazeActionSpace(): { type: 'box'; low: number[]; high: number[] } {
  return { type: 'box', low: [-ACTION_BOUND, -ACTION_BOUND], high: [ACTION_BOUND, ACTION_BOUND] };
}
