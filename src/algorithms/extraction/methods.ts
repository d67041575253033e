import * as tf from '@tensorflow/tfjs-core';
import type { HeadSpec } from '../../agent/head-spec';
import type { Actor } from '../../agent/networks';
import type { PolicyHead } from '../../heads/policy-head';
import { acBcLoss, awrLoss, bcLoss, mseBcLoss } from '../../losses';
import { acBcLossGradients } from '../../losses/loss-gradients';
import type { CriticEnsemble, Learner, MLPCall, MLPTrace } from '../../nets';
import type { ActionSpace } from '../../types';

/**
 * How a policy is extracted from IQL's critics.
 *
 * - `'awr'`: advantage-weighted regression with the IQL Gaussian (the official recipe). Only
 *   trains on dataset actions; on multimodal data the Gaussian mean-matches (its mean falls between
 *   the modes, its std stays wide).
 * - `'ddpg'`: a deterministic `tanh` actor trained through the critic, `−Q(s, π(s))/mean|Q| +
 *   bcAlpha·mean_{b,d}(π(s) − a)²` (DDPG+BC; pure DDPG with `bcAlpha: 0`). Finds modes, but follows
 *   critic errors where the data covers actions sparsely.
 * - `'discrete-awr'`: AWR with a discretized head (`bins` tokens per action dimension, one
 *   categorical each); represents several modes, and the highest-advantage token gets the most mass.
 *
 * Discrete action spaces support `'awr'` only (a categorical policy).
 *
 * @example
 * ```ts
 * trainIQL(dataset, { extraction: 'discrete-awr' satisfies ExtractionMethod, bins: 41 });
 * ```
 */
export type ExtractionMethod = 'awr' | 'ddpg' | 'discrete-awr';

/** The extraction methods, for validation. */
export const EXTRACTION_METHODS: readonly ExtractionMethod[] = ['awr', 'ddpg', 'discrete-awr'];

/**
 * Whether a method fits advantage weights (and so needs them computed before the gradient closure).
 *
 * @example
 * ```ts
 * usesAdvantageWeights('ddpg'); // false
 * ```
 */
export function usesAdvantageWeights(method: ExtractionMethod): boolean {
  return method !== 'ddpg';
}

/**
 * The actor head an extraction method trains, for an action space; throws a RangeError naming the
 * method when it does not apply (e.g. `'ddpg'` with discrete actions).
 *
 * @example
 * ```ts
 * extractionHeadSpec('discrete-awr', space, 41); // { kind: 'discretized', bins: 41 }
 * ```
 */
export function extractionHeadSpec(method: ExtractionMethod, space: ActionSpace, bins: number): HeadSpec {
  if (space.type === 'discrete') {
    if (method !== 'awr') throw new RangeError(`extraction '${method}' needs a box action space; discrete action spaces use 'awr'`);
    return { kind: 'categorical' };
  }
  if (method === 'ddpg') return { kind: 'deterministic' };
  if (method === 'discrete-awr') return { kind: 'discretized', bins };
  return { kind: 'gaussian' };
}

/**
 * Inputs of {@link extractionActorStep}.
 *
 * @example
 * ```ts
 * const args: ExtractionStepArgs = { method: 'awr', actor, observations, actions, weights, critics, bcAlpha: 0 };
 * ```
 */
export interface ExtractionStepArgs {
  method: ExtractionMethod;
  actor: Actor;
  observations: tf.Tensor2D;
  /** Dataset actions, in the policy's `[−1, 1]` range (one-hot for discrete spaces). */
  actions: tf.Tensor2D;
  /** Seed of the actor's dropout masks this step (when it has dropout). */
  dropoutSeed?: number;
  /** AWR weights, computed before the gradient step (AWR methods). */
  weights?: tf.Tensor1D;
  /** Critics to differentiate through (`'ddpg'`); their variables are not updated by the actor step. */
  critics?: CriticEnsemble;
  /** Weight of the BC term of `'ddpg'`. */
  bcAlpha: number;
}

