import * as tf from '@tensorflow/tfjs-core';
import type { ActorArchitecture, CriticsArchitecture, TargetDeclaration } from '../../agent/networks';
import { awrWeights } from '../../losses';
import { likelihoodActorStep } from '../extraction/methods';
import { createTDLearner } from '../../td';
import type { Batch } from '../../types';
import type { AlgorithmParts, MetricTensors, StepContext } from '../definition';
import type { AWACConfig } from './config';
import { splitRows } from '../../nets/split-rows';

/**
 * AWAC's network roles: a Gaussian actor, twin critics and their targets (no target actor).
 *
 * @example
 * ```ts
 * const roles: AWACRoles = AWAC.roles(cfg, shape);
 * ```
 */
export type AWACRoles = {
  actor: ActorArchitecture;
  critics: CriticsArchitecture;
  targetCritics: TargetDeclaration<'critics'>;
};

/**
 * AWAC's networks and its two optimizers.
 *
 * @example
 * ```ts
 * parts.learners.critic; // trains both critics
 * ```
 */
export type AWACParts = AlgorithmParts<AWACRoles, 'actor' | 'critic'>;

/**
 * The actor weights of AWAC from advantages `[B]`: `min(exp(A/λ), maxAdvantageWeight)` (`'exp'`), or
 * `B · softmax(A/λ)` over the batch (`'softmax'`). Values only; compute them outside the gradient.
 *
 * @example
 * ```ts
 * const w = awacWeights(tf.tensor1d([0, 1]), { lambda: 1, weighting: 'exp', maxAdvantageWeight: 100 }); // [1, e]
 * ```
 */
export function awacWeights(advantages: tf.Tensor1D, cfg: Pick<AWACConfig, 'lambda' | 'weighting' | 'maxAdvantageWeight'>): tf.Tensor1D {
  if (cfg.weighting === 'softmax') return tf.tidy(() => tf.mul(tf.softmax(tf.div(advantages, cfg.lambda)), advantages.shape[0]) as tf.Tensor1D);
  return awrWeights(advantages, 1 / cfg.lambda, { maxWeight: cfg.maxAdvantageWeight });
}

/**
 * One AWAC update (Nair et al. 2020), in CORL's order (`awac.py`):
 *
 * 1. **critic**: `y = r + γ(1 − terminal)·min_k Q̄_k(s', a')` with `a' ~ π(·|s')` sampled from the
 *    current actor (clipped to the box); both critics regress on `y`;
 * 2. **actor**: weighted log-likelihood of the dataset actions, `−mean(w · log π(a|s))`, with
 *    `A = min_k Q_k(s, a) − min_k Q_k(s, ã)`, `ã ~ π(·|s)` one sample, from the critics just updated,
 *    and `w` from {@link awacWeights};
 * 3. **target**: Polyak update of the target critics.
 *
 * @example
 * ```ts
 * const metrics = awacUpdate(parts, batch, cfg, { index: 0, log: false, seed: (name) => rng.seed() });
 * ```
 */
export function awacUpdate(parts: AWACParts, batch: Batch, cfg: AWACConfig, step: StepContext): MetricTensors {
  const { actor, critics, targetCritics } = parts.nets;
  const { learners } = parts;
  const nextSeed = step.seed('next-action');
  const policySeed = step.seed('policy-action');
  return tf.tidy(() => {
    const { observations: s, actions: a, nextObservations: s2 } = batch;
    const size = s.shape[0];
    // The actor does not change before its own step, so its forward pass over s, which the policy
    // sample at s needs, is kept for that step's backward pass instead of being run twice.
    const actorTrace = actor.mlp.forwardTrace(s);
    const raw = actorTrace.output;
    const rawNext = actor.mlp.predict(s2);

    // 1. critics, towards the target critics at an action the current policy samples at s'.
    const nextActions = actor.head.sample(rawNext, nextSeed) as tf.Tensor2D;
    const td = createTDLearner({ critic: critics, target: targetCritics, learner: learners.critic, discount: cfg.discount, targetUpdateRate: cfg.targetUpdateRate });
    const { loss: criticLoss, target } = td.update(batch, { nextValues: targetCritics.min(s2, nextActions), updateTarget: false });

    // 2. actor: advantage of the dataset action over one policy sample, under the updated critics.
    const policyActions = actor.head.sample(raw, policySeed) as tf.Tensor2D;
    // Q(s, a) and V(s) = Q(s, ã) in one pass over the stacked batch.
    const [qData, value] = splitRows(critics.min(tf.concat([s, s], 0) as tf.Tensor2D, tf.concat([a, policyActions], 0) as tf.Tensor2D), [size, size]);
    const advantages = tf.sub(qData, value) as tf.Tensor1D;
    const weights = awacWeights(advantages, cfg);
    const actorLoss = likelihoodActorStep(learners.actor, actor, { observations: s, actions: a, weights, trace: actorTrace });

    // 3. targets follow the updated critics.
    td.updateTarget();

    const metrics: MetricTensors = { 'critic/loss': criticLoss, 'actor/loss': actorLoss };
    if (step.log) {
      metrics['critic/target_q_mean'] = tf.mean(target);
      metrics['actor/advantage_mean'] = tf.mean(advantages);
      metrics['actor/weight_mean'] = tf.mean(weights);
      metrics['actor/weight_max'] = tf.max(weights);
      Object.assign(metrics, actor.head.metrics(raw));
    }
    return metrics;
  });
}
