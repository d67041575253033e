import * as tf from '@tensorflow/tfjs-core';
import type { ActorArchitecture, CriticsArchitecture, TargetDeclaration } from '../../agent/networks';
import { acBcLoss, mseBcLoss } from '../../losses';
import { acBcLossGradients } from '../../losses/loss-gradients';
import { polyakUpdate } from '../../nets';
import { createTDLearner } from '../../td';
import type { Batch } from '../../types';
import type { AlgorithmParts, MetricTensors, StepContext } from '../definition';
import type { ReBRACConfig } from './config';

/**
 * ReBRAC's network roles: TD3+BC's (a deterministic actor and its target, twin critics and their
 * targets), with layer norm in the critics.
 *
 * @example
 * ```ts
 * const roles: ReBRACRoles = ReBRAC.roles(cfg, shape);
 * ```
 */
export type ReBRACRoles = {
  actor: ActorArchitecture;
  targetActor: TargetDeclaration<'actor'>;
  critics: CriticsArchitecture;
  targetCritics: TargetDeclaration<'critics'>;
};

/**
 * ReBRAC's networks and its two optimizers.
 *
 * @example
 * ```ts
 * parts.learners.critic.learningRate; // cfg.criticLearningRate
 * ```
 */
export type ReBRACParts = AlgorithmParts<ReBRACRoles, 'actor' | 'critic'>;

/**
 * `‖a − b‖²` per row, `[B]`: ReBRAC's behaviour penalty (summed over the action dimensions, as CORL's `((a − b)**2).sum(-1)`).
 *
 * @example
 * ```ts
 * squaredDistance(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]])); // [5]
 * ```
 */
export function squaredDistance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.squaredDifference(a, b), 1);
}

/**
 * One ReBRAC update (Tarasov et al. 2023, CORL `rebrac.py`), in its order:
 *
 * 1. **critic**: `ã' = clip(π̄(s') + clip(N(0, policyNoise), ±noiseClip), −1, 1)` from the target
 *    actor; `y = r + γ(1 − terminal)·(min_k Q̄_k(s', ã') − β_critic·‖ã' − a'‖²)` with `a'` the
 *    dataset's next action; both critics regress on `y`;
 * 2. on updates with `index % policyDelay == 0` (0, 2, 4, … as CORL): **actor**
 *    `mean(β_actor·‖π(s) − a‖² − λ·min_k Q_k(s, π(s)))` through the critics just updated, with
 *    `λ = 1 / mean|min_k Q_k|` held constant (`normalizeQ`) or 1; then Polyak updates of the target
 *    critics and the target actor.
 *
 * The batch must carry `nextActions`: the trainer samples only rows whose next action is known or
 * whose bootstrap is cut (terminal rows, where the penalty is multiplied by 0); see
 * `datasetNextActions`.
 *
 * @example
 * ```ts
 * const metrics = rebracUpdate(parts, batch, cfg, { index: 0, log: false, seed: (name) => rng.seed() });
 * ```
 */
export function rebracUpdate(parts: ReBRACParts, batch: Batch, cfg: ReBRACConfig, step: StepContext): MetricTensors {
  const { actor, targetActor, critics, targetCritics } = parts.nets;
  const { learners } = parts;
  const dataNext = batch.nextActions;
  if (!dataNext) throw new Error('rebracUpdate: the batch has no nextActions (the sampler must be created with nextActions: true)');
  const noiseSeed = cfg.policyNoise > 0 ? step.seed('target-noise') : 0;
  return tf.tidy(() => {
    const { observations: s, actions: a, nextObservations: s2, terminals: d } = batch;

    // 1. critics: TD3's smoothed target, minus the penalty for straying from the data's next action.
    let nextActions = targetActor.head.mode(targetActor.mlp.predict(s2)) as tf.Tensor2D;
    if (cfg.policyNoise > 0) {
      const noise = tf.clipByValue(tf.mul(tf.randomNormal(nextActions.shape, 0, 1, 'float32', noiseSeed), cfg.policyNoise), -cfg.noiseClip, cfg.noiseClip);
      nextActions = tf.clipByValue(tf.add(nextActions, noise), -1, 1) as tf.Tensor2D;
    }
    const penalty = squaredDistance(nextActions, dataNext);
    const nextValues = tf.sub(targetCritics.min(s2, nextActions), tf.mul(penalty, cfg.criticBcWeight)) as tf.Tensor1D;
    const td = createTDLearner({ critic: critics, target: targetCritics, learner: learners.critic, discount: cfg.discount, targetUpdateRate: cfg.targetUpdateRate });
    const { loss: criticLoss, target } = td.update(batch, { nextValues, updateTarget: false });
    const metrics: MetricTensors = { 'critic/loss': criticLoss };

    // 2. delayed actor (TD3+BC's loss with β on the BC term, summed over dimensions, min of both critics), then targets.
    if (step.index % cfg.policyDelay === 0) {
      const actionDim = a.shape[1];
      // mean_b β‖π − a‖² = β·D·mean_{b,d}(π − a)².
      const lossOptions = { qWeight: 1, alpha: cfg.actorBcWeight * actionDim, normalizeQ: cfg.normalizeQ };
      metrics['actor/loss'] = learners.actor.stepThroughCritics({
        actor: actor.mlp,
        observations: s,
        toActions: (raw) => actor.head.mode(raw) as tf.Tensor2D,
        critics: critics.members,
        loss: (pi, qs) => acBcLoss({ q: qs.reduce((x, y) => tf.minimum(x, y)), bc: mseBcLoss(pi, a) }, lossOptions),
        closedForm: (pi, qs) => acBcLossGradients(pi, a, qs, lossOptions),
        actionsGradient: (raw, pi, dPi) => actor.head.modeGradient?.(raw, pi, dPi) ?? null,
      });
      td.updateTarget();
      polyakUpdate(targetActor.variables, actor.variables, cfg.targetUpdateRate);
    }
    if (step.log) {
      metrics['critic/target_q_mean'] = tf.mean(target);
      metrics['critic/next_action_penalty'] = tf.mean(tf.mul(penalty, tf.sub(1, d)));
      metrics['actor/bc_mse'] = mseBcLoss(actor.head.mode(actor.mlp.predict(s)) as tf.Tensor2D, a);
    }
    return metrics;
  });
}
