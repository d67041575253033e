import * as tf from '@tensorflow/tfjs-core';
import type { Actor, CriticsArchitecture, MLPArchitecture, ActorArchitecture, TargetDeclaration } from '../../agent/networks';
import { awrWeights, expectileLoss } from '../../losses';
import { expectileLossGradients } from '../../losses/loss-gradients';
import { createTDLearner } from '../../td';
import type { Batch } from '../../types';
import type { AlgorithmParts, MetricTensors, StepContext } from '../definition';
import { actorLearningRate } from '../config';
import { extractionActorStep, usesAdvantageWeights } from '../extraction/methods';
import type { IQLConfig } from './config';
import { splitRows } from '../../nets/split-rows';

/**
 * IQL's network roles: the actor, twin critics with target copies, and the value network.
 *
 * @example
 * ```ts
 * const roles: IQLRoles = IQL.roles(cfg, shape);
 * ```
 */
export type IQLRoles = {
  actor: ActorArchitecture;
  critics: CriticsArchitecture;
  targetCritics: TargetDeclaration<'critics'>;
  value: MLPArchitecture;
};

/**
 * IQL's networks and its three optimizers (official code: one Adam per network).
 *
 * @example
 * ```ts
 * parts.nets.targetCritics; // CriticEnsemble
 * ```
 */
export type IQLParts = AlgorithmParts<IQLRoles, 'actor' | 'critic' | 'value'>;

const column = (t: tf.Tensor2D): tf.Tensor1D => tf.reshape(t, [-1]);

/**
 * One IQL update in the official order (Kostrikov et al. 2022, authors' `learner.py`):
 *
 * 1. **value**: `V(s)` ← expectile regression on `min_k Q̄_k(s, a)` from the *target* critics;
 * 2. **actor**: AWR with `A = min_k Q̄_k(s, a) − V_new(s)`, weights `min(exp(β·A), max)` (or the
 *    configured extraction: discretized AWR, or DDPG(+BC) through the current critics), at the
 *    actor's learning rate for this step (cosine-decayed to 0 over `steps` by default);
 * 3. **critic**: `Q_k(s, a)` ← `r + γ(1 − terminal)·V_new(s')` by MSE, summed over the twin critics;
 * 4. **target**: Polyak update of the target critics towards the updated critics.
 *
 * Targets and weights are computed before each gradient closure, so they act as constants.
 * `V_new(s)` and `V_new(s')` come from one forward pass over both batches.
 *
 * @returns loss scalars (and diagnostics at log steps) keyed `value/…`, `actor/…`, `critic/…`.
 * @example
 * ```ts
 * const metrics = iqlUpdate(parts, batch, cfg, { index: 0, log: false, seed: () => 1 });
 * tf.dispose(Object.values(metrics));
 * ```
 */
export function iqlUpdate(parts: IQLParts, batch: Batch, cfg: IQLConfig, step: StepContext): MetricTensors {
  const { actor, critics, targetCritics, value } = parts.nets;
  const learners = parts.learners;
  const dropoutSeed = actor.mlp.dropoutRate > 0 ? step.seed('actor-dropout') : undefined;
  learners.actor.learningRate = actorLearningRate(cfg, step.index);
  return tf.tidy(() => {
    const { observations: s, actions: a, nextObservations: s2 } = batch;
    const size = s.shape[0];
    const qTarget = targetCritics.min(s, a);

    // 1. value: expectile regression towards the target critics' min.
    const valueLoss = learners.value.stepMLP(
      [{ mlp: value, input: s }],
      ([v]) => expectileLoss(tf.sub(qTarget, column(v)), cfg.expectile) as tf.Scalar,
      [],
      ([v]) => expectileLossGradients(v, qTarget, cfg.expectile),
    );

    // 2. actor: advantages from the updated V.
    const [vS, vNext] = splitRows(column(value.predict(tf.concat([s, s2], 0) as tf.Tensor2D)), [size, size]);
    const advantages = tf.sub(qTarget, vS) as tf.Tensor1D;
    const weights = usesAdvantageWeights(cfg.extraction) ? awrWeights(advantages, cfg.beta, { maxWeight: cfg.maxAdvantageWeight }) : undefined;
    const actorLoss = extractionActorStep(learners.actor, {
      method: cfg.extraction,
      actor,
      observations: s,
      actions: a,
      dropoutSeed,
      weights,
      critics,
      bcAlpha: cfg.bcAlpha,
    });

    // 3. critics: TD target from the updated V(s'); 4. targets follow the updated critics (Polyak).
    const td = createTDLearner({ critic: critics, target: targetCritics, learner: learners.critic, discount: cfg.discount, targetUpdateRate: cfg.targetUpdateRate });
    const { loss: criticLoss } = td.update(batch, { nextValues: vNext });

    const metrics: MetricTensors = { 'value/loss': valueLoss, 'actor/loss': actorLoss, 'critic/loss': criticLoss };
    if (step.log) {
      metrics['value/mean'] = tf.mean(vS);
      metrics['critic/target_q_mean'] = tf.mean(qTarget);
      metrics['actor/advantage_mean'] = tf.mean(advantages);
      if (weights) metrics['actor/weight_mean'] = tf.mean(weights);
      Object.assign(metrics, actorHeadMetrics(actor, s));
    }
    return metrics;
  });
}

/**
 * The policy head's diagnostics (e.g. `actor/std`) on a batch of observations.
 *
 * @example
 * ```ts
 * Object.assign(metrics, actorHeadMetrics(parts.nets.actor, batch.observations));
 * ```
 */
export function actorHeadMetrics(actor: Actor, observations: tf.Tensor2D): MetricTensors {
  return actor.head.metrics(actor.mlp.predict(observations));
}
