import * as tf from '@tensorflow/tfjs-core';
import type { PolicyHead } from '../heads';
import { awrWeights, expectileLoss, tdLoss, tdTarget } from '../losses';
import { polyakUpdate, type CriticEnsemble, type Learner, type MLP } from '../nets';
import type { Batch } from '../types';
import { extractionActorStep, usesAdvantageWeights, type ExtractionMethod } from './extraction';
import type { MetricTensors } from './train-loop';

/**
 * The trainable parts IQL updates: networks and one learner (Adam) per network group.
 *
 * @example
 * ```ts
 * const parts: IQLParts = { ...networks, actorLearner, criticLearner, valueLearner };
 * ```
 */
export interface IQLParts {
  actor: MLP;
  head: PolicyHead;
  critics: CriticEnsemble;
  targetCritics: CriticEnsemble;
  value: MLP;
  actorLearner: Learner;
  criticLearner: Learner;
  valueLearner: Learner;
}

/**
 * The hyperparameters one IQL update reads.
 *
 * @example
 * ```ts
 * const hp: IQLUpdateSettings = { expectile: 0.7, beta: 3, discount: 0.99, targetUpdateRate: 0.005, maxAdvantageWeight: 100, extraction: 'awr', bcAlpha: 0 };
 * ```
 */
export interface IQLUpdateSettings {
  expectile: number;
  beta: number;
  discount: number;
  targetUpdateRate: number;
  maxAdvantageWeight: number;
  extraction: ExtractionMethod;
  bcAlpha: number;
}

const column = (t: tf.Tensor2D): tf.Tensor1D => tf.reshape(t, [-1]);

/**
 * One IQL update in the official order (Kostrikov et al. 2022, authors' `learner.py`):
 *
 * 1. **value**: `V(s)` ← expectile regression on `min_k Q̄_k(s, a)` from the *target* critics;
 * 2. **actor**: AWR with `A = min_k Q̄_k(s, a) − V_new(s)`, weights `min(exp(β·A), max)` (or the
 *    configured extraction: discretized AWR, or DDPG(+BC) through the current critics);
 * 3. **critic**: `Q_k(s, a)` ← `r + γ(1 − terminal)·V_new(s')` by MSE, summed over the twin critics;
 * 4. **target**: Polyak update of the target critics.
 *
 * Targets and weights are computed before each gradient closure, so they act as constants (TensorFlow.js
 * has no `stopGradient`). `V_new(s)` and `V_new(s')` come from one forward pass over both batches.
 *
 * @param actorDropoutSeed - seed of the actor's dropout masks this step (when it has dropout).
 * @param withMetrics - also return diagnostics (costs a few kernels; the trainer asks only at log steps).
 * @returns loss scalars (and diagnostics) keyed `value/…`, `actor/…`, `critic/…`.
 * @example
 * ```ts
 * const metrics = iqlUpdate(parts, batch, settings, rng.seed(), false);
 * tf.dispose(Object.values(metrics));
 * ```
 */
export function iqlUpdate(
  parts: IQLParts,
  batch: Batch,
  settings: IQLUpdateSettings,
  actorDropoutSeed: number,
  withMetrics: boolean,
): MetricTensors {
  return tf.tidy(() => {
    const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: d } = batch;
    const size = s.shape[0];
    const qTarget = parts.targetCritics.min(s, a);

    const valueLoss = parts.valueLearner.stepMLP([{ mlp: parts.value, input: s }], ([v]) => expectileLoss(tf.sub(qTarget, column(v)), settings.expectile) as tf.Scalar);

    const [vS, vNext] = tf.split(column(parts.value.predict(tf.concat([s, s2], 0) as tf.Tensor2D)), [size, size]) as tf.Tensor1D[];
    const advantages = tf.sub(qTarget, vS) as tf.Tensor1D;
    const awr = usesAdvantageWeights(settings.extraction);
    const weights = awr ? awrWeights(advantages, settings.beta, { maxWeight: settings.maxAdvantageWeight }) : undefined;
    const actorLoss = extractionActorStep(parts.actorLearner, {
      method: settings.extraction,
      actor: parts.actor,
      head: parts.head,
      observations: s,
      actions: a,
      dropoutSeed: actorDropoutSeed,
      weights,
      critics: parts.critics,
      bcAlpha: settings.bcAlpha,
    });

    const target = tdTarget({ rewards: r, terminals: d, nextValues: vNext }, settings.discount);
    const criticLoss = parts.criticLearner.stepMLP(parts.critics.calls(s, a), (outs) => tdLoss(parts.critics.outputsToQ(outs, a), target));

    polyakUpdate(parts.targetCritics.variables, parts.critics.variables, settings.targetUpdateRate);

    const metrics: MetricTensors = { 'value/loss': valueLoss, 'actor/loss': actorLoss, 'critic/loss': criticLoss };
    if (withMetrics) {
      metrics['value/mean'] = tf.mean(vS);
      metrics['critic/target_q_mean'] = tf.mean(qTarget);
      metrics['actor/advantage_mean'] = tf.mean(advantages);
      if (weights) metrics['actor/weight_mean'] = tf.mean(weights);
      Object.assign(metrics, parts.head.metrics(parts.actor.predict(s)));
    }
    return metrics;
  });
}
