import * as tf from '@tensorflow/tfjs-core';
import { concatColumns } from '../nets/concat-columns';
import { CriticEnsemble, MLP, type MLPCall } from '../nets';
import type { Rng } from '../rng';

/**
 * What a {@link createTDLearner} can train: a {@link CriticEnsemble} (`Q_k(s, a)`, box or discrete
 * actions), or a single {@link MLP}, read by its shape:
 * - `outputDim 1`, input the observation: a state-value network `V(s)` (actions are ignored);
 * - `outputDim 1`, input `concat(s, a)`: one box-action critic `Q(s, a)`;
 * - `outputDim n > 1`, input the observation: one discrete critic, `Q(s, ·)` selected by the one-hot action.
 *
 * @example
 * ```ts
 * const critic: TDCritic = new CriticEnsemble({ observationDim: 3, actionSpace, hiddenDims: [64, 64], rng });
 * const v: TDCritic = new MLP({ inputDim: 3, hiddenDims: [64, 64], outputDim: 1, rng, name: 'v' });
 * ```
 */
export type TDCritic = CriticEnsemble | MLP;

/** The MLP's input for `(s, a)`: the observations, or `concat(s, a)` when the MLP takes the action too. */
function mlpInput(mlp: MLP, observations: tf.Tensor2D, actions: tf.Tensor2D | undefined): tf.Tensor2D {
  const width = observations.shape[1];
  if (mlp.inputDim === width) return observations;
  if (actions !== undefined && mlp.inputDim === width + actions.shape[1]) return concatColumns([observations, actions]);
  throw new Error(
    `TD critic: an MLP with inputDim ${mlp.inputDim} fits neither the observations (width ${width}) nor ` +
      `concat(observations, actions) (width ${actions === undefined ? 'unknown: no actions given' : width + actions.shape[1]})`,
  );
}

/** `[B, outputDim]` MLP output → `[B]` values: a single column as it is, else selected by the one-hot action. */
function mlpOutputToQ(mlp: MLP, output: tf.Tensor2D, actions: tf.Tensor2D | undefined): tf.Tensor1D {
  if (mlp.outputDim === 1) return tf.reshape(output, [-1]) as tf.Tensor1D;
  if (actions === undefined || actions.shape[1] !== mlp.outputDim) {
    throw new Error(`TD critic: an MLP with ${mlp.outputDim} outputs needs one-hot actions of width ${mlp.outputDim}`);
  }
  return tf.sum(tf.mul(output, actions), 1) as tf.Tensor1D;
}

/**
 * The network evaluations of a TD step, for {@link Learner.stepMLP}: each member's call on `(s, a)`.
 *
 * @example
 * ```ts
 * const calls = criticCalls(critic, batch.observations, batch.actions);
 * ```
 */
export function criticCalls(critic: TDCritic, observations: tf.Tensor2D, actions: tf.Tensor2D): MLPCall[] {
  if (critic instanceof CriticEnsemble) return critic.calls(observations, actions);
  return [{ mlp: critic, input: mlpInput(critic, observations, actions) }];
}

/**
 * `Q_k(s, a)` of every member, each `[B]`, from the outputs of {@link criticCalls}.
 *
 * @example
 * ```ts
 * learner.stepMLP(criticCalls(critic, s, a), (outs) => tdLoss(criticOutputsToQ(critic, outs, a), y));
 * ```
 */
export function criticOutputsToQ(critic: TDCritic, outputs: tf.Tensor2D[], actions: tf.Tensor2D): tf.Tensor1D[] {
  if (critic instanceof CriticEnsemble) return critic.outputsToQ(outputs, actions);
  return [mlpOutputToQ(critic, outputs[0], actions)];
}

/**
 * The critic's value of `(s, a)`, `[B]`, values only: `min_k Q_k(s, a)` for an ensemble (the
 * pessimistic value of IQL and TD3 targets), the network's output for an MLP (`V(s)` when it takes
 * no action, in which case `actions` may be left out).
 *
 * @example
 * ```ts
 * const next = criticValue(targetCritic, batch.nextObservations, nextActions);
 * ```
 */
export function criticValue(critic: TDCritic, observations: tf.Tensor2D, actions?: tf.Tensor2D): tf.Tensor1D {
  if (critic instanceof CriticEnsemble) {
    if (actions === undefined) throw new Error('TD critic: a CriticEnsemble needs actions to give a value');
    return critic.min(observations, actions);
  }
  return tf.tidy(() => mlpOutputToQ(critic, critic.predict(mlpInput(critic, observations, actions)), actions));
}

/**
 * A frozen copy of a critic with the same weights, for a target network.
 *
 * @example
 * ```ts
 * const target = cloneCriticAsTarget(critic, rng);
 * ```
 */
export function cloneCriticAsTarget<C extends TDCritic>(critic: C, rng: Rng): C {
  if (critic instanceof CriticEnsemble) return critic.cloneAsTarget(rng) as C;
  const mlp = critic as MLP;
  const copy = new MLP({ inputDim: mlp.inputDim, hiddenDims: mlp.hiddenDims, outputDim: mlp.outputDim, rng, name: 'td-target', trainable: false });
  copy.copyFrom(mlp);
  return copy as C;
}
