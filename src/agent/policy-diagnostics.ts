import * as tf from '@tensorflow/tfjs-core';
import { DiscretizedHead } from '../heads';
import type { Agent } from './agent';

/** An action counts as "on the unit circle" (or sphere) when its norm exceeds this. */
export const NEAR_UNIT_NORM = 0.9;

/**
 * What {@link policyDiagnostics} reports about a policy on a set of states.
 *
 * @example
 * ```ts
 * const d: PolicyDiagnostics = policyDiagnostics(agent, observations);
 * d.meanActionNorm; // e.g. 0.97
 * ```
 */
export interface PolicyDiagnostics {
  /** Mean standard deviation of the policy over states and action dimensions (Gaussian heads only). */
  meanStd?: number;
  /** Mean Euclidean norm of the greedy (mode) actions, in the action space's own units. */
  meanActionNorm: number;
  /** Fraction of greedy actions with norm above {@link NEAR_UNIT_NORM}. */
  fractionNearUnitNorm: number;
  /** Mean entropy (nats) of each action dimension's categorical (discretized heads only). */
  entropyPerDimension?: number[];
}

/**
 * Diagnostics that tell policy-extraction methods apart (the maze2d finding): a Gaussian fitted by
 * AWR to multimodal actions keeps a wide std and mean actions of small norm (between the modes),
 * while DDPG-style and discretized extraction put actions where the data is (norm near 1 on
 * maze2d). Box action spaces only.
 *
 * @example
 * ```ts
 * const { meanStd, meanActionNorm, fractionNearUnitNorm } = policyDiagnostics(agent, dataStates);
 * ```
 */
export function policyDiagnostics(agent: Agent, observations: number[][]): PolicyDiagnostics {
  if (agent.actionSpace.type !== 'box') throw new RangeError('policyDiagnostics: needs a box action space');
  const actions = agent.act(observations) as number[][];
  const norms = actions.map((a) => Math.hypot(...a));
  const result: PolicyDiagnostics = {
    meanActionNorm: norms.reduce((s, n) => s + n, 0) / norms.length,
    fractionNearUnitNorm: norms.filter((n) => n > NEAR_UNIT_NORM).length / norms.length,
  };
  const head = agent.actor.head;
  const raw = agent.actorOutput(observations);
  try {
    if (head.kind === 'gaussian') {
      const { 'actor/std': std } = head.metrics(raw);
      result.meanStd = std.dataSync()[0];
      std.dispose();
    }
    if (head instanceof DiscretizedHead) {
      const perDim = tf.tidy(() => tf.mean(head.entropyPerDimension(raw), 0));
      result.entropyPerDimension = Array.from(perDim.dataSync());
      perDim.dispose();
    }
  } finally {
    raw.dispose();
  }
  return result;
}
