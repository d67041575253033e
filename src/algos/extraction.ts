import * as tf from '@tensorflow/tfjs-core';
import type { PolicyHead } from '../heads';
import { acBcLoss, awrLoss, mseBcLoss } from '../losses';
import type { CriticEnsemble } from '../nets';
import type { ActionSpace } from '../types';
import type { HeadSpec } from './head-spec';

/**
 * How a policy is extracted from IQL's critics.
 *
 * - `'awr'`: advantage-weighted regression with the IQL Gaussian (the official recipe). Only
 *   trains on dataset actions; on multimodal data the Gaussian mean-matches (its mean falls between
 *   the modes, its std stays wide).
 * - `'ddpg'`: a deterministic `tanh` actor trained through the critic, `−Q(s, π(s))/mean|Q| +
 *   bcAlpha·‖π(s) − a‖²` (DDPG+BC when `bcAlpha > 0`). Finds modes, but follows critic errors where
 *   the data covers actions sparsely.
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
 * Inputs of {@link extractionActorLoss}.
 *
 * @example
 * ```ts
 * const args: ExtractionLossArgs = { method: 'awr', head, raw, observations, actions, weights, critics, bcAlpha: 0 };
 * ```
 */
export interface ExtractionLossArgs {
  method: ExtractionMethod;
  head: PolicyHead;
  /** The actor network's output for `observations`. */
  raw: tf.Tensor2D;
  observations: tf.Tensor2D;
  /** Dataset actions, in the policy's `[−1, 1]` range (one-hot for discrete spaces). */
  actions: tf.Tensor2D;
  /** AWR weights, computed before the gradient closure (AWR methods). */
  weights?: tf.Tensor1D;
  /** Critics to differentiate through (`'ddpg'`); their variables are not updated by the actor step. */
  critics?: CriticEnsemble;
  /** Weight of the BC term of `'ddpg'`. */
  bcAlpha: number;
}

/**
 * The actor loss of an extraction method, to be called inside the actor's gradient closure.
 *
 * @example
 * ```ts
 * const loss = learner.step(() => extractionActorLoss({ method, head, raw: actor.apply(s), observations: s, actions: a, weights, critics, bcAlpha }));
 * ```
 */
export function extractionActorLoss(args: ExtractionLossArgs): tf.Scalar {
  const { method, head, raw, observations, actions } = args;
  if (method === 'ddpg') {
    if (!args.critics) throw new Error("extractionActorLoss: 'ddpg' needs critics");
    const critics = args.critics;
    const policyActions = head.mode(raw) as tf.Tensor2D;
    const q = critics.apply(observations, policyActions, true).reduce((x, y) => tf.minimum(x, y));
    return acBcLoss({ q, bc: mseBcLoss(policyActions, actions) }, { alpha: args.bcAlpha, normalizeQ: true });
  }
  if (!args.weights) throw new Error(`extractionActorLoss: '${method}' needs AWR weights`);
  return awrLoss(head.logProb(raw, actions), args.weights);
}
