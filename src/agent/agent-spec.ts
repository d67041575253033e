import type { ObservationStats } from '../data';
import type { ActionSpace } from '../types';
import type { RoleRecord } from './networks';

/**
 * JSON-safe config values kept with an agent (functions such as `onProgress`, and objects such as
 * `signal`, are dropped).
 *
 * @example
 * ```ts
 * agent.spec.config.expectile; // 0.7
 * ```
 */
export type ConfigRecord = Record<string, string | number | boolean | number[] | null>;

/**
 * Everything needed to rebuild an agent besides the weights: which algorithm trained it, the data's
 * shape, the observation statistics applied before every network, every network role's architecture
 * (heads with all their options), and the resolved training config. JSON-safe.
 *
 * @example
 * ```ts
 * const spec: AgentSpec = agent.spec;
 * spec.networks.actor.architecture; // { kind: 'actor', head: { kind: 'gaussian', … }, hiddenDims: [256, 256], … }
 * ```
 */
export interface AgentSpec {
  /** The registered algorithm that trained the agent (`'iql'`, `'bc'`, `'td3bc'`, …). */
  algorithm: string;
  observationDim: number;
  actionSpace: ActionSpace;
  /** Observation statistics applied before every network, or null when observations are used raw. */
  observationStats: ObservationStats | null;
  /** Every network role: `actor` always; `critics`, `targetCritics`, `value`, … as the algorithm declares. */
  networks: Record<string, RoleRecord>;
  /** The resolved training config. */
  config: ConfigRecord;
  /** Updates actually trained (less than `config.steps` when training was stopped by its `signal`). */
  trainedSteps: number;
}
