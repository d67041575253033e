import * as tf from '@tensorflow/tfjs-core';
import { runsValuesKernel } from '../backend/fused-kernels';
import { MINIMUM_OF_KERNEL } from '../backend/target-kernels';
import { concatColumns } from './concat-columns';
import type { Rng } from '../rng';
import type { ActionSpace } from '../types';
import type { NetworkInit } from './init';
import { MLP, type MLPOptions } from './mlp';
import type { MLPCall } from './mlp-gradients';

/**
 * Options of {@link CriticEnsemble}.
 *
 * @example
 * ```ts
 * const opts: CriticEnsembleOptions = { observationDim: 17, actionSpace: { type: 'box', low: [-1], high: [1] }, hiddenDims: [256, 256], rng: new Rng(0) };
 * ```
 */
export interface CriticEnsembleOptions {
  observationDim: number;
  actionSpace: ActionSpace;
  hiddenDims: number[];
  rng: Rng;
  /** Number of critics (2 = the twin critics of IQL and TD3). Default 2. */
  count?: number;
  /** False for target copies. Default true. */
  trainable?: boolean;
  /** Layer norm after each hidden ReLU of every member (ReBRAC's critics; see {@link MLPOptions.layerNorm}). Default false. */
  layerNorm?: boolean;
  /** How every member's initial weights are drawn. Default `'orthogonal'` (`DEFAULT_NETWORK_INIT`). */
  init?: NetworkInit;
}

/**
 * K independent Q-networks ("twin critics" for K = 2).
 *
 * - Box actions: each critic maps `concat(s, a)` to one value.
 * - Discrete actions: each critic maps `s` to one value per action, and `Q(s, a)` is selected with
 *   the one-hot action as a mask (`Σ_j Q(s)_j · onehot_j`), never with `tf.gather`, whose gradient
 *   and batched form are broken on wasm.
 *
 * @example
 * ```ts
 * const critics = new CriticEnsemble({ observationDim: 3, actionSpace: { type: 'discrete', n: 2 }, hiddenDims: [64, 64], rng });
 * const [q1, q2] = critics.apply(obs, oneHotActions); // two [B] tensors
 * ```
 */
export class CriticEnsemble {
  readonly members: MLP[];
  readonly discrete: boolean;
  private readonly options: CriticEnsembleOptions;

  constructor(options: CriticEnsembleOptions) {
    const count = options.count ?? 2;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`CriticEnsemble: count must be a positive integer, got ${count}`);
    this.options = options;
    const { observationDim, actionSpace, hiddenDims, rng } = options;
    this.discrete = actionSpace.type === 'discrete';
    const actionWidth = actionSpace.type === 'discrete' ? actionSpace.n : actionSpace.low.length;
    this.members = Array.from({ length: count }, (_, k) =>
      new MLP({
        inputDim: this.discrete ? observationDim : observationDim + actionWidth,
        hiddenDims,
        outputDim: this.discrete ? actionWidth : 1,
        rng,
        name: `critic${k}`,
        trainable: options.trainable ?? true,
        layerNorm: options.layerNorm ?? false,
        init: options.init,
      }),
    );
  }

  /** All variables, member after member. */
  get variables(): tf.Variable[] {
    return this.members.flatMap((m) => m.variables);
  }

  /**
   * `Q_k(s, a)` for every member, each `[B]`.
   *
   * @param actions - box `[B, actionDim]`, or one-hot `[B, n]` for discrete spaces.
   * @param actionGrad - whether gradients must flow into `actions` (DDPG-style actors). Default false.
   */
  apply(observations: tf.Tensor2D, actions: tf.Tensor2D, actionGrad = false): tf.Tensor1D[] {
    if (this.discrete) {
      return this.members.map((m) => tf.sum(tf.mul(m.apply(observations), actions), 1) as tf.Tensor1D);
    }
    const input = tf.concat([observations, actions], 1) as tf.Tensor2D;
    return this.members.map((m) => tf.reshape(m.apply(input, { inputGrad: actionGrad }), [-1]) as tf.Tensor1D);
  }

  /**
   * The member evaluations for a hand-written backward pass ({@link mlpLossGradients}): each
   * member on `concat(s, a)` (box) or on `s` (discrete). Map their outputs to `Q_k(s, a)` with
   * {@link CriticEnsemble.outputsToQ} inside the loss.
   */
  calls(observations: tf.Tensor2D, actions: tf.Tensor2D): MLPCall[] {
    const input = this.discrete ? observations : concatColumns([observations, actions]);
    return this.members.map((mlp) => ({ mlp, input }));
  }

  /** `Q_k(s, a)`, each `[B]`, from the members' raw outputs (see {@link CriticEnsemble.calls}). */
  outputsToQ(outputs: tf.Tensor2D[], actions: tf.Tensor2D): tf.Tensor1D[] {
    return outputs.map((out) => (this.discrete ? tf.sum(tf.mul(out, actions), 1) : tf.reshape(out, [-1])) as tf.Tensor1D);
  }

  /**
   * `Q_k(s, a)` of one member, `[B]` (TD3+BC's actor uses only the first critic).
   *
   * @param actionGrad - whether gradients must flow into `actions`. Default false.
   */
  applyMember(index: number, observations: tf.Tensor2D, actions: tf.Tensor2D, actionGrad = false): tf.Tensor1D {
    const member = this.members[index];
    if (!member) throw new RangeError(`CriticEnsemble.applyMember: no member ${index} (count ${this.members.length})`);
    if (this.discrete) return tf.sum(tf.mul(member.apply(observations), actions), 1) as tf.Tensor1D;
    return tf.reshape(member.apply(tf.concat([observations, actions], 1) as tf.Tensor2D, { inputGrad: actionGrad }), [-1]) as tf.Tensor1D;
  }

  /** `min_k Q_k(s, a)`, `[B]` (the pessimistic value used for targets and advantages); values only, no gradient. */
  min(observations: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const input = this.discrete ? observations : concatColumns([observations, actions]);
      const outputs = this.members.map((m) => m.predict(input));
      if (!this.discrete && outputs.length > 1 && runsValuesKernel(MINIMUM_OF_KERNEL, outputs)) {
        return tf.engine().runKernel(MINIMUM_OF_KERNEL, Object.fromEntries(outputs.map((q, k) => [`x${k}`, q])), { count: outputs.length }) as tf.Tensor1D;
      }
      return this.outputsToQ(outputs, actions).reduce((a, b) => tf.minimum(a, b));
    });
  }

  /** Discrete spaces only: `min_k Q_k(s, ·)`, `[B, n]`. */
  minAllActions(observations: tf.Tensor2D): tf.Tensor2D {
    if (!this.discrete) throw new Error('CriticEnsemble.minAllActions: only defined for discrete action spaces');
    return tf.tidy(() => this.members.map((m) => m.predict(observations)).reduce((a, b) => tf.minimum(a, b)));
  }

  /** A frozen (non-trainable) copy with the same weights, for a target network. */
  cloneAsTarget(rng: Rng): CriticEnsemble {
    const copy = new CriticEnsemble({ ...this.options, rng, trainable: false });
    copy.copyFrom(this);
    return copy;
  }

  /** Copies another ensemble's weights of the same shape into this one. */
  copyFrom(source: CriticEnsemble): void {
    this.members.forEach((m, i) => m.copyFrom(source.members[i]));
  }

  dispose(): void {
    this.members.forEach((m) => m.dispose());
  }
}
