import type { ObservationStats } from '../data';
import type { ActionSpace } from '../types';
import type { AgentSpec, ConfigRecord } from './agent-spec';
import { defaultHeadSpec, resolveHeadSpec, type HeadSpec } from './head-spec';
import { actorRole, criticsRole, valueRole, type RoleRecord } from './networks';
import type { SerializedAgent } from './serialize';
import type { SerializedTensor } from './tensor-codec';

/** The spec of a version-1 agent file (offline-rl 0.1). */
interface SpecV1 {
  algorithm: string;
  observationDim: number;
  actionSpace: ActionSpace;
  head?: HeadSpec;
  hiddenDims: number[];
  actorDropout: number;
  observationStats: ObservationStats | null;
  config: ConfigRecord;
}

/**
 * Converts a version-1 agent document (offline-rl 0.1: weight groups `actor`, `head`, `critics`,
 * `targetCritics`, `value`, and an architecture implied by `hiddenDims`, `head` and which groups
 * exist) to the current layout, with an explicit architecture record per role. Only this converter
 * infers an architecture from the weights present; current files state it.
 *
 * @example
 * ```ts
 * const doc = agentDocFromV1(JSON.parse(oldText));
 * doc.spec.networks.actor.architecture.kind; // 'actor'
 * ```
 */
export function agentDocFromV1(doc: Partial<SerializedAgent>): SerializedAgent {
  const spec = doc.spec as unknown as SpecV1 | undefined;
  const weights = doc.weights as Record<string, SerializedTensor[]> | undefined;
  if (!spec || !weights || !Array.isArray(weights.actor)) throw new Error('loadAgent: version-1 agent file lacks spec or weights');
  const shape = { observationDim: spec.observationDim, actionSpace: spec.actionSpace };
  const head = resolveHeadSpec(spec.head ?? defaultHeadSpec(spec.actionSpace));
  const networks: Record<string, RoleRecord> = {
    actor: { architecture: actorRole(shape, { hiddenDims: spec.hiddenDims, head, dropoutRate: spec.actorDropout }) },
  };
  const converted: Record<string, SerializedTensor[]> = { actor: [...weights.actor, ...(weights.head ?? [])] };
  if (weights.critics) {
    const perCritic = 2 * (spec.hiddenDims.length + 1);
    const count = weights.critics.length / perCritic;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`loadAgent: version-1 network 'critics' has ${weights.critics.length} saved tensors, not a multiple of ${perCritic}`);
    }
    networks.critics = { architecture: criticsRole(shape, spec.hiddenDims, count) };
    converted.critics = weights.critics;
    if (weights.targetCritics) {
      networks.targetCritics = { architecture: networks.critics.architecture, targetOf: 'critics' };
      converted.targetCritics = weights.targetCritics;
    }
  }
  if (weights.value) {
    networks.value = { architecture: valueRole(shape, spec.hiddenDims) };
    converted.value = weights.value;
  }
  const current: AgentSpec = {
    algorithm: spec.algorithm,
    observationDim: spec.observationDim,
    actionSpace: spec.actionSpace,
    observationStats: spec.observationStats,
    networks,
    config: spec.config,
    trainedSteps: typeof spec.config?.steps === 'number' ? spec.config.steps : 0,
  };
  return { format: 'offline-rl/agent', version: 2, spec: current, weights: converted };
}
