import * as tf from '@tensorflow/tfjs-core';
import { hasFusedKernel } from '../backend/fused-kernels';
import { AC_BC_KERNEL, CQL_CRITIC_KERNEL, EXPECTILE_KERNEL, SQUARED_ERROR_KERNEL } from '../backend/loss-kernels';
import { AC_BC_Q_SCALE_FLOOR, type AcBcLossOptions } from './ac-bc-loss';
import type { CqlGapOptions, CqlPenaltyOptions } from './cql-penalty';

/**
 * A loss of network outputs and its gradients in closed form, for a hand-written backward pass
 * (`mlpLossGradients` uses it instead of differentiating the loss on the tape).
 *
 * @example
 * ```ts
 * const closed: LossGradients | null = tdLossGradients(outputs, y);
 * if (closed) tf.dispose([closed.loss, ...closed.outputs, ...closed.extras]);
 * ```
 */
export interface LossGradients {
  /** The loss, a scalar. */
  loss: tf.Scalar;
  /** `∂loss/∂output` for each network output, shaped like it. */
  outputs: tf.Tensor[];
  /** `∂loss/∂variable` for each extra variable the loss reads directly (e.g. a log-std), in order. */
  extras: tf.Tensor[];
}

/** Whether every tensor holds `size` float32 values in one column (`[size, 1]`). */
function isColumnOf(size: number, tensors: tf.Tensor[]): boolean {
  return tensors.every((t) => t.dtype === 'float32' && t.rank === 2 && t.shape[0] === size && t.shape[1] === 1);
}

/**
 * `tdLoss` of one-column critic outputs (`Q_k(s, a)` as `[B, 1]`, box critics or a state-value
 * MLP) and its gradient with respect to each output, in one fused kernel: the same float32 values
 * as differentiating `tdLoss(outputs.map(reshape [B]), target)` on the tape (tested). Null where
 * the fused kernel does not run (other backends, fused kernels turned off) or the outputs are not
 * one-column; use the tape there.
 *
 * @example
 * ```ts
 * const closed = tdLossGradients([q1, q2], y); // q1, q2: [B, 1]; y: [B]
 * ```
 */
export function tdLossGradients(outputs: tf.Tensor[], target: tf.Tensor1D): LossGradients | null {
  if (!hasFusedKernel(SQUARED_ERROR_KERNEL) || outputs.length === 0) return null;
  if (target.rank !== 1 || target.dtype !== 'float32' || !isColumnOf(target.shape[0], outputs)) return null;
  const inputs: tf.NamedTensorMap = { target };
  outputs.forEach((output, k) => {
    inputs[`pred${k}`] = output;
  });
  const [loss, ...grads] = tf.engine().runKernel(SQUARED_ERROR_KERNEL, inputs, { count: outputs.length }) as tf.Tensor[];
  return { loss: loss as tf.Scalar, outputs: grads, extras: [] };
}

/**
 * IQL's value loss `expectileLoss(targets − values, τ)` of a one-column value output `[B, 1]` and its
 * gradient with respect to that output, in one fused kernel: the same float32 values as the tape
 * (tested). Null where the fused kernel does not run or the shapes differ from that; use the tape.
 *
 * @example
 * ```ts
 * const closed = expectileLossGradients(v, qTarget, 0.7); // v: [B, 1]; qTarget: [B]
 * ```
 */
export function expectileLossGradients(values: tf.Tensor, targets: tf.Tensor1D, expectile: number): LossGradients | null {
  if (!hasFusedKernel(EXPECTILE_KERNEL)) return null;
  if (targets.rank !== 1 || targets.dtype !== 'float32' || !isColumnOf(targets.shape[0], [values])) return null;
  if (!(expectile > 0 && expectile < 1)) throw new RangeError(`expectileLoss: expectile must be in (0, 1), got ${expectile}`);
  const [loss, grad] = tf.engine().runKernel(EXPECTILE_KERNEL, { values, targets }, { expectile }) as tf.Tensor[];
  return { loss: loss as tf.Scalar, outputs: [grad], extras: [] };
}

/**
 * The actor loss of TD3+BC and DDPG+BC, `acBcLoss({ q: min_k Q_k(s, π(s)), bc: mseBcLoss(π(s), a) },
 * options)` and its gradients with respect to the policy's actions and each critic's output `[B, 1]`,
 * in one fused kernel (within float32 rounding of the tape; tested). `outputs` holds `dPolicy` and
 * then one gradient per critic. Null where the fused kernel does not run; use the tape.
 *
 * @example
 * ```ts
 * const closed = acBcLossGradients(pi, a, [q1], { qWeight: 2.5, alpha: 1, normalizeQ: true });
 * ```
 */
