import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent';
import type { AgentSpec } from '../../src/agent/agent-spec';
import type { HeadSpec } from '../../src/agent/head-spec';
import { agentFromJSON, loadAgent } from '../../src/agent/load-agent';
import { actorRole, buildRoles, criticsRole, resolveRoles, targetOf, valueRole, type DataShape } from '../../src/agent/networks';
import { Rng } from '../../src/rng';
import type { ActionSpace } from '../../src/types';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';

/**
 * Every trainable policy head survives `toJSON` → `agentFromJSON` and `save` → `loadAgent`: the same
 * deterministic and seeded stochastic actions, and the same spec, whose architecture record spells
 * out every head option.
 */
const BOX: ActionSpace = { type: 'box', low: [-2, 0], high: [2, 1] };
const DISCRETE: ActionSpace = { type: 'discrete', n: 3 };
const LOG_STD = [-0.7, 0.4];
const OBS = [[0.1, -0.2, 0.3], [0.5, 0.5, -1], [-1, 2, 0], [3, -2, 1]];

interface Case {
  name: string;
  space: ActionSpace;
  head: HeadSpec;
  /** The head as the architecture record must hold it: every option resolved. */
  record: HeadSpec;
  /** Whether `act(…, { deterministic: false })` draws (every head here but the deterministic one). */
  stochastic: boolean;
}

const CASES: Case[] = [
  {
    name: 'gaussian (state-independent std)',
    space: BOX,
    head: { kind: 'gaussian' },
    record: { kind: 'gaussian', stateDependentStd: false, logStdMin: -5, logStdMax: 2 },
    stochastic: true,
  },
  {
    name: 'gaussian (state-dependent std, custom clip)',
    space: BOX,
    head: { kind: 'gaussian', stateDependentStd: true, logStdMin: -3, logStdMax: 0.5 },
    record: { kind: 'gaussian', stateDependentStd: true, logStdMin: -3, logStdMax: 0.5 },
    stochastic: true,
  },
  {
    name: 'tanh-gaussian (logStdMin −20)',
    space: BOX,
    head: { kind: 'tanh-gaussian', logStdMin: -20 },
    record: { kind: 'tanh-gaussian', logStdMin: -20, logStdMax: 2 },
    stochastic: true,
  },
  { name: 'deterministic', space: BOX, head: { kind: 'deterministic' }, record: { kind: 'deterministic' }, stochastic: false },
  {
    name: 'discretized (7 bins in [−0.5, 0.5])',
    space: BOX,
    head: { kind: 'discretized', bins: 7, low: -0.5, high: 0.5 },
    record: { kind: 'discretized', bins: 7, low: -0.5, high: 0.5 },
    stochastic: true,
  },
  { name: 'categorical (discrete space)', space: DISCRETE, head: { kind: 'categorical' }, record: { kind: 'categorical' }, stochastic: true },
];

/** An agent with the case's actor head, twin critics, their target and a value network, built directly. */
function buildAgent(c: Case): Agent {
  const shape: DataShape = { observationDim: 3, actionSpace: c.space };
  const records = resolveRoles({
    actor: actorRole(shape, { hiddenDims: [8], head: c.head }),
    critics: criticsRole(shape, [8]),
    targetCritics: targetOf('critics'),
    value: valueRole(shape, [8]),
  });
  const networks = buildRoles(records, (role) => Rng.named(3, role));
  const spec: AgentSpec = {
    algorithm: 'hand-built',
    observationDim: 3,
    actionSpace: c.space,
    observationStats: { mean: [0.1, -0.3, 0.2], std: [1.5, 0.5, 2] },
    networks: records,
    config: { seed: 11, hiddenDims: [8], note: 'hand-written spec', normalizeObservations: true },
    trainedSteps: 0,
  };
  const agent = new Agent(spec, networks);
  // Non-default head weights: a saved log-std that came back as its initial 0 would go unnoticed otherwise.
  // (Only the state-independent Gaussian has a head variable: its log-std, one per action dimension.)
  tf.tidy(() => agent.actor.head.variables.forEach((v) => v.assign(tf.tensor1d(LOG_STD))));
  return agent;
}

/** The agent's outputs: deterministic actions, seeded stochastic actions (two seeds), V and Q. */
function outputs(agent: Agent) {
  const qActions = agent.actionSpace.type === 'discrete' ? [0, 2, 1, 0] : [[0.5, 0.2], [-1.5, 0.9], [0, 0], [2, 1]];
  return {
    mode: agent.act(OBS),
    sample7: agent.act(OBS, { deterministic: false, seed: 7 }),
    sample8: agent.act(OBS, { deterministic: false, seed: 8 }),
    value: agent.value(OBS),
    q: agent.q(OBS, qActions),
  };
}

describe.each(TEST_BACKENDS)('policy heads round-trip through agent files on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-heads-'));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = tf.memory().numTensors;
    const agent = buildAgent(c);
    expect(agent.spec.networks.actor.architecture).toMatchObject({ kind: 'actor', head: c.record });
    expect(agent.actor.head).toMatchObject(c.record);
    expect(agent.spec.networks.targetCritics).toEqual({ architecture: agent.spec.networks.critics.architecture, targetOf: 'critics' });
    if (c.head.kind === 'gaussian' && !c.head.stateDependentStd) {
      expect(Array.from(agent.actor.head.variables[0].dataSync())).toEqual(LOG_STD.map(Math.fround));
    }
    const want = outputs(agent);
    if (c.stochastic) expect(want.sample7).not.toEqual(want.mode);
    else expect(want.sample7).toEqual(want.mode);

    // In memory, through a JSON string as a browser would store it.
    const fromJSON = agentFromJSON(JSON.parse(JSON.stringify(agent.toJSON())));
    // Through a file.
    const path = join(dir, `${c.head.kind}-${backend}-${CASES.indexOf(c)}.json`);
    await agent.save(path);
    expect(JSON.parse(readFileSync(path, 'utf8')).spec.networks.actor.architecture.head).toEqual(c.record);
    const fromFile = await loadAgent(path);

    for (const loaded of [fromJSON, fromFile]) {
      expect(loaded.spec).toEqual(agent.spec);
      expect(loaded.spec.networks.actor.architecture).toEqual({ kind: 'actor', inputDim: 3, actionSpace: c.space, hiddenDims: [8], head: c.record, dropoutRate: 0 });
      // The head is built from the record with every option (clip ranges rarely bind in the outputs).
      expect(loaded.actor.head).toMatchObject(c.record);
      expect(loaded.actor.head.inputDim).toBe(agent.actor.head.inputDim);
      expect(outputs(loaded)).toEqual(want);
      // Every tensor comes back bit for bit, the head's own variables (the Gaussian log-std) included.
      expect(loaded.toJSON().weights).toEqual(agent.toJSON().weights);
    }
    // The act stream is keyed by the recorded seed: two fresh loads draw the same unseeded samples.
    expect(fromFile.act(OBS, { deterministic: false })).toEqual(fromJSON.act(OBS, { deterministic: false }));

    [agent, fromJSON, fromFile].forEach((a) => a.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
