import type * as tf from '@tensorflow/tfjs-core';
import type { LossGradients } from '../losses/loss-gradients';

/**
 * An action distribution read from a network's raw output: what the actor losses and
 * `Agent.act` need from a policy, independent of the network that produced `raw`.
 *
 * Every head has {@link PolicyHead.logProb}, so AWR and BC train any of them. The box heads
 * (`'gaussian'`, `'tanh-gaussian'`, `'deterministic'`) return from {@link PolicyHead.mode} actions in
 * [−1, 1] that are differentiable with respect to `raw`: DDPG-style extraction (`−Q(s, mode(raw))`,
 * TD3+BC) backpropagates through it. `'discretized'` returns bin centres (an argmax: no gradient) and
 * `'categorical'` returns int32 indices.
 *
 * Tensors passed in are borrowed (never disposed); tensors returned belong to the caller.
 *
 * @example
 * ```ts
 * const head: PolicyHead = new GaussianHead(2);
 * const raw = actor.apply(observations);            // [B, head.inputDim]
 * const loss = bcLoss(head.logProb(raw, actions));  // inside the gradient closure
 * const act = head.mode(raw);                       // deterministic evaluation
 * ```
 */
export interface PolicyHead {
  /**
   * Which distribution: `'gaussian'` (tanh mean, unsquashed, IQL), `'tanh-gaussian'` (squashed,
   * SAC/CQL), `'deterministic'` (`tanh(raw)`, TD3+BC), `'discretized'` (per-dimension categorical
   * over bins) for box actions; `'categorical'` for discrete ones.
   */
  readonly kind: 'gaussian' | 'tanh-gaussian' | 'deterministic' | 'categorical' | 'discretized';
  /** Width of the network output (raw) that this head reads. */
  readonly inputDim: number;
  /** Width of an action: the number of action dimensions for box heads; 1 for `'categorical'`. */
  readonly actionDim: number;
  /** Trainable variables owned by the head itself (e.g. the log-std); [] if none. */
  readonly variables: tf.Variable[];
  /** log π(a|s) per row. `actions`: box [B, actionDim] floats; categorical: one-hot [B, n]. */
  logProb(raw: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D;
  /**
   * Most probable action: box [B, actionDim] float32 in [−1, 1] (differentiable in `raw` except for
   * `'discretized'`); categorical [B] int32 indices.
   */
  mode(raw: tf.Tensor2D): tf.Tensor;
  /** A sample, using the given seed for the tfjs random op: same shapes as mode. */
  sample(raw: tf.Tensor2D, seed: number): tf.Tensor;
  /**
   * The BC loss `−mean(log π(a|s))`, or with `weights` the AWR loss `−mean(w·log π(a|s))`, and its
   * gradients with respect to `raw` and to {@link PolicyHead.variables}, without the tape (one fused
   * kernel); null where that does not run. Optional: heads without it are trained on the tape.
   */
  nllGradients?(raw: tf.Tensor2D, actions: tf.Tensor2D, weights?: tf.Tensor1D): LossGradients | null;
  /**
   * `(∂mode/∂raw)ᵀ·dMode`, the gradient of a loss of {@link PolicyHead.mode} with respect to `raw`,
   * without the tape (`mode` is `mode(raw)`); null where the head has no closed form for it.
   * Optional: DDPG-style actor steps differentiate `mode` on the tape without it.
   */
  modeGradient?(raw: tf.Tensor2D, mode: tf.Tensor2D, dMode: tf.Tensor2D): tf.Tensor2D | null;
  /** Entropy per row `[B]`, where defined in closed form (not for `'deterministic'` or `'tanh-gaussian'`). */
  entropy?(raw: tf.Tensor2D): tf.Tensor1D;
  /** Scalars worth logging, e.g. { 'actor/std': mean std } (caller disposes). */
  metrics(raw?: tf.Tensor2D): Record<string, tf.Scalar>;
  /** Frees the head's variables; the head cannot be used afterwards. */
  dispose(): void;
}
