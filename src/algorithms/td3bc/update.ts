import * as tf from '@tensorflow/tfjs-core';
import type { ActorArchitecture, CriticsArchitecture, TargetDeclaration } from '../../agent/networks';
import { acBcLoss, mseBcLoss } from '../../losses';
import { acBcLossGradients } from '../../losses/loss-gradients';
import { polyakUpdate } from '../../nets';
import { createTDLearner, policyBootstrap } from '../../td';
import type { Batch } from '../../types';
import type { AlgorithmParts, MetricTensors, StepContext } from '../definition';
import type { TD3BCConfig } from './config';

/**
 * TD3+BC's network roles: a deterministic actor and its target, twin critics and their targets.
 *
 * @example
 * ```ts
 * const roles: TD3BCRoles = TD3BC.roles(cfg, shape);
 * ```
 */
export type TD3BCRoles = {
  actor: ActorArchitecture;
  targetActor: TargetDeclaration<'actor'>;
  critics: CriticsArchitecture;
  targetCritics: TargetDeclaration<'critics'>;
};

/**
 * TD3+BC's networks and its two optimizers.
 *
 * @example
 * ```ts
 * parts.nets.targetActor.mlp; // the target policy network
 * ```
 */
export type TD3BCParts = AlgorithmParts<TD3BCRoles, 'actor' | 'critic'>;

/**
 * One TD3+BC update (Fujimoto & Gu 2021, the authors' `TD3_BC.py`), in their order:
 *
 * 1. **critic**: `y = r + γ(1 − terminal)·min_k Q̄_k(s', ã)` with the *target* actor's action plus
 *    clipped noise, `ã = clip(π̄(s') + clip(N(0, policyNoise), ±noiseClip), −1, 1)`; both critics
 *    regress on `y`;
 * 2. every `policyDelay`-th update (when `(index + 1) % policyDelay == 0`): **actor**
 *    `−λ·Q_1(s, π(s)) + mean_{b,d}(π(s) − a)²` with `λ = qWeight / mean|Q_1(s, π(s))|` (the mean
 *    treated as a constant; Q_1 only, after this step's critic update), then Polyak updates of the
 *    target critics and the target actor. On other updates the targets stay where they are.
 *
 * @example
 * ```ts
 * const metrics = td3bcUpdate(parts, batch, cfg, { index: 1, log: false, seed: (name) => rng.seed() });
 * ```
 */
export function td3bcUpdate(parts: TD3BCParts, batch: Batch, cfg: TD3BCConfig, step: StepContext): MetricTensors {
  const { actor, targetActor, critics, targetCritics } = parts.nets;
  const { learners } = parts;
  const noiseSeed = cfg.policyNoise > 0 ? step.seed('target-noise') : 0;
  return tf.tidy(() => {
    const { observations: s, actions: a } = batch;

    // 1. critics, towards the target actor's smoothed next action (targets move only with the actor).
    const smoothedTargetAction = (s2: tf.Tensor2D): tf.Tensor2D => {
      const nextActions = targetActor.head.mode(targetActor.mlp.predict(s2)) as tf.Tensor2D;
      if (!(cfg.policyNoise > 0)) return nextActions;
      const noise = tf.clipByValue(tf.mul(tf.randomNormal(nextActions.shape, 0, 1, 'float32', noiseSeed), cfg.policyNoise), -cfg.noiseClip, cfg.noiseClip);
      return tf.clipByValue(tf.add(nextActions, noise), -1, 1) as tf.Tensor2D;
    };
    const td = createTDLearner({
      critic: critics,
      target: targetCritics,
      learner: learners.critic,
      discount: cfg.discount,
      targetUpdateRate: cfg.targetUpdateRate,
      bootstrap: policyBootstrap(smoothedTargetAction),
    });
    const { loss: criticLoss, target } = td.update(batch, { updateTarget: false });
    const metrics: MetricTensors = { 'critic/loss': criticLoss };

    // 2. delayed actor and target updates.
    if ((step.index + 1) % cfg.policyDelay === 0) {
      const actorLossOptions = { qWeight: cfg.qWeight, alpha: 1, normalizeQ: true };
      metrics['actor/loss'] = learners.actor.stepThroughCritics({
        actor: actor.mlp,
        observations: s,
        toActions: (raw) => actor.head.mode(raw) as tf.Tensor2D,
        critics: [critics.members[0]],
        loss: (pi, [q1]) => acBcLoss({ q: q1, bc: mseBcLoss(pi, a) }, actorLossOptions),
        closedForm: (pi, [q1]) => acBcLossGradients(pi, a, [q1], actorLossOptions),
        actionsGradient: (raw, pi, dPi) => actor.head.modeGradient?.(raw, pi, dPi) ?? null,
      });
      td.updateTarget();
      polyakUpdate(targetActor.variables, actor.variables, cfg.targetUpdateRate);
    }
    if (step.log) {
      metrics['critic/target_q_mean'] = tf.mean(target);
      metrics['actor/bc_mse'] = mseBcLoss(actor.head.mode(actor.mlp.predict(s)) as tf.Tensor2D, a);
    }
    return metrics;
  });
}
