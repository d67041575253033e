import { episodeReturns, type Dataset } from '../data';
import type { ActionSpace } from '../types';
import { POLICY_CHUNK_ROWS, policyActionColumn, policyFunction, rowsOf, type EvaluationPolicy } from './policy-actions';

/**
 * Anything that gives `Q(s, a)` for rows of observations and actions in the dataset's units: an
 * {@link Agent} with critics (IQL, TD3+BC), or an {@link FQEResult} (`Q^π` fitted for the policy).
 *
 * @example
 * ```ts
 * const critic: QFunction = await fqe(bcAgent, dataset); // BC has no critics of its own
 * ```
 */
export interface QFunction {
  q(observations: number[][], actions: number[][] | number[]): number[];
}

/**
 * Discount of {@link offlineMetrics} when none is given.
 *
 * @example
 * ```ts
 * offlineMetrics(agent, test).discount === OFFLINE_METRICS_DISCOUNT; // 0.99
 * ```
 */
export const OFFLINE_METRICS_DISCOUNT = 0.99;

/**
 * Options of {@link offlineMetrics}.
 *
 * @example
 * ```ts
 * const options: OfflineMetricsOptions = { discount: 0.99, success: -200 }; // episodes with return ≥ −200 succeeded
 * ```
 */
export interface OfflineMetricsOptions {
  /** Discount γ in [0, 1] of the TD error and the data's returns. Default {@link OFFLINE_METRICS_DISCOUNT}. */
  discount?: number;
  /**
   * The Q-function the value metrics read. Default: the policy itself when it is an agent with
   * critics; otherwise the value metrics are left out (pass an {@link FQEResult} for agents without critics).
   */
  critic?: QFunction;
  /** Act with the policy's mode (default true) or sample (with `seed`). */
  deterministic?: boolean;
  /** Seed of stochastic actions. Default 0. */
  seed?: number;
  /**
   * Which episodes succeeded, for the soft off-policy classification score: a return threshold (an
   * episode succeeded when its undiscounted return is at least this), or one flag per episode.
   */
  success?: number | readonly boolean[];
}

/**
 * d3rlpy's offline metrics of a policy on (held-out) data. The value metrics are present when a
 * Q-function is available (see {@link OfflineMetricsOptions.critic}); `softOPC` also needs `success`.
 *
 * @example
 * ```ts
 * const m: OfflineMetrics = offlineMetrics(iqlAgent, test);
 * m.tdError; m.initialStateValue; m.actionDifference; m.dataReturn;
 * ```
 */
export interface OfflineMetrics {
  /** The discount used. */
  discount: number;
  /** Mean discounted return `Σ_t γ^t r_t` of the data's own episodes (the behaviour policy's value, seen from the data). */
  dataReturn: number;
  /** Box spaces: mean over rows of `‖π(s) − a‖²` (dataset units): how far the policy acts from the data. */
  actionDifference?: number;
  /** Discrete spaces: share of rows where `π(s)` equals the data's action. */
  actionMatch?: number;
  /** Mean over transitions of `(Q(s, a) − r − γ(1 − terminal)·Q(s′, π(s′)))²`: the critic's Bellman error on this data. */
  tdError?: number;
  /** Mean `Q(s₀, π(s₀))` over the episodes' first states: the critic's estimate of the policy's return. */
  initialStateValue?: number;
  /** Mean `Q(s, π(s))` over every row. */
  averageValue?: number;
  /**
   * Soft off-policy classification (Irpan et al. 2019): mean `Q(s, π(s))` over the rows of
   * successful episodes minus the mean over all rows. Larger is better: the critic tells success from the rest.
   */
  softOPC?: number;
}

const mean = (values: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
};

/** Action rows for `QFunction.q`: `number[][]` for box spaces, `number[]` for discrete. */
function actionRows(column: Float32Array, space: ActionSpace, from: number, to: number): number[][] | number[] {
  if (space.type === 'discrete') return Array.from(column.subarray(from, to));
  return rowsOf(column, space.low.length, from, to);
}

/** `critic.q` over every row of `observations` with the action column, in chunks. */
function qColumn(critic: QFunction, observations: Float32Array, actions: Float32Array, dataset: Dataset): Float64Array {
  const od = dataset.observationDim;
  const rows = observations.length / od;
  const out = new Float64Array(rows);
  for (let from = 0; from < rows; from += POLICY_CHUNK_ROWS) {
    const to = Math.min(rows, from + POLICY_CHUNK_ROWS);
    const values = critic.q(rowsOf(observations, od, from, to), actionRows(actions, dataset.actionSpace, from, to));
    if (!Array.isArray(values) || values.length !== to - from) throw new RangeError(`offlineMetrics: critic.q returned ${Array.isArray(values) ? values.length : 'no'} values for ${to - from} rows`);
    out.set(values, from);
  }
  return out;
}

function hasOwnCritics(policy: EvaluationPolicy): policy is EvaluationPolicy & QFunction {
  if (typeof policy !== 'object' || policy === null || typeof (policy as Partial<QFunction>).q !== 'function') return false;
  return !('critics' in policy) || (policy as { critics?: unknown }).critics !== undefined;
}

