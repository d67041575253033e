/**
 * What every agent shares, whatever trained it: the {@link Agent}, its networks by role, serialization
 * and loading, policy heads by spec, and action scaling.
 *
 * @packageDocumentation
 */
export { Agent } from './agent';
export type { AgentSpec, ConfigRecord } from './agent-spec';
export { agentFromJSON, loadAgent } from './load-agent';
export { serializeAgent, deserializeAgent, networkWeights, assignWeights, AGENT_FORMAT, AGENT_FORMAT_VERSION } from './serialize';
export type { SerializedAgent } from './serialize';
export type { SerializedTensor } from './tensor-codec';
export {
  Actor,
  actorRole,
  criticsRole,
  valueRole,
  targetOf,
  withInit,
  buildNetwork,
  buildRoles,
  resolveRoles,
  copyNetwork,
  disposeNetworks,
} from './networks';
export type {
  ActorArchitecture,
  CriticsArchitecture,
  MLPArchitecture,
  TargetDeclaration,
  NetworkArchitecture,
  RoleDeclaration,
  RoleRecord,
  NetworkOf,
  BuiltNetworks,
  Network,
  DataShape,
} from './networks';
export { ACTION_CLIP, actionsToUnit, actionsFromUnit } from './action-scaling';
export { createHead, defaultHeadSpec, resolveHeadSpec } from './head-spec';
export type { HeadSpec } from './head-spec';
export { policyDiagnostics, NEAR_UNIT_NORM } from './policy-diagnostics';
export type { PolicyDiagnostics } from './policy-diagnostics';
