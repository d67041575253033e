import * as tf from '@tensorflow/tfjs-core';
import { assertRank1, formatShape } from './check-shapes';
import { stopGradient } from './stop-gradient';

/**
 * Floor of `mean|Q|` in {@link acBcLoss}'s normalization. It only keeps `0/0` out of the loss (all Q
 * exactly 0); for any batch with `mean|Q| ≥ 1e-8` the loss is the published one.
 * @example
 * ```ts
 * const scale = Math.max(meanAbsQ, AC_BC_Q_SCALE_FLOOR);
 * ```
 */
export const AC_BC_Q_SCALE_FLOOR = 1e-8;

/**
 * The tensors {@link acBcLoss} combines.
 *
 * @example
 * ```ts
 * const args: AcBcLossArgs = { q: critic.apply(obs, pi), bc: mseBcLoss(pi, actions) };
 * ```
 */
export interface AcBcLossArgs {
  /** `Q(s, π(s))` per row, `[B]`, computed inside the gradient closure from the actor's action. */
  q: tf.Tensor1D;
  /** The behaviour cloning term, a scalar: {@link mseBcLoss} (deterministic) or {@link bcLoss} (stochastic). */
  bc: tf.Scalar;
}

/**
 * Options of {@link acBcLoss}.
 *
 * @example
 * ```ts
 * const td3bc: AcBcLossOptions = { qWeight: 2.5, alpha: 1 };             // TD3+BC
 * const ddpgBc: AcBcLossOptions = { qWeight: 1, alpha: 0.3 };            // OGBench DDPG+BC
 * ```
 */
export interface AcBcLossOptions {
  /**
   * Weight of the BC term, ≥ 0 (OGBench `alpha`; TD3+BC keeps it at 1 and puts its α in
   * `qWeight`). @defaultValue 1
   */
  alpha?: number;
  /**
   * Divide the Q term by `mean|Q|` over the batch, treated as a constant (TD3+BC's
   * `λ = α / Q.abs().mean().detach()`; OGBench `normalize_q_loss`). @defaultValue true
   */
  normalizeQ?: boolean;
  /** Weight of the Q term, ≥ 0 (TD3+BC's α = 2.5). @defaultValue 1 */
  qWeight?: number;
}

function checkWeight(fn: string, name: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${value}`);
  }
}

function acBcLoss_(args: AcBcLossArgs, options: AcBcLossOptions = {}): tf.Scalar {
  const fn = 'acBcLoss';
  const { q, bc } = args;
  const alpha = options.alpha ?? 1;
  const qWeight = options.qWeight ?? 1;
  const normalizeQ = options.normalizeQ ?? true;
  checkWeight(fn, 'alpha', alpha);
  checkWeight(fn, 'qWeight', qWeight);
  assertRank1(fn, 'q', q);
  if (bc.rank !== 0) throw new Error(`${fn}: bc must be a scalar, got shape ${formatShape(bc.shape)}`);
  const qTerm = tf.mul(tf.mean<tf.Scalar>(q), -qWeight);
  const scaledQ = normalizeQ
    ? tf.div<tf.Scalar>(qTerm, stopGradient(tf.maximum(tf.mean(tf.abs(q)), AC_BC_Q_SCALE_FLOOR)))
    : qTerm;
  return tf.add(scaledQ, alpha === 1 ? bc : tf.mul(bc, alpha));
}

/**
 * Actor-critic loss with a behaviour cloning term, `−λ · mean(Q(s, π(s))) + α · bc`, where
 * `λ = qWeight / mean|Q|` when `normalizeQ` (the default; the mean is a constant: no gradient flows
 * through it, see {@link stopGradient}) and `λ = qWeight` otherwise.
 *
 * The normalization makes the trade-off independent of the reward scale. The published forms:
 * - **TD3+BC** (Fujimoto & Gu 2021): `acBcLoss({ q, bc: mseBcLoss(pi, actions) }, { qWeight: 2.5, alpha: 1 })`,
 *   i.e. `λ = 2.5 / mean|Q|` with Q the first critic and a deterministic tanh actor;
 * - **DDPG+BC** (OGBench): `acBcLoss({ q, bc: bcLoss(head.logProb(raw, actions)) }, { qWeight: 1, alpha })`,
 *   the BC term being `−mean log π(a|s)`;
 * - `alpha: 0` is {@link ddpgLoss} with a normalized Q.
 *
 * Its gradient with respect to `q` is `−λ / B` (the derivative of `mean|Q|` is excluded) and with
 * respect to `bc` is `α`.
 *
 * @param args - `q` `[B]` and the scalar `bc`.
 * @param options - `alpha` (default 1), `normalizeQ` (default true), `qWeight` (default 1).
 * @returns scalar loss.
 * @throws RangeError on a negative or non-finite weight; Error when `q` is not rank 1 or `bc` not a scalar.
 * @example
 * ```ts
 * const loss = learner.step(() => {
 *   const pi = head.mode(actor.apply(obs));
 *   return acBcLoss({ q: critic1.apply(obs, pi), bc: mseBcLoss(pi, actions) }, { qWeight: 2.5 });
 * });
 * ```
 */
export const acBcLoss = tf.op({ acBcLoss_ });