/** Success flag per episode, from a return threshold or flags. */
function successFlags(success: number | readonly boolean[], dataset: Dataset): boolean[] {
  const episodes = dataset.episodeStarts.length - 1;
  if (typeof success === 'number') {
    if (!Number.isFinite(success)) throw new RangeError(`offlineMetrics: success must be a finite return threshold or one flag per episode, got ${success}`);
    return Array.from(episodeReturns(dataset), (r) => r >= success);
  }
  if (!Array.isArray(success) || success.length !== episodes) {
    throw new RangeError(`offlineMetrics: success must hold one flag per episode (${episodes}), got ${Array.isArray(success) ? success.length : String(success)}`);
  }
  return success.map(Boolean);
}

/**
 * Offline metrics of a trained policy on a dataset, usually episodes held out with
 * {@link splitEpisodes} (d3rlpy's evaluators): TD error, the estimated value of initial states and
 * of all states, the action difference (or match) to the data, the discounted return of the data's
 * own episodes, and the soft off-policy classification score where `success` says which episodes succeeded.
 *
 * The value metrics read `options.critic`, else the agent's own critics (`min_k Q_k`, as the agent
 * was trained); a BC agent has none, so pass an {@link FQEResult} fitted for it. An agent's own
 * critics were trained towards its own (regularised) targets, so their values are comparable
 * across checkpoints of one run more than across algorithms; compare algorithms with {@link fqe}.
 *
 * @throws RangeError when `discount` is outside [0, 1], `success` does not fit, or the policy does
 *   not fit the dataset.
 * @example
 * ```ts
 * const { train, test } = splitEpisodes(dataset, 0.2, 0);
 * const agent = await trainIQL(train, { steps: 20_000 });
 * const m = offlineMetrics(agent, test, { discount: 0.99 });
 * console.log(m.tdError, m.initialStateValue, m.actionDifference, m.dataReturn);
 * ```
 */
export function offlineMetrics(policy: EvaluationPolicy, dataset: Dataset, options: OfflineMetricsOptions = {}): OfflineMetrics {
  const fn = 'offlineMetrics';
  const discount = options.discount ?? OFFLINE_METRICS_DISCOUNT;
  if (typeof discount !== 'number' || !(discount >= 0 && discount <= 1)) throw new RangeError(`${fn}: discount must be in [0, 1], got ${String(discount)}`);
  const act = policyFunction(policy, dataset, fn);
  const deterministic = options.deterministic ?? true;
  const actOptions = deterministic ? { deterministic } : { deterministic, seed: options.seed ?? 0 };
  const space = dataset.actionSpace;
  const od = dataset.observationDim;
  const success = options.success === undefined ? undefined : successFlags(options.success, dataset);

  const metrics: OfflineMetrics = { discount, dataReturn: mean(episodeReturns(dataset, { discount })) };
  const actions = policyActionColumn(act, dataset.observations, space, od, actOptions, fn);
  if (space.type === 'discrete') {
    let matches = 0;
    for (let i = 0; i < dataset.size; i++) if (actions[i] === dataset.actions[i]) matches++;
    metrics.actionMatch = matches / dataset.size;
  } else {
    const width = space.low.length;
    let total = 0;
    for (let i = 0; i < actions.length; i++) total += (actions[i] - dataset.actions[i]) ** 2;
    metrics.actionDifference = total / (actions.length / width);
  }

  const critic = options.critic ?? (hasOwnCritics(policy) ? policy : undefined);
  if (!critic) return metrics;
  const values = qColumn(critic, dataset.observations, actions, dataset);
  metrics.averageValue = mean(values);
  const starts = dataset.episodeStarts;
  const initial = new Float64Array(starts.length - 1);
  for (let e = 0; e < initial.length; e++) initial[e] = values[starts[e]];
  metrics.initialStateValue = mean(initial);

  // TD error over the rows whose next observation is known.
  const rows = dataset.transitionIndices;
  if (rows.length > 0) {
    const aw = space.type === 'box' ? space.low.length : 1;
    const observations = new Float32Array(rows.length * od);
    const next = new Float32Array(rows.length * od);
    const taken = new Float32Array(rows.length * aw);
    rows.forEach((row, k) => {
      observations.set(dataset.observations.subarray(row * od, (row + 1) * od), k * od);
      next.set(dataset.nextObservations.subarray(row * od, (row + 1) * od), k * od);
      taken.set(dataset.actions.subarray(row * aw, (row + 1) * aw), k * aw);
    });
    const q = qColumn(critic, observations, taken, dataset);
    const nextActions = policyActionColumn(act, next, space, od, actOptions, fn);
    const nextQ = qColumn(critic, next, nextActions, dataset);
    let total = 0;
    rows.forEach((row, k) => {
      const target = dataset.rewards[row] + discount * (1 - dataset.terminals[row]) * nextQ[k];
      total += (q[k] - target) ** 2;
    });
    metrics.tdError = total / rows.length;
  }

  if (success) {
    let sum = 0;
    let count = 0;
    success.forEach((ok, e) => {
      if (!ok) return;
      for (let i = starts[e]; i < starts[e + 1]; i++) {
        sum += values[i];
        count++;
      }
    });
    if (count > 0) metrics.softOPC = sum / count - metrics.averageValue;
  }
  return metrics;
}
