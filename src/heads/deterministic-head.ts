import * as tf from '@tensorflow/tfjs-core';
import { checkActions, checkRaw, opSeed } from './check-inputs';
import { tanhGradient } from './normal';
import type { PolicyHead } from './policy-head';

/**
 * Deterministic policy head `a = tanh(raw)`: the actor of TD3+BC and DDPG-style extraction.
 *
 * - `inputDim = actionDim`, no variables; {@link DeterministicHead.mode} and
 *   {@link DeterministicHead.sample} both return `tanh(raw)` (differentiable in `raw`), in [−1, 1];
 * - {@link DeterministicHead.logProb} is `−Σ_d (a_d − tanh(raw)_d)²`: the log-density of a Gaussian
 *   with fixed variance ½ around `tanh(raw)`, up to an additive constant. So `bcLoss` with this head
 *   is a mean squared error (summed over action dimensions, i.e. `actionDim · mseBcLoss`) and
 *   `awrLoss` is an advantage-weighted MSE, as in CORL's `iql_deterministic` actor;
 * - no entropy (the distribution is a point mass).
 *
 * @example
 * ```ts
 * const head = new DeterministicHead(2);
 * const raw = actor.apply(obs);                           // [B, 2]
 * const bc = bcLoss(head.logProb(raw, actions));          // MSE (summed over dimensions)
 * const q = critic.apply(obs, head.mode(raw));            // DDPG: backprop through the action
 * ```
 */
export class DeterministicHead implements PolicyHead {
  readonly kind = 'deterministic' as const;
  /** Width of `raw`: one pre-tanh action per dimension. */
  readonly inputDim: number;
  /** Number of action dimensions. */
  readonly actionDim: number;
  /** Always empty: the head has no variables of its own. */
  readonly variables: tf.Variable[] = [];

  /**
   * @param actionDim - number of action dimensions, a positive integer.
   * @throws RangeError when `actionDim` is not a positive integer.
   */
  constructor(actionDim: number) {
    if (!Number.isInteger(actionDim) || actionDim <= 0) {
      throw new RangeError(`DeterministicHead: actionDim must be a positive integer, got ${actionDim}`);
    }
    this.actionDim = actionDim;
    this.inputDim = actionDim;
  }

  /**
   * `−Σ_d (a_d − tanh(raw)_d)²`, the log-density of `N(tanh(raw), ½·I)` up to a constant.
   * Differentiable in `raw`.
   *
   * @param raw - network output `[B, actionDim]`.
   * @param actions - dataset actions `[B, actionDim]`.
   * @returns `[B]`.
   * @example
   * ```ts
   * const loss = awrLoss(head.logProb(actor.apply(obs), actions), weights); // weighted MSE
   * ```
   */
  logProb(raw: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const method = 'DeterministicHead.logProb';
    checkRaw(method, raw, this.inputDim);
    checkActions(method, actions, raw);
    return tf.tidy(() => tf.neg(tf.sum<tf.Tensor1D>(tf.squaredDifference(actions, tf.tanh(raw)), 1)));
  }

  /**
   * `dMode ⊙ (1 − mode²)`: the gradient of a loss of `mode(raw) = tanh(raw)` with respect to `raw`
   * (the values of tfjs's Tanh gradient).
   *
   * @example
   * ```ts
   * const dRaw = head.modeGradient(raw, head.mode(raw), dActions);
   * ```
   */
  modeGradient(raw: tf.Tensor2D, mode: tf.Tensor2D, dMode: tf.Tensor2D): tf.Tensor2D {
    checkRaw('DeterministicHead.modeGradient', raw, this.inputDim);
    return tanhGradient(mode, dMode);
  }

  /**
   * The action `tanh(raw)`, differentiable in `raw`.
   *
   * @param raw - network output `[B, actionDim]`.
   * @returns float32 `[B, actionDim]` inside [−1, 1].
   * @example
   * ```ts
   * const action = head.mode(actor.apply(obs));
   * ```
   */
  mode(raw: tf.Tensor2D): tf.Tensor2D {
    checkRaw('DeterministicHead.mode', raw, this.inputDim);
    return tf.tanh(raw);
  }

  /**
   * The same as {@link DeterministicHead.mode}: the policy has no noise. The seed is validated and
   * otherwise unused (exploration noise, as in TD3's target smoothing, is the algorithm's business).
   *
   * @param raw - network output `[B, actionDim]`.
   * @param seed - accepted for the {@link PolicyHead} contract.
   * @returns float32 `[B, actionDim]` inside [−1, 1].
   * @example
   * ```ts
   * const action = head.sample(actor.apply(obs), rng.seed()); // = head.mode(…)
   * ```
   */
  sample(raw: tf.Tensor2D, seed: number): tf.Tensor2D {
    const method = 'DeterministicHead.sample';
    checkRaw(method, raw, this.inputDim);
    opSeed(method, seed);
    return tf.tanh(raw);
  }

  /**
   * `{ 'actor/action_abs': mean |tanh(raw)| }` over the batch and dimensions when `raw` is given
   * (near 1 means the actor saturates at the box edges), else `{}`. The caller disposes the scalars.
   *
   * @param raw - network output `[B, actionDim]`.
   * @example
   * ```ts
   * const m = head.metrics(actor.apply(obs));
   * tf.dispose(Object.values(m));
   * ```
   */
  metrics(raw?: tf.Tensor2D): Record<string, tf.Scalar> {
    if (!raw) return {};
    checkRaw('DeterministicHead.metrics', raw, this.inputDim);
    return { 'actor/action_abs': tf.tidy(() => tf.mean(tf.abs(tf.tanh(raw)))) };
  }

  /**
   * Nothing to free; present for the {@link PolicyHead} contract.
   *
   * @example
   * ```ts
   * head.dispose();
   * ```
   */
  dispose(): void {}
}
