import { DatasetError } from './dataset-error';
import type { ActionSpace } from '../types';

/**
 * Lower bound of every action dimension when `createDataset` gets no `actionSpace`.
 *
 * @example
 * ```ts
 * createDataset({ observations, actions, rewards, terminals }); // box [DEFAULT_ACTION_LOW, DEFAULT_ACTION_HIGH]
 * ```
 */
export const DEFAULT_ACTION_LOW = -1;
/**
 * Upper bound of every action dimension when `createDataset` gets no `actionSpace`.
 *
 * @example
 * ```ts
 * DEFAULT_ACTION_HIGH; // 1
 * ```
 */
export const DEFAULT_ACTION_HIGH = 1;

const FIELD = 'actionSpace';

function boundsOf(name: 'low' | 'high', values: unknown): number[] {
  if (values === null || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') {
    throw new DatasetError(FIELD, null, `${FIELD}.${name} must be an array of numbers`);
  }
  const list = values as ArrayLike<unknown>;
  const out: number[] = [];
  for (let d = 0; d < list.length; d++) {
    const v = list[d];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DatasetError(FIELD, d, `${FIELD}.${name}[${d}] = ${String(v)} is not a finite number`);
    }
    out.push(v);
  }
  return out;
}

/**
 * Checks an action space against the width of the dataset's actions and returns a fresh, normalised
 * copy (plain `number[]` bounds). Without a space, returns the box `[-1, 1]` in every dimension.
 *
 * - box: `low` and `high` of equal, non-zero length, finite, `low[d] ≤ high[d]`, and as many
 *   dimensions as the actions have columns.
 * - discrete: `n` a positive integer, and actions given as one column of indices.
 *
 * @param space - the space given by the user, or `undefined`.
 * @param actionWidth - the number of columns of the actions.
 * @throws DatasetError naming `actionSpace` (bad space) or `actions` (width mismatch).
 * @example
 * ```ts
 * normalizeActionSpace(undefined, 2); // { type: 'box', low: [-1, -1], high: [1, 1] }
 * normalizeActionSpace({ type: 'discrete', n: 3 }, 1); // { type: 'discrete', n: 3 }
 * ```
 */
export function normalizeActionSpace(space: ActionSpace | undefined, actionWidth: number): ActionSpace {
  if (space === undefined) {
    return {
      type: 'box',
      low: new Array<number>(actionWidth).fill(DEFAULT_ACTION_LOW),
      high: new Array<number>(actionWidth).fill(DEFAULT_ACTION_HIGH),
    };
  }
  if (space === null || typeof space !== 'object') {
    throw new DatasetError(FIELD, null, `${FIELD} must be { type: 'box', low, high } or { type: 'discrete', n }`);
  }
  if (space.type === 'discrete') {
    const n: unknown = space.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new DatasetError(FIELD, null, `${FIELD}.n = ${String(n)} must be a positive integer`);
    }
    if (actionWidth !== 1) {
      throw new DatasetError(
        'actions',
        null,
        `actions has width ${actionWidth}, expected 1 (one column of action indices) for a discrete action space`,
      );
    }
    return { type: 'discrete', n };
  }
  if (space.type !== 'box') {
    const type: unknown = (space as { type?: unknown }).type;
    throw new DatasetError(FIELD, null, `${FIELD}.type = ${String(type)} must be 'box' or 'discrete'`);
  }
  const low = boundsOf('low', space.low);
  const high = boundsOf('high', space.high);
  if (low.length !== high.length) {
    throw new DatasetError(FIELD, null, `${FIELD}.low has ${low.length} values but ${FIELD}.high has ${high.length}`);
  }
  if (low.length === 0) throw new DatasetError(FIELD, null, `${FIELD}.low is empty; a box needs at least one dimension`);
  for (let d = 0; d < low.length; d++) {
    if (low[d] > high[d]) {
      throw new DatasetError(FIELD, d, `${FIELD}.low[${d}] = ${low[d]} is greater than ${FIELD}.high[${d}] = ${high[d]}`);
    }
  }
  if (actionWidth !== low.length) {
    throw new DatasetError(
      'actions',
      null,
      `actions has width ${actionWidth} but ${FIELD}.low has ${low.length} dimensions`,
    );
  }
  return { type: 'box', low, high };
}
