import * as tf from '@tensorflow/tfjs-core';
import type { ActorArchitecture } from '../../agent/networks';
import { likelihoodActorStep } from '../extraction/methods';
import type { Batch } from '../../types';
import { actorLearningRate } from '../config';
import type { AlgorithmParts, MetricTensors, StepContext } from '../definition';
import type { BCConfig } from './config';

/**
 * BC's one network role: the actor.
 *
 * @example
 * ```ts
 * const roles: BCRoles = BC.roles(cfg, shape);
 * ```
 */
export type BCRoles = { actor: ActorArchitecture };

/**
 * One behaviour-cloning update: `−mean log π(a|s)` over the batch's dataset actions, one Adam step on
 * the actor (and its head's log-std) at the scheduled learning rate.
 *
 * @example
 * ```ts
 * const metrics = bcUpdate(parts, batch, cfg, { index: 0, log: true, seed: () => 1 });
 * ```
 */
export function bcUpdate(parts: AlgorithmParts<BCRoles, 'actor'>, batch: Batch, cfg: BCConfig, step: StepContext): MetricTensors {
  const { mlp, head } = parts.nets.actor;
  const learner = parts.learners.actor;
  learner.learningRate = actorLearningRate(cfg, step.index);
  const dropoutSeed = mlp.dropoutRate > 0 ? step.seed('actor-dropout') : undefined;
  return tf.tidy(() => {
    const loss = likelihoodActorStep(learner, parts.nets.actor, { observations: batch.observations, actions: batch.actions, dropoutSeed });
    return step.log ? { 'actor/loss': loss, ...head.metrics(mlp.predict(batch.observations)) } : { 'actor/loss': loss };
  });
}
