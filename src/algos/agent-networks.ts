import type { ObservationStats } from '../data';
import { CategoricalHead, GaussianHead, type PolicyHead } from '../heads';
import { CriticEnsemble, MLP } from '../nets';
import type { Rng } from '../rng';
import type { ActionSpace } from '../types';

/**
 * The algorithms that produce an {@link Agent}.
 *
 * @example
 * ```ts
 * const algo: AgentAlgorithm = agent.spec.algorithm; // 'iql' | 'bc'
 * ```
 */
export type AgentAlgorithm = 'iql' | 'bc';

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
  hiddenDims: number[];
  actorDropout: number;
  /** Observation statistics applied before every network, or null when observations are used raw. */
  observationStats: ObservationStats | null;
  /** The resolved training config. */
  config: ConfigRecord;
}

/**
 * The networks of an agent: always an actor MLP and its head; IQL adds twin critics, their target
 * copies and a value network.
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
 * The policy head for an action space: the IQL Gaussian (tanh mean, state-independent log-std) for
 * box spaces, a categorical for discrete ones.
 *
 * @example
 * ```ts
 * const head = headFor({ type: 'discrete', n: 3 }); // CategoricalHead
 * ```
 */
export function headFor(space: ActionSpace): PolicyHead {
  return space.type === 'discrete' ? new CategoricalHead(space.n) : new GaussianHead(space.low.length);
}

/**
 * Builds freshly initialised networks for a spec, drawing initial weights from `rng`.
 *
 * @param withCritics - also build critics, target critics and the value network (IQL).
 * @example
 * ```ts
 * const nets = buildNetworks(spec, rng.split(), spec.algorithm === 'iql');
 * ```
 */
export function buildNetworks(spec: AgentSpec, rng: Rng, withCritics: boolean): AgentNetworks {
  const { observationDim, actionSpace, hiddenDims } = spec;
  const head = headFor(actionSpace);
  const actor = new MLP({ inputDim: observationDim, hiddenDims, outputDim: head.inputDim, rng, name: 'actor', dropoutRate: spec.actorDropout });
  if (!withCritics) return { actor, head };
  const critics = new CriticEnsemble({ observationDim, actionSpace, hiddenDims, rng });
  const targetCritics = critics.cloneAsTarget(rng);
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
