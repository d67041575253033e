import * as tf from '@tensorflow/tfjs-core';
import { assertRank1, formatShape } from './check-shapes';
import { stopGradient } from './stop-gradient';

/**
 * How the continuous CQL(H) penalty estimates `log ∫ exp Q(s, a) da`:
 * - `'importance-sampled'` (CQL's published code, CORL, d3rlpy): a log-sum-exp over three sets of
 *   `n` sampled actions, each divided by its sampling density: uniform actions (density `0.5^d` on
 *   `[−1, 1]^d`), actions from `π(·|s)` and actions from `π(·|s')`, all evaluated at `s`;
 * - `'uniform'`: the same estimate from the uniform samples alone (CQL(H) without the policy proposals).
 *
 * @example
 * ```ts
 * const form: CqlForm = 'uniform';
 * ```
 */
export type CqlForm = 'importance-sampled' | 'uniform';

/**
 * Inputs of the continuous penalty, for `K` critics, a batch of `B` states and `n` sampled actions per
 * state and proposal. Only the Q-values carry gradient (to the critics); the sampled actions and their
 * log-probabilities are constants of the critic loss (the log-probabilities pass through
 * {@link stopGradient}; the actions enter only through the Q-values the caller computed).
 *
 * @example
 * ```ts
 * const args: CqlContinuousArgs = {
 *   dataQ: [q1(s, a), q2(s, a)],                                  // [B] each
 *   uniformQ: [q1(s, aUnif), q2(s, aUnif)],                       // [B, n] each
 *   policyQ: [q1(s, aPi), q2(s, aPi)], policyLogProbs: logPi,     // [B, n]
 *   nextPolicyQ: [q1(s, aNext), q2(s, aNext)], nextPolicyLogProbs: logPiNext,
 * };
 * ```
 */
export interface CqlContinuousArgs {
  /** `Q_k(s, a)` at the dataset actions, `[B]` per critic. */
  dataQ: tf.Tensor1D[];
  /** `Q_k(s, a_j)` at `n` actions drawn uniformly from `[−1, 1]^d`, `[B, n]` per critic. */
  uniformQ: tf.Tensor2D[];
  /** `Q_k(s, a_j)`, `a_j ~ π(·|s)`, `[B, n]` per critic (importance-sampled form only). */
  policyQ?: tf.Tensor2D[];
  /** `log π(a_j | s)` of those actions, `[B, n]` (a constant). */
  policyLogProbs?: tf.Tensor2D;
  /** `Q_k(s, a'_j)`, `a'_j ~ π(·|s')` evaluated at the *current* state `s`, `[B, n]` per critic. */
  nextPolicyQ?: tf.Tensor2D[];
  /** `log π(a'_j | s')` of those actions, `[B, n]` (a constant). */
  nextPolicyLogProbs?: tf.Tensor2D;
}

/**
 * Inputs of the discrete penalty for `K` critics over `m` actions.
 *
 * @example
 * ```ts
 * const args: CqlDiscreteArgs = { allQ: [qNet.apply(s)], actions: tf.oneHot(actionIndices, m) };
 * ```
 */
export interface CqlDiscreteArgs {
  /** `Q_k(s, ·)` for every action, `[B, m]` per critic. */
  allQ: tf.Tensor2D[];
  /** The dataset actions one-hot, `[B, m]` (a constant). */
  actions: tf.Tensor2D;
}

/**
 * Options of {@link cqlGaps}.
 *
 * @example
 * ```ts
 * const options: CqlGapOptions = { actionDim: 6, form: 'importance-sampled', temperature: 1 };
 * ```
 */
export interface CqlGapOptions {
  /** Action dimensions `d` (continuous only): the uniform proposal's log-density is `d·log 0.5`. */
  actionDim?: number;
  /** Continuous form. @defaultValue 'importance-sampled' */
  form?: CqlForm;
  /** Temperature T of `T·logsumexp(x / T)` (CORL `cql_temp`). @defaultValue 1 */
  temperature?: number;
  /** Lower clip of each row's `T·logsumexp − Q(s, a)` before the batch mean (CORL `cql_clip_diff_min`; antmaze −200). @defaultValue −∞ */
  clipMin?: number;
  /** Upper clip of each row's difference (CORL `cql_clip_diff_max`). @defaultValue +∞ */
  clipMax?: number;
}

/**
 * Options of {@link cqlPenalty} and {@link cqlAlphaPrimeLoss}.
 *
 * @example
 * ```ts
 * const fixed: CqlPenaltyOptions = { cqlAlpha: 10 };
 * const lagrange: CqlPenaltyOptions = { cqlAlpha: 5, alphaPrime, targetGap: 0.8 };
 * ```
 */