export function acBcLossGradients(policy: tf.Tensor2D, actions: tf.Tensor2D, critics: tf.Tensor[], options: AcBcLossOptions = {}): LossGradients | null {
  if (!hasFusedKernel(AC_BC_KERNEL) || critics.length === 0) return null;
  if (policy.dtype !== 'float32' || actions.dtype !== 'float32' || policy.rank !== 2 || actions.shape.join() !== policy.shape.join()) return null;
  if (!isColumnOf(policy.shape[0], critics)) return null;
  const inputs: tf.NamedTensorMap = { policy, actions };
  critics.forEach((q, k) => {
    inputs[`q${k}`] = q;
  });
  const attrs = { count: critics.length, qWeight: options.qWeight ?? 1, alpha: options.alpha ?? 1, normalizeQ: options.normalizeQ ?? true, scaleFloor: AC_BC_Q_SCALE_FLOOR };
  // Invalid weights: leave it to the tape, whose acBcLoss says what is wrong.
  if (![attrs.qWeight, attrs.alpha].every((w) => w >= 0 && Number.isFinite(w))) return null;
  const [loss, ...grads] = tf.engine().runKernel(AC_BC_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { loss: loss as tf.Scalar, outputs: grads, extras: [] };
}

/**
 * The critic outputs of a CQL step on the stacked batch, for {@link cqlCriticLossGradients}.
 *
 * @example
 * ```ts
 * const inputs: CqlCriticLossInputs = { outputs, target: y, samples: 10, policyLogProbs, nextPolicyLogProbs };
 * ```
 */
export interface CqlCriticLossInputs {
  /** Each critic's output `[B·(1 + 3n), 1]` on the data rows, then the uniform, π(·|s) and π(·|s′) blocks of `B·n` rows (b-major). */
  outputs: tf.Tensor[];
  /** The TD target `y`, `[B]`. */
  target: tf.Tensor1D;
  /** `n`, the samples per state and proposal. */
  samples: number;
  /** `log π(a_j | s)` of the π(·|s) block, `[B, n]` (importance-sampled form). */
  policyLogProbs?: tf.Tensor2D;
  /** `log π(a′_j | s′)` of the π(·|s′) block, `[B, n]` (importance-sampled form). */
  nextPolicyLogProbs?: tf.Tensor2D;
}

/**
 * CQL's critic loss `tdLoss(dataQ, y) + cqlPenalty(cqlGaps(…), penalty)` and its gradient with
 * respect to each critic's output on the stacked batch, in one fused kernel (within float32
 * rounding of the tape; tested), with the gaps (`[K]`, for α′ and the metrics) and the TD part.
 * Null where the kernel does not run or the inputs are not in that layout; use the tape there
 * (which also reports invalid options).
 *
 * @example
 * ```ts
 * const closed = cqlCriticLossGradients({ outputs, target: y, samples: 10, policyLogProbs, nextPolicyLogProbs }, { actionDim: 6 }, { cqlAlpha: 5 });
 * ```
 */
export function cqlCriticLossGradients(
  inputs: CqlCriticLossInputs,
  gapOptions: CqlGapOptions,
  penalty: CqlPenaltyOptions,
): (LossGradients & { gaps: tf.Tensor1D; tdLoss: tf.Scalar }) | null {
  if (!hasFusedKernel(CQL_CRITIC_KERNEL)) return null;
  const { outputs, target, samples: n, policyLogProbs, nextPolicyLogProbs } = inputs;
  const size = target.shape[0];
  const importance = (gapOptions.form ?? 'importance-sampled') === 'importance-sampled';
  const temperature = gapOptions.temperature ?? 1;
  const clipMin = gapOptions.clipMin ?? -Infinity;
  const clipMax = gapOptions.clipMax ?? Infinity;
  const { cqlAlpha, alphaPrime, targetGap } = penalty;
  const valid =
    outputs.length > 0 &&
    Number.isInteger(n) &&
    n > 0 &&
    target.rank === 1 &&
    target.dtype === 'float32' &&
    isColumnOf(size * (1 + 3 * n), outputs) &&
    Number.isInteger(gapOptions.actionDim) &&
    (gapOptions.actionDim as number) > 0 &&
    (gapOptions.form === undefined || gapOptions.form === 'importance-sampled' || gapOptions.form === 'uniform') &&
    temperature > 0 &&
    Number.isFinite(temperature) &&
    !Number.isNaN(clipMin) &&
    !Number.isNaN(clipMax) &&
    clipMin < clipMax &&
    cqlAlpha >= 0 &&
    Number.isFinite(cqlAlpha) &&
    (alphaPrime === undefined || (alphaPrime.rank === 0 && typeof targetGap === 'number' && Number.isFinite(targetGap))) &&
    (!importance || [policyLogProbs, nextPolicyLogProbs].every((t) => t !== undefined && t.rank === 2 && t.shape[0] === size && t.shape[1] === n && t.dtype === 'float32'));
  if (!valid) return null;
  const named: tf.NamedTensorMap = { target };
  if (importance) Object.assign(named, { logPi: policyLogProbs!, logPiNext: nextPolicyLogProbs! });
  if (alphaPrime) named.alphaPrime = alphaPrime;
  outputs.forEach((q, k) => {
    named[`q${k}`] = q;
  });
  const attrs = {
    count: outputs.length,
    samples: n,
    importance,
    uniformLogDensity: (gapOptions.actionDim as number) * Math.log(0.5),
    temperature,
    clipMin,
    clipMax,
    cqlAlpha,
    targetGap: targetGap ?? 0,
  };
  const [loss, tdLoss, gaps, ...grads] = tf.engine().runKernel(CQL_CRITIC_KERNEL, named, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { loss: loss as tf.Scalar, outputs: grads, extras: [], gaps: gaps as tf.Tensor1D, tdLoss: tdLoss as tf.Scalar };
}
