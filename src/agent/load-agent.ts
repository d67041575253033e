import { nodeFs } from '../platform/node-builtins';
import { Agent } from './agent';
import { disposeNetworks } from './networks';
import { deserializeAgent } from './serialize';

/**
 * Rebuilds an agent from the object `agent.toJSON()` produced (for example parsed from a file you
 * stored yourself, or in a browser). Reads the current format and version 1.
 *
 * @example
 * ```ts
 * const agent = agentFromJSON(JSON.parse(localStorage.getItem('agent')!));
 * ```
 */
export function agentFromJSON(doc: unknown): Agent {
  const { spec, networks } = deserializeAgent(doc);
  try {
    return new Agent(spec, networks);
  } catch (err) {
    disposeNetworks(networks);
    throw err;
  }
}

/**
 * Loads an agent written by `agent.save(path)`: weights, architecture, config, observation statistics
 * and action space. Node only (use {@link agentFromJSON} elsewhere).
 *
 * @example
 * ```ts
 * await agent.save('iql.json');
 * const again = await loadAgent('iql.json');
 * again.act([[0, 1, 0]]);
 * ```
 */
export async function loadAgent(path: string): Promise<Agent> {
  const text = await nodeFs('loadAgent').readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`loadAgent: ${path} is not valid JSON (${(err as Error).message})`);
  }
  try {
    return agentFromJSON(doc);
  } catch (err) {
    throw new Error(`${(err as Error).message} (file ${path})`, { cause: err });
  }
}
