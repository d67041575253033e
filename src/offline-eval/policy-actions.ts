import type { Dataset } from '../data';
import type { ActOptions, ActionSpace, Policy } from '../types';

/**
 * A policy given as a function, as {@link fqe} and {@link offlineMetrics} accept it: observations
 * (rows of `number[]`, the dataset's own units) in, one action per row out — `number[][]` within the
 * box for box spaces, `number[]` of indices for discrete ones. `options` carries `deterministic` and,
 * for stochastic draws, a `seed` to make them repeatable; a function may ignore both.
 *
 * @example
 * ```ts
 * const alwaysUp: PolicyFunction = (observations) => observations.map(() => 0);
 * const noisy: PolicyFunction = (observations, { seed }) => { const rng = new Rng(seed ?? 0); return observations.map(() => [rng.next() * 4 - 2]); };
 * ```
 */
export type PolicyFunction = (observations: number[][], options: ActOptions) => number[][] | number[];

/**
 * A policy to judge offline: an {@link Agent} (or anything with `act`, such as a {@link Policy}), or a
 * {@link PolicyFunction}.
 *
 * @example
 * ```ts
 * const judged: EvaluationPolicy[] = [iqlAgent, bcAgent, (obs) => obs.map(() => [0])];
 * ```
 */
export type EvaluationPolicy = Pick<Policy, 'act'> & Partial<Pick<Policy, 'observationDim' | 'actionSpace'>> | PolicyFunction;

/**
 * Rows per policy call when whole columns are labelled with actions.
 *
 * @example
 * ```ts
 * POLICY_CHUNK_ROWS; // 1024: a 50,000-row dataset takes 49 act calls
 * ```
 */
export const POLICY_CHUNK_ROWS = 1024;

/**
 * `policy` as a function, after checking that an object policy fits the dataset.
 *
 * @throws TypeError when `policy` is neither; RangeError when its observation width or action space differs from the dataset's.
 * @example
 * ```ts
 * const act = policyFunction(agent, dataset, 'fqe');
 * act([[0, 1, 0]], { deterministic: true }); // [0]
 * ```
 */
export function policyFunction(policy: EvaluationPolicy, dataset: Dataset, fn: string): PolicyFunction {
  if (typeof policy === 'function') return policy;
  if (policy === null || typeof policy !== 'object' || typeof policy.act !== 'function') {
    throw new TypeError(`${fn}: policy must be an Agent (an object with act) or a function from observations to actions`);
  }
  if (policy.observationDim !== undefined && policy.observationDim !== dataset.observationDim) {
    throw new RangeError(`${fn}: the policy expects observations of width ${policy.observationDim}, the dataset has ${dataset.observationDim}`);
  }
  if (policy.actionSpace !== undefined && !sameSpace(policy.actionSpace, dataset.actionSpace)) {
    throw new RangeError(`${fn}: the policy's action space ${JSON.stringify(policy.actionSpace)} differs from the dataset's ${JSON.stringify(dataset.actionSpace)}`);
  }
  return (observations, options) => policy.act(observations, options);
}

function sameSpace(a: ActionSpace, b: ActionSpace): boolean {
  if (a.type === 'discrete' || b.type === 'discrete') return a.type === b.type && (a as { n: number }).n === (b as { n: number }).n;
  return a.low.length === b.low.length && a.low.every((v, i) => v === b.low[i]) && a.high.every((v, i) => v === b.high[i]);
}

/**
 * Rows `[from, to)` of a flat row-major column as `number[][]`.
 *
 * @example
 * ```ts
 * rowsOf(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 1, 3); // [[3, 4], [5, 6]]
 * ```
 */
export function rowsOf(column: Float32Array, width: number, from: number, to: number): number[][] {
  const rows: number[][] = new Array(to - from);
  for (let i = from; i < to; i++) rows[i - from] = Array.from(column.subarray(i * width, (i + 1) * width));
  return rows;
}

/**
 * The policy's actions for `observations` (row-major, the dataset's units), checked, as a column in
 * the dataset's units: box `[rows × actionDim]`, discrete indices `[rows]`.
 *
 * @throws RangeError naming the row when the policy returns the wrong count, width, a non-finite
 *   value or an action outside the space.
 * @example
 * ```ts
 * policyActionColumn((o) => o.map(() => [0.5]), dataset.observations, dataset.actionSpace, dataset.observationDim, {}, 'mine');
 * // Float32Array of 0.5, one per row
 * ```
 */
export function policyActionColumn(policy: PolicyFunction, observations: Float32Array, space: ActionSpace, observationDim: number, options: ActOptions, fn: string): Float32Array {
  const rows = observations.length / observationDim;
  const width = space.type === 'box' ? space.low.length : 1;
  const out = new Float32Array(rows * width);
  for (let from = 0; from < rows; from += POLICY_CHUNK_ROWS) {
    const to = Math.min(rows, from + POLICY_CHUNK_ROWS);
    const chunkOptions = options.seed === undefined ? options : { ...options, seed: (options.seed + from) >>> 0 };
    const actions = policy(rowsOf(observations, observationDim, from, to), chunkOptions);
    if (!Array.isArray(actions) || actions.length !== to - from) {
      throw new RangeError(`${fn}: the policy returned ${Array.isArray(actions) ? actions.length : 'no'} actions for ${to - from} observations`);
    }
    for (let i = 0; i < actions.length; i++) {
      const row = from + i;
      const a = actions[i];
      if (space.type === 'discrete') {
        if (!Number.isInteger(a) || (a as number) < 0 || (a as number) >= space.n) {
          throw new RangeError(`${fn}: the policy's action for row ${row} is ${JSON.stringify(a)}, not an action in 0 … ${space.n - 1}`);
        }
        out[row] = a as number;
        continue;
      }
      if (!Array.isArray(a) || a.length !== width) {
        throw new RangeError(`${fn}: the policy's action for row ${row} is ${JSON.stringify(a)}, expected ${width} numbers`);
      }
      for (let j = 0; j < width; j++) {
        const v = a[j];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < space.low[j] || v > space.high[j]) {
          throw new RangeError(`${fn}: the policy's action for row ${row} has ${String(v)} at index ${j}, outside [${space.low[j]}, ${space.high[j]}]`);
        }
        out[row * width + j] = v;
      }
    }
  }
  return out;
}