export interface CqlPenaltyOptions {
  /** Weight α of the penalty (CORL `cql_alpha`, d3rlpy `conservative_weight`, the paper's α), ≥ 0. */
  cqlAlpha: number;
  /**
   * The Lagrange multiplier α' ≥ 0, a scalar (CORL: `clamp(exp(log α'), 0, 1e6)`). When given, the
   * penalty is `α'·α·Σ_k (gap_k − targetGap)`; α' is a constant of the critic loss.
   */
  alphaPrime?: tf.Scalar;
  /** The gap τ the Lagrange form aims for (CORL `cql_target_action_gap`). Required with `alphaPrime`. */
  targetGap?: number;
}

/**
 * `logsumexp` of each row of `x` `[B, n]` → `[B]`, with its gradient in closed form,
 * `dy·softmax(x) = dy·exp(x − logsumexp(x))`. The values are tfjs's `logSumExp`; its autodiff
 * gradient goes through `max` (an equality mask and a broadcast, slow on wasm) and gives the same
 * numbers up to float32 rounding (tested against finite differences and float64 references).
 */
const logSumExpRows = tf.customGrad((...args: unknown[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const value = tf.logSumExp(x, 1);
  save([x, value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, [input, lse]: tf.Tensor[]) => tf.mul(tf.reshape(dy, [-1, 1]), tf.exp(tf.sub(input, tf.reshape(lse, [-1, 1])))),
  };
}) as unknown as (x: tf.Tensor2D) => tf.Tensor1D;

/** `T·logsumexp(x / T)` over the last axis. */
function softMax(x: tf.Tensor2D, temperature: number): tf.Tensor1D {
  return temperature === 1 ? logSumExpRows(x) : tf.mul(logSumExpRows(tf.div(x, temperature)), temperature);
}

function checkSamples(fn: string, name: string, t: tf.Tensor2D | undefined, batch: number, n: number | undefined): number {
  if (!t) throw new Error(`${fn}: ${name} is required by the importance-sampled form`);
  if (t.rank !== 2 || t.shape[0] !== batch || (n !== undefined && t.shape[1] !== n)) {
    throw new Error(`${fn}: ${name} must have shape [${batch}, ${n ?? 'n'}], got ${formatShape(t.shape)}`);
  }
  return t.shape[1];
}

function checkFiniteOption(fn: string, name: string, value: number, positive = false): void {
  if (typeof value !== 'number' || Number.isNaN(value) || (positive && !(value > 0 && Number.isFinite(value)))) {
    throw new RangeError(`${fn}: ${name} must be ${positive ? 'a finite number > 0' : 'a number'}, got ${String(value)}`);
  }
}

function continuousGaps(args: CqlContinuousArgs, options: CqlGapOptions, fn: string): tf.Tensor1D[] {
  const form = options.form ?? 'importance-sampled';
  if (form !== 'importance-sampled' && form !== 'uniform') throw new RangeError(`${fn}: form must be 'importance-sampled' or 'uniform', got '${String(form)}'`);
  const { actionDim } = options;
  if (!Number.isInteger(actionDim) || (actionDim as number) <= 0) throw new RangeError(`${fn}: actionDim must be a positive integer (continuous actions), got ${String(actionDim)}`);
  const temperature = options.temperature ?? 1;
  const { dataQ, uniformQ } = args;
  const count = dataQ.length;
  if (count === 0) throw new Error(`${fn}: dataQ must hold at least one critic`);
  dataQ.forEach((q, k) => assertRank1(fn, `dataQ[${k}]`, q));
  const batch = dataQ[0].shape[0];
  const lists: Array<[string, tf.Tensor2D[] | undefined]> = [['uniformQ', uniformQ]];
  if (form === 'importance-sampled') lists.push(['policyQ', args.policyQ], ['nextPolicyQ', args.nextPolicyQ]);
  let n: number | undefined;
  for (const [name, list] of lists) {
    if (!list || list.length !== count) throw new Error(`${fn}: ${name} must hold one [B, n] tensor per critic (${count}), got ${list ? list.length : 'none'}`);
    list.forEach((t, k) => {
      n = checkSamples(fn, `${name}[${k}]`, t, batch, n);
    });
  }
  dataQ.forEach((q, k) => {
    if (q.shape[0] !== batch) throw new Error(`${fn}: dataQ[${k}] has ${q.shape[0]} rows, dataQ[0] has ${batch}`);
  });
  // log 0.5^d: the log-density of the uniform proposal on [−1, 1]^d.
  const uniformLogDensity = actionDim! * Math.log(0.5);
  let logPi: tf.Tensor2D | undefined;
  let logPiNext: tf.Tensor2D | undefined;
  if (form === 'importance-sampled') {
    checkSamples(fn, 'policyLogProbs', args.policyLogProbs, batch, n);
    checkSamples(fn, 'nextPolicyLogProbs', args.nextPolicyLogProbs, batch, n);
    logPi = stopGradient(args.policyLogProbs!);
    logPiNext = stopGradient(args.nextPolicyLogProbs!);
  }
  return dataQ.map((qData, k) => {
    const uniform = tf.sub(uniformQ[k], uniformLogDensity) as tf.Tensor2D;
    const terms = form === 'uniform' ? uniform : (tf.concat([uniform, tf.sub(args.policyQ![k], logPi!), tf.sub(args.nextPolicyQ![k], logPiNext!)], 1) as tf.Tensor2D);
    return tf.sub(softMax(terms, temperature), qData) as tf.Tensor1D;
  });
}

function discreteGaps(args: CqlDiscreteArgs, options: CqlGapOptions, fn: string): tf.Tensor1D[] {
  const temperature = options.temperature ?? 1;
  const { allQ, actions } = args;
  if (allQ.length === 0) throw new Error(`${fn}: allQ must hold at least one critic`);
  allQ.forEach((q, k) => {
    if (q.rank !== 2 || q.shape[0] !== actions.shape[0] || q.shape[1] !== actions.shape[1]) {
      throw new Error(`${fn}: allQ[${k}] shape ${formatShape(q.shape)} must match the one-hot actions' shape ${formatShape(actions.shape)}`);
    }
  });
  const oneHot = stopGradient(tf.cast(actions, 'float32'));
  return allQ.map((q) => tf.sub(softMax(q, temperature), tf.sum(tf.mul(q, oneHot), 1)) as tf.Tensor1D);
}

function cqlGaps_(args: CqlContinuousArgs | CqlDiscreteArgs, options: CqlGapOptions = {}): tf.Tensor1D {
  const fn = 'cqlGaps';
  const temperature = options.temperature ?? 1;
  checkFiniteOption(fn, 'temperature', temperature, true);
  const clipMin = options.clipMin ?? -Infinity;
  const clipMax = options.clipMax ?? Infinity;
  checkFiniteOption(fn, 'clipMin', clipMin);
  checkFiniteOption(fn, 'clipMax', clipMax);
  if (!(clipMin < clipMax)) throw new RangeError(`${fn}: clipMin (${clipMin}) must be below clipMax (${clipMax})`);
  const rows = 'allQ' in args ? discreteGaps(args, options, fn) : continuousGaps(args, options, fn);
  const clipped = clipMin === -Infinity && clipMax === Infinity ? rows : rows.map((r) => tf.clipByValue(r, clipMin, clipMax));
  return tf.stack(clipped.map((r) => tf.mean(r))) as tf.Tensor1D;
}

/**
 * The CQL(H) gap of each critic, `mean_B [T·logsumexp_a Q_k(s, a)/T − Q_k(s, a_data)]`: how much more
 * the critic values actions in general (a soft maximum over actions) than the actions in the data.
 * Returns `[K]`, one per critic; {@link cqlPenalty} weights them.
 *
 * **Continuous actions** ({@link CqlContinuousArgs}): the log-sum-exp over actions is estimated from
 * samples. With `form: 'importance-sampled'` (the default; CQL's code, CORL, d3rlpy) per row it is
 * `T·logsumexp_j` over the `3n` values
 * `[Q(s, a_unif) − d·log 0.5, Q(s, a~π(s)) − log π(a|s), Q(s, a'~π(s')) − log π(a'|s')]`;
 * with `form: 'uniform'` over the `n` uniform values only. Note that the third set evaluates the
 * critic at the current state `s` with actions sampled at the next state `s'` (as the published code does).
 *
 * **Discrete actions** ({@link CqlDiscreteArgs}): the exact `T·logsumexp_a Q(s, a)/T − Q(s, a_data)`
 * (d3rlpy `DiscreteCQL`); at T = 1 it is `−log softmax(Q)(a_data)`, the negative log-likelihood of
 * the data under the Boltzmann policy of Q.
 *
 * Gradient: flows into every Q-value (the critics). The gradient with respect to `Q(s, a_data)` is
 * `−1/B` per row; with respect to a sampled value it is `softmax(row)_j / B`. The log-probabilities
 * and one-hot actions are constants ({@link stopGradient}).
 *
 * @param args - continuous or discrete inputs (see the argument types for every shape).
 * @param options - `actionDim` (continuous, required), `form`, `temperature`, `clipMin`/`clipMax` per row.
 * @returns `[K]`.
 * @throws Error naming the argument on a shape mismatch; RangeError on a bad option.
 * @example
 * ```ts
 * const gaps = cqlGaps({ allQ: [qNet.apply(s)], actions: oneHotActions });
 * const penalty = cqlPenalty(gaps, { cqlAlpha: 1 });
 * ```
 */
export const cqlGaps = tf.op({ cqlGaps_ });

function checkPenaltyOptions(fn: string, options: CqlPenaltyOptions): void {
  const { cqlAlpha, alphaPrime, targetGap } = options;
  if (!(typeof cqlAlpha === 'number' && cqlAlpha >= 0 && Number.isFinite(cqlAlpha))) {
    throw new RangeError(`${fn}: cqlAlpha must be a finite number >= 0, got ${String(cqlAlpha)}`);
  }
  if (alphaPrime !== undefined) {
    if (alphaPrime.rank !== 0) throw new Error(`${fn}: alphaPrime must be a scalar, got shape ${formatShape(alphaPrime.shape)}`);
    if (typeof targetGap !== 'number' || !Number.isFinite(targetGap)) throw new RangeError(`${fn}: the Lagrange form (alphaPrime) needs a finite targetGap, got ${String(targetGap)}`);
  }
}

function cqlPenalty_(gaps: tf.Tensor1D, options: CqlPenaltyOptions): tf.Scalar {
  const fn = 'cqlPenalty';
  assertRank1(fn, 'gaps', gaps);
  checkPenaltyOptions(fn, options);
  const { cqlAlpha, alphaPrime, targetGap } = options;
  if (alphaPrime === undefined) return tf.mul(tf.sum(gaps), cqlAlpha);
  const weight = tf.mul(stopGradient(alphaPrime), cqlAlpha);
  return tf.mul(tf.sum(tf.sub(gaps, targetGap!)), weight);
}

/**
 * The CQL term of the critic loss, from the gaps of {@link cqlGaps}: `α·Σ_k gap_k` (fixed weight,
 * the default), or with the Lagrange form `α'·α·Σ_k (gap_k − targetGap)`, α' being a constant here
 * (it is learned by {@link cqlAlphaPrimeLoss}). Add it to any TD critic loss (summed over critics,
 * as `tdLoss` is).
 *
 * @param gaps - `[K]` from {@link cqlGaps}.
 * @param options - `cqlAlpha`; `alphaPrime` and `targetGap` for the Lagrange form.
 * @returns scalar.
 * @throws RangeError on a negative `cqlAlpha`, or `alphaPrime` without a finite `targetGap`.
 * @example
 * ```ts
 * const loss = tf.add(tdLoss([q1, q2], y), cqlPenalty(cqlGaps(args, { actionDim: 6 }), { cqlAlpha: 10 }));
 * ```
 */
export const cqlPenalty = tf.op({ cqlPenalty_ });

function cqlAlphaPrimeLoss_(alphaPrime: tf.Scalar, gaps: tf.Tensor1D, options: CqlPenaltyOptions): tf.Scalar {
  const fn = 'cqlAlphaPrimeLoss';
  assertRank1(fn, 'gaps', gaps);
  checkPenaltyOptions(fn, { ...options, alphaPrime });
  const diff = tf.mean(tf.sub(stopGradient(gaps), options.targetGap!));
  return tf.neg(tf.mul(tf.mul(alphaPrime, options.cqlAlpha), diff)) as tf.Scalar;
}

/**
 * The loss that learns the Lagrange multiplier α' ≥ 0 of CQL's Lagrange form:
 * `−α'·α·mean_k(gap_k − targetGap)` (CORL's `alpha_prime_loss`), the gaps being constants. Gradient
 * descent raises α' while the critics' gap exceeds `targetGap` and lowers it otherwise; parameterise
 * `α' = clip(exp(log α'), 0, 1e6)` to keep it non-negative.
 *
 * @param alphaPrime - the scalar α', differentiable in its parameter.
 * @param gaps - `[K]` from {@link cqlGaps}.
 * @param options - `cqlAlpha` and `targetGap`.
 * @returns scalar.
 * @example
 * ```ts
 * const loss = cqlAlphaPrimeLoss(tf.clipByValue(tf.exp(logAlphaPrime), 0, 1e6), gaps, { cqlAlpha: 5, targetGap: 0.8 });
 * ```
 */
export const cqlAlphaPrimeLoss = tf.op({ cqlAlphaPrimeLoss_ });