/**
 * One actor update of an extraction method; returns the loss before the step (caller disposes it).
 * AWR methods back-propagate through the actor by hand ({@link Learner.stepMLP}); `'ddpg'` through
 * the critics into the actor ({@link Learner.stepThroughCritics}).
 *
 * @example
 * ```ts
 * const loss = extractionActorStep(actorLearner, { method, actor, observations: s, actions: a, weights, critics, bcAlpha });
 * ```
 */
export function extractionActorStep(learner: Learner, args: ExtractionStepArgs): tf.Scalar {
  const { method, observations, actions, dropoutSeed } = args;
  const { mlp: actor, head } = args.actor;
  if (method === 'ddpg') {
    const critics = args.critics;
    if (!critics) throw new Error("extractionActorStep: 'ddpg' needs critics");
    if (critics.discrete) throw new Error("extractionActorStep: 'ddpg' needs a box action space");
    const lossOptions = { alpha: args.bcAlpha, normalizeQ: true };
    return learner.stepThroughCritics({
      actor,
      observations,
      dropoutSeed,
      toActions: (raw) => head.mode(raw) as tf.Tensor2D,
      critics: critics.members,
      loss: (policyActions, qs) => acBcLoss({ q: qs.reduce((x, y) => tf.minimum(x, y)), bc: mseBcLoss(policyActions, actions) }, lossOptions),
      closedForm: (policyActions, qs) => acBcLossGradients(policyActions, actions, qs, lossOptions),
      actionsGradient: (raw, policyActions, dActions) => head.modeGradient?.(raw, policyActions, dActions) ?? null,
    });
  }
  const weights = args.weights;
  if (!weights) throw new Error(`extractionActorStep: '${method}' needs AWR weights`);
  return likelihoodActorStep(learner, args.actor, { observations, actions, weights, dropoutSeed });
}

/**
 * What {@link likelihoodActorStep} trains on.
 *
 * @example
 * ```ts
 * const data: LikelihoodStepData = { observations: s, actions: a, weights };
 * ```
 */
export interface LikelihoodStepData {
  observations: tf.Tensor2D;
  /** The dataset's actions, whose log-likelihood is raised. */
  actions: tf.Tensor2D;
  /** Per-row weights `[B]` (AWR, AWAC); left out, every row counts 1 (BC). */
  weights?: tf.Tensor1D;
  /** Dropout seed of the actor's forward pass, when it has dropout. */
  dropoutSeed?: number;
  /** The actor's forward pass on `observations` when the update already ran it with the current weights (see {@link MLPCall.trace}). */
  trace?: MLPTrace;
}

/**
 * One actor step on `−mean(w·log π(a|s))` (AWR and AWAC with weights, BC without), back-propagated
 * by hand; the loss and its gradient come from the head's one-kernel closed form where it has one
 * ({@link PolicyHead.nllGradients}), else from the tape. Returns the loss before the step.
 *
 * @example
 * ```ts
 * const loss = likelihoodActorStep(learners.actor, actor, { observations: s, actions: a, weights });
 * ```
 */
export function likelihoodActorStep(learner: Learner, actor: Actor, data: LikelihoodStepData): tf.Scalar {
  const { mlp, head } = actor;
  const { observations, actions, weights, dropoutSeed, trace } = data;
  const loss = (raw: tf.Tensor2D): tf.Scalar => (weights ? awrLoss(head.logProb(raw, actions), weights) : bcLoss(head.logProb(raw, actions)));
  const closedForm = head.nllGradients?.bind(head);
  return learner.stepMLP(
    [{ mlp, input: observations, dropoutSeed, trace }],
    ([raw]) => loss(raw),
    head.variables,
    closedForm && (([raw]) => closedForm(raw, actions, weights)),
  );
}
