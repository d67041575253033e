import * as tf from '@tensorflow/tfjs-core';
import { cqlGaps, cqlPenalty, tdLoss, tdTarget } from '../../losses';
import { polyakUpdate } from '../../nets';
import type { Batch } from '../../types';
import type { MetricTensors, StepContext } from '../definition';
import type { CQLConfig } from './config';
import type { CQLParts } from './roles';

/**
 * One discrete CQL update: double DQN plus the discrete penalty (d3rlpy `DiscreteCQL`):
 *
 * 1. **target**: `a* = argmax_a Q(s', a)` by the online Q-network, `y = r + γ(1 − terminal)·Q̄(s', a*)`
 *    by the target network (double DQN);
 * 2. **Q-network**: `mean (Q(s, a) − y)² + cqlAlpha · mean_B [T·logsumexp_a Q(s, a)/T − Q(s, a)]`
 *    (the TD error is squared, where d3rlpy uses a Huber loss);
 * 3. **target**: Polyak (rate `targetUpdateRate`, 1 = a copy) every `targetUpdateInterval` updates;
 * 4. the `actor` role (a categorical head over the Q-values) takes the Q-network's new weights, so the
 *    agent acts greedily, `argmax_a Q(s, a)`.
 *
 * @example
 * ```ts
 * const metrics = cqlDiscreteUpdate(parts, batch, cfg, { index: 0, log: false, seed: () => 1 });
 * ```
 */
export function cqlDiscreteUpdate(parts: CQLParts, batch: Batch, cfg: CQLConfig, step: StepContext): MetricTensors {
  const { actor, critics, targetCritics } = parts.nets;
  const learner = parts.learners.critic;
  return tf.tidy(() => {
    const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: d } = batch;
    const actionCount = a.shape[1];

    // 1. double DQN target: the online network picks, the target network values.
    const greedyNext = tf.oneHot(tf.argMax(critics.members[0].predict(s2), 1), actionCount) as tf.Tensor2D;
    const target = tdTarget({ rewards: r, terminals: d, nextValues: targetCritics.min(s2, greedyNext) }, cfg.discount);

    // 2. TD error plus the penalty, both on the Q-values of every action at s.
    let gap: tf.Scalar | undefined;
    const loss = learner.stepMLP(critics.calls(s, a), (outputs) => {
      const gaps = cqlGaps({ allQ: outputs, actions: a }, { temperature: cfg.cqlTemperature, clipMin: cfg.cqlClipDiffMin ?? undefined, clipMax: cfg.cqlClipDiffMax ?? undefined });
      if (step.log) gap = tf.keep(tf.mean<tf.Scalar>(gaps));
      return tf.add(tdLoss(critics.outputsToQ(outputs, a), target), cqlPenalty(gaps, { cqlAlpha: cfg.cqlAlpha }));
    });

    // 3. target network; 4. the greedy actor follows the Q-network.
    if ((step.index + 1) % cfg.targetUpdateInterval === 0) polyakUpdate(targetCritics.variables, critics.variables, cfg.targetUpdateRate);
    actor.mlp.copyFrom(critics.members[0]);

    const metrics: MetricTensors = { 'critic/loss': loss };
    if (step.log) {
      metrics['cql/gap'] = tf.clone(gap!);
      gap!.dispose();
      metrics['critic/target_q_mean'] = tf.mean(target);
    }
    return metrics;
  });
}
