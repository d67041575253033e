import type { ObservationStats } from '../data';
import type { PolicyHead } from '../heads';
import { CriticEnsemble, MLP } from '../nets';
import type { Rng } from '../rng';
import type { ActionSpace } from '../types';
import { createHead, defaultHeadSpec, type HeadSpec } from './head-spec';

/**
 * The algorithms that produce an {@link Agent}.
 *
 * @example
 * ```ts
 * const algo: AgentAlgorithm = agent.spec.algorithm; // 'iql' | 'bc'
 * ```
 */
export type AgentAlgorithm = 'iql' | 'bc' | 'td3bc';

/**
 * JSON-safe config values kept with an agent (functions such as `onProgress` are dropped).
 *
 * @example
 * ```ts
 * agent.spec.config.expectile; // 0.7
 * ```
 */
export type ConfigRecord = Record<string, string | number | boolean | number[] | null>;

/**
 * Everything needed to rebuild an agent's networks, besides the weights. JSON-safe.
 *
 * @example
 * ```ts
 * const spec: AgentSpec = agent.spec;
 * spec.actionSpace; // { type: 'discrete', n: 2 }
 * ```
 */
export interface AgentSpec {
  algorithm: AgentAlgorithm;
  observationDim: number;
  actionSpace: ActionSpace;
  /** The actor's policy head (files written before it existed use the action space's default). */
  head?: HeadSpec;
  hiddenDims: number[];
  actorDropout: number;
  /** Observation statistics applied before every network, or null when observations are used raw. */
  observationStats: ObservationStats | null;
  /** The resolved training config. */
  config: ConfigRecord;
}

/**
 * The networks of an agent: always an actor MLP and its head; IQL adds twin critics, their target
 * copies and a value network; TD3+BC adds twin critics and their targets (no value network).
 *
 * @example
 * ```ts
 * const nets = buildNetworks(spec, new Rng(0), true);
 * nets.critics?.members.length; // 2
 * ```
 */
export interface AgentNetworks {
  actor: MLP;
  head: PolicyHead;
  critics?: CriticEnsemble;
  targetCritics?: CriticEnsemble;
  value?: MLP;
}

/**
 * Builds freshly initialised networks for a spec, drawing initial weights from `rng`.
 *
 * @param withCritics - also build critics and target critics (IQL, TD3+BC).
 * @param withValue - also build the value network (IQL); defaults to `withCritics`.
 * @example
 * ```ts
 * const nets = buildNetworks(spec, rng.split(), spec.algorithm === 'iql');
 * ```
 */
export function buildNetworks(spec: AgentSpec, rng: Rng, withCritics: boolean, withValue = withCritics): AgentNetworks {
  const { observationDim, actionSpace, hiddenDims } = spec;
  const head = createHead(spec.head ?? defaultHeadSpec(actionSpace), actionSpace);
  const actor = new MLP({ inputDim: observationDim, hiddenDims, outputDim: head.inputDim, rng, name: 'actor', dropoutRate: spec.actorDropout });
  if (!withCritics) return { actor, head };
  const critics = new CriticEnsemble({ observationDim, actionSpace, hiddenDims, rng });
  const targetCritics = critics.cloneAsTarget(rng);
  if (!withValue) return { actor, head, critics, targetCritics };
  const value = new MLP({ inputDim: observationDim, hiddenDims, outputDim: 1, rng, name: 'value' });
  return { actor, head, critics, targetCritics, value };
}

/**
 * Frees every network's variables.
 *
 * @example
 * ```ts
 * disposeNetworks(nets);
 * ```
 */
export function disposeNetworks(nets: AgentNetworks): void {
  nets.actor.dispose();
  nets.head.dispose();
  nets.critics?.dispose();
  nets.targetCritics?.dispose();
  nets.value?.dispose();
}
