import * as tf from '@tensorflow/tfjs-core';
import { CriticEnsemble, MLP } from '../nets';
import type { AgentSpec } from './agent-spec';
import { agentDocFromV1 } from './legacy-v1';
import { buildRoles, disposeNetworks, type Network, type RoleRecord } from './networks';
import { Rng } from '../rng';
import { decodeFloat32, encodeFloat32, type SerializedTensor } from './tensor-codec';

/**
 * Identifies an offline-rl agent file.
 *
 * @example
 * ```ts
 * JSON.parse(text).format === AGENT_FORMAT;
 * ```
 */
export const AGENT_FORMAT = 'offline-rl/agent';
/**
 * Version of the agent file layout this code writes. It reads this version and version 1 (files
 * written by offline-rl 0.1, whose architecture is rebuilt from their spec).
 *
 * @example
 * ```ts
 * AGENT_FORMAT_VERSION; // 2
 * ```
 */
export const AGENT_FORMAT_VERSION = 2;

/**
 * An agent as one JSON document: what `agent.save` writes and {@link loadAgent} reads.
 *
 * @example
 * ```ts
 * const doc: SerializedAgent = agent.toJSON();
 * doc.weights.actor.length; // 2 × (hidden layers + 1) + head variables
 * ```
 */
export interface SerializedAgent {
  format: typeof AGENT_FORMAT;
  version: number;
  spec: AgentSpec;
  /** Weights per network role, in each network's variable order. */
  weights: Record<string, SerializedTensor[]>;
}

/**
 * Each role's variables, as a JSON-safe map of tensors.
 *
 * @example
 * ```ts
 * const weights = networkWeights(agent.networks);
 * ```
 */
export function networkWeights(nets: Record<string, Network>): Record<string, SerializedTensor[]> {
  const weights: Record<string, SerializedTensor[]> = {};
  for (const [role, net] of Object.entries(nets)) {
    weights[role] = net.variables.map((v) => ({ shape: [...v.shape], data: encodeFloat32(v.dataSync() as Float32Array) }));
  }
  return weights;
}

/** Names variable `index` of a network for error messages (`layer 1 kernel`, `critic 0 layer 2 bias`, `layer 0 norm scale`). */
function describeVariable(net: Network, index: number): string {
  const mlpPart = (mlp: MLP, i: number) => mlp.variableLabels()[i];
  if (net instanceof MLP) return mlpPart(net, index);
  if (net instanceof CriticEnsemble) {
    const per = net.members[0].variables.length;
    return `critic ${Math.floor(index / per)} ${mlpPart(net.members[0], index % per)}`;
  }
  const mlpCount = net.mlp.variables.length;
  return index < mlpCount ? mlpPart(net.mlp, index) : `head variable ${index - mlpCount}`;
}

/**
 * Assigns saved weights to built networks, checking that every role is present with the right number
 * of tensors, each of the right shape and length.
 *
 * @param what - who is reading, for error messages (`'loadAgent'`, `'resume'`).
 * @throws Error naming the role (network), the tensor and what does not match.
 * @example
 * ```ts
 * assignWeights(nets, doc.weights, 'loadAgent');
 * ```
 */
export function assignWeights(nets: Record<string, Network>, weights: Record<string, SerializedTensor[]>, what: string): void {
  for (const [role, net] of Object.entries(nets)) {
    const vars = net.variables;
    const saved = weights[role];
    if (!Array.isArray(saved) || saved.length !== vars.length) {
      throw new Error(`${what}: network '${role}' has ${Array.isArray(saved) ? saved.length : 0} saved tensors, expected ${vars.length}`);
    }
    vars.forEach((v, i) => {
      const label = `${what}: network '${role}', tensor ${i} (${describeVariable(net, i)})`;
      const shape = saved[i]?.shape;
      if (!Array.isArray(shape) || shape.join(',') !== v.shape.join(',')) {
        throw new Error(`${label} has shape [${String(shape)}], expected [${v.shape}]`);
      }
      const values = decodeFloat32(saved[i].data, v.size, label);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    });
  }
}

/** Structural equality of JSON values, whatever the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => k in b && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Checks what `resolveRoles` guarantees for declarations, for records read from a file: every
 * target copies a network role of the same file (not another target), with the same architecture.
 * Without it a bad target fails later, inside the copy, with a message that names no role.
 */
function checkTargetRecords(records: Record<string, RoleRecord>): void {
  for (const [role, record] of Object.entries(records)) {
    if (record?.targetOf === undefined) continue;
    const source = Object.prototype.hasOwnProperty.call(records, record.targetOf) ? records[record.targetOf] : undefined;
    if (!source || typeof source !== 'object' || source.targetOf !== undefined) {
      throw new Error(`loadAgent: network '${role}' is a target copy of '${record.targetOf}', which is not a network role of this file`);
    }
    if (!sameJson(record.architecture, source.architecture)) {
      throw new Error(`loadAgent: network '${role}' is a target copy of '${record.targetOf}', but its architecture record differs from that of '${record.targetOf}'`);
    }
  }
}

/**
 * Serialises an agent's spec and weights to a JSON-safe object.
 *
 * @example
 * ```ts
 * const json = JSON.stringify(serializeAgent(agent.spec, agent.networks));
 * ```
 */
export function serializeAgent(spec: AgentSpec, nets: Record<string, Network>): SerializedAgent {
  return { format: AGENT_FORMAT, version: AGENT_FORMAT_VERSION, spec, weights: networkWeights(nets) };
}

/**
 * Rebuilds networks from a serialised agent (this version or version 1), checking the format, the
 * version, the architecture record and every tensor's shape and length. A failed load frees what it
 * built.
 *
 * @throws Error naming what does not match.
 * @example
 * ```ts
 * const { spec, networks } = deserializeAgent(JSON.parse(text));
 * ```
 */
export function deserializeAgent(doc: unknown): { spec: AgentSpec; networks: Record<string, Network> } {
  let d = doc as Partial<SerializedAgent> | null;
  if (!d || typeof d !== 'object' || d.format !== AGENT_FORMAT) throw new Error(`loadAgent: not an offline-rl agent file (format is ${JSON.stringify(d?.format)})`);
  if (d.version === 1) d = agentDocFromV1(d);
  if (d.version !== AGENT_FORMAT_VERSION) {
    throw new Error(`loadAgent: agent file version ${d.version} is not supported (this offline-rl reads versions 1 and ${AGENT_FORMAT_VERSION})`);
  }
  const spec = d.spec;
  if (!spec || !d.weights || typeof d.weights !== 'object') throw new Error('loadAgent: agent file lacks spec or weights');
  if (!spec.networks || typeof spec.networks !== 'object' || !spec.networks.actor) throw new Error('loadAgent: agent file has no architecture record for its actor (spec.networks.actor)');
  const actorKind = (spec.networks.actor as Partial<RoleRecord>).architecture?.kind;
  if (actorKind !== 'actor') throw new Error(`loadAgent: spec.networks.actor must be an 'actor' architecture, got '${String(actorKind)}'`);
  for (const role of Object.keys(d.weights)) {
    if (!(role in spec.networks)) throw new Error(`loadAgent: weights for network '${role}', which the architecture record does not declare`);
  }
  checkTargetRecords(spec.networks);
  let networks: Record<string, Network> = {};
  try {
    networks = buildRoles(spec.networks as Record<string, RoleRecord>, () => new Rng(0));
    assignWeights(networks, d.weights, 'loadAgent');
  } catch (err) {
    disposeNetworks(networks);
    throw err;
  }
  return { spec, networks };
}
