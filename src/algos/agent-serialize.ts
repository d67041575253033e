import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import { buildNetworks, type AgentNetworks, type AgentSpec } from './agent-networks';

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
 * Version of the agent file layout this code writes and reads.
 *
 * @example
 * ```ts
 * AGENT_FORMAT_VERSION; // 1
 * ```
 */
export const AGENT_FORMAT_VERSION = 1;

/**
 * A tensor as JSON: its shape and its float32 values, little-endian, base64.
 *
 * @example
 * ```ts
 * const t: SerializedTensor = { shape: [2], data: 'AACAPwAAAEA=' }; // [1, 2]
 * ```
 */
export interface SerializedTensor {
  shape: number[];
  data: string;
}

/**
 * An agent as one JSON document: what `agent.save` writes and {@link loadAgent} reads.
 *
 * @example
 * ```ts
 * const doc: SerializedAgent = serializeAgent(agent.spec, agent.networks);
 * doc.weights.actor.length; // 2 × (hidden layers + 1)
 * ```
 */
export interface SerializedAgent {
  format: typeof AGENT_FORMAT;
  version: number;
  spec: AgentSpec;
  /** Weights per network, in each network's variable order. */
  weights: Record<string, SerializedTensor[]>;
}

/** Each network's variables, keyed by a stable group name. */
function variableGroups(nets: AgentNetworks): Record<string, tf.Variable[]> {
  const groups: Record<string, tf.Variable[]> = { actor: nets.actor.variables, head: nets.head.variables };
  if (nets.critics) groups.critics = nets.critics.variables;
  if (nets.targetCritics) groups.targetCritics = nets.targetCritics.variables;
  if (nets.value) groups.value = nets.value.variables;
  return groups;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function fromBase64(text: string): Float32Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/**
 * Serialises an agent's spec and weights to a JSON-safe object.
 *
 * @example
 * ```ts
 * const json = JSON.stringify(serializeAgent(agent.spec, agent.networks));
 * ```
 */
export function serializeAgent(spec: AgentSpec, nets: AgentNetworks): SerializedAgent {
  const weights: Record<string, SerializedTensor[]> = {};
  for (const [group, vars] of Object.entries(variableGroups(nets))) {
    weights[group] = vars.map((v) => {
      const values = v.dataSync() as Float32Array;
      return { shape: [...v.shape], data: toBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) };
    });
  }
  return { format: AGENT_FORMAT, version: AGENT_FORMAT_VERSION, spec, weights };
}

/**
 * Rebuilds networks from a serialised agent, checking the format, the version and every shape.
 *
 * @throws Error naming what does not match.
 * @example
 * ```ts
 * const { spec, networks } = deserializeAgent(JSON.parse(text));
 * ```
 */
export function deserializeAgent(doc: unknown): { spec: AgentSpec; networks: AgentNetworks } {
  const d = doc as Partial<SerializedAgent> | null;
  if (!d || d.format !== AGENT_FORMAT) throw new Error(`loadAgent: not an offline-rl agent file (format is ${JSON.stringify(d?.format)})`);
  if (d.version !== AGENT_FORMAT_VERSION) {
    throw new Error(`loadAgent: agent file version ${d.version} is not supported (this offline-rl reads version ${AGENT_FORMAT_VERSION})`);
  }
  if (!d.spec || !d.weights) throw new Error('loadAgent: agent file lacks spec or weights');
  const spec = d.spec;
  const networks = buildNetworks(spec, new Rng(0), d.weights.critics !== undefined, d.weights.value !== undefined);
  const groups = variableGroups(networks);
  try {
    for (const [group, vars] of Object.entries(groups)) {
      const saved = d.weights[group];
      if (!saved || saved.length !== vars.length) {
        throw new Error(`loadAgent: network '${group}' has ${saved?.length ?? 0} saved tensors, expected ${vars.length}`);
      }
      vars.forEach((v, i) => {
        const { shape, data } = saved[i];
        if (shape.join(',') !== v.shape.join(',')) {
          throw new Error(`loadAgent: ${group}[${i}] has shape [${shape}], expected [${v.shape}]`);
        }
        tf.tidy(() => v.assign(tf.tensor(fromBase64(data), shape)));
      });
    }
  } catch (err) {
    // Free what was built so a failed load leaks nothing.
    Object.values(groups).forEach((vars) => tf.dispose(vars));
    throw err;
  }
  return { spec, networks };
}

/**
 * Writes text to `path` through a temporary file in the same folder and a rename, so a crash never
 * leaves a half-written file under `path`. Node only.
 *
 * @example
 * ```ts
 * await writeFileAtomic('agent.json', text);
 * ```
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, text, 'utf8');
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
