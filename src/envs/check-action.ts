import type { ActionSpace, BoxSpace } from '../types';

/**
 * Check that `action` is an action of a discrete space with `n` actions and return it as an
 * integer. A one-element array (the one-column layout of discrete actions in a batch) is accepted.
 *
 * @param envName - prefix of the error message, e.g. `'bandit.step'`.
 * @throws RangeError naming the action when it is not an integer in `[0, n)`.
 *
 * @example
 * ```ts
 * checkDiscreteAction(1, 2, 'bandit.step');   // 1
 * checkDiscreteAction([1], 2, 'bandit.step'); // 1
 * checkDiscreteAction(2, 2, 'bandit.step');   // RangeError: action 2 is outside …
 * ```
 */
export function checkDiscreteAction(action: number | number[], n: number, envName: string): number {
  let a: unknown = action;
  if (Array.isArray(action)) {
    if (action.length !== 1) {
      throw new RangeError(
        `${envName}: action [${action.join(', ')}] must be one integer in [0, ${n - 1}] for a discrete space`,
      );
    }
    a = action[0];
  }
  if (typeof a !== 'number') {
    throw new TypeError(`${envName}: action must be an integer, got ${typeof a}`);
  }
  if (!Number.isInteger(a) || a < 0 || a >= n) {
    throw new RangeError(`${envName}: action ${a} is outside the discrete space {0, …, ${n - 1}}`);
  }
  return a;
}

/**
 * Check that `action` lies in the box `space` and return a fresh copy of it. A bare number is
 * accepted for one-dimensional boxes.
 *
 * @param envName - prefix of the error message.
 * @throws RangeError naming the action when its width is wrong or an entry is outside `[low, high]`.
 *
 * @example
 * ```ts
 * checkBoxAction([0.5], { type: 'box', low: [-1], high: [1] }, 'env.step'); // [0.5]
 * checkBoxAction([2], { type: 'box', low: [-1], high: [1] }, 'env.step');   // RangeError
 * ```
 */
export function checkBoxAction(action: number | number[], space: BoxSpace, envName: string): number[] {
  let vector: unknown[];
  if (typeof action === 'number') vector = [action];
  else if (Array.isArray(action)) vector = action;
  else throw new TypeError(`${envName}: action must be an array of numbers, got ${typeof action}`);
  const width = space.low.length;
  if (vector.length !== width) {
    throw new RangeError(`${envName}: action [${vector.join(', ')}] has ${vector.length} entries, expected ${width}`);
  }
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const v = vector[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < space.low[i] || v > space.high[i]) {
      throw new RangeError(
        `${envName}: action [${vector.join(', ')}] is outside the box at index ${i}: ` +
          `${String(v)} not in [${space.low[i]}, ${space.high[i]}]`,
      );
    }
    out.push(v);
  }
  return out;
}

/**
 * Check that `action` lies in `space` and return it in canonical form: an integer for discrete
 * spaces ({@link checkDiscreteAction}), a fresh vector for box spaces ({@link checkBoxAction}).
 *
 * @example
 * ```ts
 * checkAction(1, { type: 'discrete', n: 2 }, 'bandit.step'); // 1
 * checkAction(3, { type: 'discrete', n: 2 }, 'bandit.step'); // RangeError
 * ```
 */
export function checkAction(action: number | number[], space: ActionSpace, envName: string): number | number[] {
  return space.type === 'discrete'
    ? checkDiscreteAction(action, space.n, envName)
    : checkBoxAction(action, space, envName);
}
