import * as tf from '@tensorflow/tfjs-core';
import { CriticEnsemble, type MLP } from '../nets';
import type { Batch } from '../types';
import { criticValue, type TDCritic } from './critic';

/**
 * A batch for a TD update: a {@link Batch}, whose optional `nextActions` `a′` (box `[B, actionDim]`,
 * or one-hot `[B, n]` for discrete spaces) are the dataset's own next actions (SARSA; a
 * `MinibatchSampler` made with `nextActions: true` delivers them) or a fixed policy's actions
 * computed ahead (fitted Q evaluation).
 *
 * @example
 * ```ts
 * const sampler = new MinibatchSampler(dataset, { batchSize: 256, rng, nextActions: true });
 * const batch: TDBatch = toDeviceBatch(sampler.sample(), dataset.actionSpace, dataset.observationDim);
 * ```
 */
export type TDBatch = Batch & { nextActions?: tf.Tensor2D };

/**
 * The bootstrap value of `s′` per row, `[B]`, given the batch and the learner's target network (the
 * critic itself when the learner has none). {@link tdTarget} turns it into `r + γ(1 − terminal)·value`.
 * Computed outside the gradient closure: it is a constant of the update.
 *
 * @example
 * ```ts
 * const bootstrap: TDBootstrap = (batch, target) => criticValue(target, batch.nextObservations, myActions(batch));
 * ```
 */
export type TDBootstrap = (batch: TDBatch, target: TDCritic) => tf.Tensor1D;

/**
 * Bootstrap from a policy's next action: `min_k Q̄_k(s′, π(s′))` (TD3, CQL, AWAC, fitted Q
 * evaluation). `nextActions` maps the next observations `[B, obs]` to actions in the critic's
 * convention (box in `[−1, 1]`, one-hot for discrete spaces); it may add smoothing noise.
 *
 * @example
 * ```ts
 * const bootstrap = policyBootstrap((s2) => actor.head.mode(actor.mlp.predict(s2)) as tf.Tensor2D);
 * ```
 */
export function policyBootstrap(nextActions: (nextObservations: tf.Tensor2D) => tf.Tensor2D): TDBootstrap {
  return (batch, target) => tf.tidy(() => criticValue(target, batch.nextObservations, nextActions(batch.nextObservations)));
}

/**
 * Bootstrap from the batch's `nextActions` (the dataset's next action for SARSA, or actions computed
 * ahead): `min_k Q̄_k(s′, a′)`. For a state-value critic (an MLP on observations) it is `V̄(s′)`, and
 * `nextActions` are not needed.
 *
 * @throws Error when the critic takes actions and the batch has no `nextActions`.
 * @example
 * ```ts
 * const td = createTDLearner({ critic, discount: 0.99, bootstrap: batchActionBootstrap() });
 * td.update({ ...batch, nextActions });
 * ```
 */
export function batchActionBootstrap(): TDBootstrap {
  return (batch, target) => {
    const takesActions = target instanceof CriticEnsemble || target.inputDim !== batch.nextObservations.shape[1] || target.outputDim > 1;
    if (takesActions && batch.nextActions === undefined) {
      throw new Error('batchActionBootstrap: the batch has no nextActions (add them to the batch, or use policyBootstrap)');
    }
    return criticValue(target, batch.nextObservations, batch.nextActions);
  };
}

/**
 * Bootstrap from a separate state-value network: `V(s′)` (IQL's critic target, with `V` trained by
 * expectile regression).
 *
 * @example
 * ```ts
 * const td = createTDLearner({ critic: critics, target: null, discount: 0.99, bootstrap: valueBootstrap(value) });
 * ```
 */
export function valueBootstrap(value: MLP): TDBootstrap {
  return (batch) => tf.tidy(() => tf.reshape(value.predict(batch.nextObservations), [-1]) as tf.Tensor1D);
}

/**
 * Bootstrap from the best discrete action: `max_a min_k Q̄_k(s′, a)` (Q-learning, DQN). Discrete
 * action spaces only.
 *
 * @throws Error when the target is not a discrete {@link CriticEnsemble}.
 * @example
 * ```ts
 * const td = createTDLearner({ critic, discount: 0.99, bootstrap: greedyBootstrap() });
 * ```
 */
export function greedyBootstrap(): TDBootstrap {
  return (batch, target) => {
    if (!(target instanceof CriticEnsemble) || !target.discrete) {
      throw new Error('greedyBootstrap: needs a CriticEnsemble over a discrete action space');
    }
    return tf.tidy(() => tf.max(target.minAllActions(batch.nextObservations), 1) as tf.Tensor1D);
  };
}
