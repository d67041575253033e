import * as tf from '@tensorflow/tfjs-core';
import { actorThroughCriticsGradients, type ActorThroughCriticsArgs } from './actor-critic-gradients';
import { Adam } from './adam';
import type { LossGradients } from '../losses/loss-gradients';
import { mlpLossGradients, type MLPCall } from './mlp-gradients';

/**
 * A set of variables and the Adam optimizer that trains them: `step(lossFn)` differentiates `lossFn`
 * with respect to these variables only (the explicit variable list keeps gradients out of target
 * networks and other learners' variables without a stop-gradient op; see {@link stopGradient} for
 * constants that must be computed inside a loss).
 *
 * @example
 * ```ts
 * const learner = new Learner(value.variables, 3e-4);
 * const loss = learner.step(() => expectileLoss(tf.sub(qTarget, tf.squeeze(value.apply(obs))), 0.7));
 * loss.dispose();
 * ```
 */
export class Learner {
  readonly optimizer: Adam;

  constructor(readonly variables: tf.Variable[], learningRate: number) {
    this.optimizer = new Adam(variables, learningRate);
  }

  /** Current learning rate (settable, for schedules). */
  get learningRate(): number {
    return this.optimizer.learningRate;
  }
  set learningRate(lr: number) {
    this.optimizer.learningRate = lr;
  }

  /** One gradient step on `lossFn`; returns the loss before the step (caller disposes it). */
  step(lossFn: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(lossFn, this.variables);
    this.optimizer.apply(grads);
    tf.dispose(grads);
    return value;
  }

  /**
   * One gradient step on a loss of MLP outputs, back-propagating through the networks by hand
   * ({@link mlpLossGradients}); the networks' variables (plus `extraVariables`) must be this
   * learner's. With `closedForm`, the loss and its gradients come from it where it runs (see
   * {@link mlpLossGradients}). Returns the loss before the step (caller disposes it).
   */
  stepMLP(
    calls: MLPCall[],
    loss: (outputs: tf.Tensor2D[]) => tf.Scalar,
    extraVariables: tf.Variable[] = [],
    closedForm?: (outputs: tf.Tensor2D[]) => LossGradients | null,
  ): tf.Scalar {
    return tf.tidy(() => {
      const { loss: value, grads } = mlpLossGradients(calls, loss, extraVariables, closedForm);
      this.optimizer.apply(grads);
      return value;
    });
  }

  /**
   * One DDPG-style actor step through frozen critics, back-propagated by hand
   * ({@link actorThroughCriticsGradients}); the actor's variables must be this learner's. Returns the
   * loss before the step (caller disposes it).
   */
  stepThroughCritics(args: ActorThroughCriticsArgs): tf.Scalar {
    return tf.tidy(() => {
      const { loss, grads } = actorThroughCriticsGradients(args);
      this.optimizer.apply(grads);
      return loss;
    });
  }

  /** Frees the optimizer state (not the variables, which belong to their networks). */
  dispose(): void {
    this.optimizer.dispose();
  }
}
