import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent';
import { loadAgent } from '../../src/agent/load-agent';
import type { RoleRecord } from '../../src/agent/networks';
import { AGENT_FORMAT_VERSION } from '../../src/agent/serialize';
import { setTestBackend } from '../helpers/backend';

/**
 * Agent files in format version 1 (offline-rl 0.1.0, written on cpu; see
 * test/fixtures/agents-v1/README.md), loaded with the current code on cpu: same outputs, bit for bit,
 * as the agent gave when it was saved, an explicit architecture record per role, and a re-save in the
 * current format that gives the same outputs again.
 */
const FIXTURES = join(__dirname, '../fixtures/agents-v1');
const NAMES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

interface Expected {
  observations: number[][];
  actions?: number[][];
  qActions?: number[];
  act: number[][] | number[];
  value?: number[];
  q?: number[];
}

const BOX = { type: 'box', low: [-1, -1], high: [1, 1] } as const;
const BOX_SHAPE = { observationDim: 2, actionSpace: BOX };
const HIDDEN = [8, 8];

const actor = (shape: { observationDim: number; actionSpace: unknown }, head: Record<string, unknown>): RoleRecord =>
  ({ architecture: { kind: 'actor', inputDim: shape.observationDim, actionSpace: shape.actionSpace, hiddenDims: HIDDEN, head, dropoutRate: 0 } }) as RoleRecord;
const critics = (shape: { observationDim: number; actionSpace: unknown }): RoleRecord =>
  ({ architecture: { kind: 'critics', observationDim: shape.observationDim, actionSpace: shape.actionSpace, hiddenDims: HIDDEN, count: 2 } }) as RoleRecord;
const withCritics = (shape: { observationDim: number; actionSpace: unknown }) => ({
  critics: critics(shape),
  targetCritics: { ...critics(shape), targetOf: 'critics' },
});
const value = (shape: { observationDim: number }): RoleRecord => ({
  architecture: { kind: 'mlp', inputDim: shape.observationDim, hiddenDims: HIDDEN, outputDim: 1, dropoutRate: 0 },
});
const GAUSSIAN = { kind: 'gaussian', stateDependentStd: false, logStdMin: -5, logStdMax: 2 };

/** The architecture record each fixture must load with (every head option spelled out). */
const NETWORKS: Record<string, Record<string, RoleRecord>> = {
  bc: { actor: actor(BOX_SHAPE, GAUSSIAN) },
  'iql-ddpg': { actor: actor(BOX_SHAPE, { kind: 'deterministic' }), ...withCritics(BOX_SHAPE), value: value(BOX_SHAPE) },
  'iql-discrete': (() => {
    const shape = { observationDim: 3, actionSpace: { type: 'discrete', n: 2 } };
    return { actor: actor(shape, { kind: 'categorical' }), ...withCritics(shape), value: value(shape) };
  })(),
  'iql-discretized': { actor: actor(BOX_SHAPE, { kind: 'discretized', bins: 5, low: -1, high: 1 }), ...withCritics(BOX_SHAPE), value: value(BOX_SHAPE) },
  'iql-gaussian': { actor: actor(BOX_SHAPE, GAUSSIAN), ...withCritics(BOX_SHAPE), value: value(BOX_SHAPE) },
  td3bc: { actor: actor(BOX_SHAPE, { kind: 'deterministic' }), ...withCritics(BOX_SHAPE) },
};

/** What the agent gives for the probe of `expected`, in the sidecar's layout. */
function probe(agent: Agent, expected: Expected): Expected {
  const out: Expected = { observations: expected.observations, act: agent.act(expected.observations) };
  if (expected.value) out.value = agent.value(expected.observations);
  if (expected.q) out.q = agent.q(expected.observations, expected.actions ?? expected.qActions!);
  return out;
}

/** Exact equality: same file, same backend (cpu), same float32 arithmetic as when it was saved. */
function expectSameOutputs(agent: Agent, expected: Expected): void {
  const got = probe(agent, expected);
  expect(got.act).toEqual(expected.act);
  expect(got.value).toEqual(expected.value);
  expect(got.q).toEqual(expected.q);
}

describe('agent files of format version 1 load with the current code (cpu)', () => {
  beforeAll(async () => setTestBackend('cpu'));
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-legacy-'));
  let before = 0;
  beforeAll(() => {
    before = tf.memory().numTensors;
  });
  afterAll(() => {
    // Every agent below is disposed: loading, probing and re-saving leak nothing.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('covers every fixture, each with its sidecar and an expected architecture', () => {
    expect(NAMES).toEqual(Object.keys(NETWORKS).sort());
    for (const name of NAMES) {
      const doc = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
      expect(doc.version, name).toBe(1);
      expect(readdirSync(FIXTURES)).toContain(`${name}.expected.json`);
    }
  });

  it.each(NAMES)('%s: same outputs as when saved, architecture recorded per role, re-saved as version 2', async (name) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
    const agent = await loadAgent(join(FIXTURES, `${name}.json`));
    try {
      expectSameOutputs(agent, expected);
      expect(agent.spec.networks).toEqual(NETWORKS[name]);
      // Targets are built after the roles they copy, so compare the role names as sets.
      expect(Object.keys(agent.networks).sort()).toEqual(Object.keys(NETWORKS[name]).sort());
      expect(agent.spec.trainedSteps).toBe(20);

      const path = join(dir, `${name}.json`);
      await agent.save(path);
      const doc = JSON.parse(readFileSync(path, 'utf8'));
      expect(doc.version).toBe(AGENT_FORMAT_VERSION);
      expect(AGENT_FORMAT_VERSION).toBe(2);
      // Version 1's separate `head` weight group is folded into the actor's.
      expect(Object.keys(doc.weights).sort()).toEqual(Object.keys(NETWORKS[name]).sort());
      expect(doc.spec.networks).toEqual(NETWORKS[name]);
      const again = await loadAgent(path);
      try {
        expectSameOutputs(again, expected);
        expect(again.spec).toEqual(agent.spec);
      } finally {
        again.dispose();
      }
    } finally {
      agent.dispose();
    }
  });

  it('the version-1 Gaussian log-std survives (the BC head weights are not reset to σ = 1)', async () => {
    const v1 = JSON.parse(readFileSync(join(FIXTURES, 'bc.json'), 'utf8'));
    const agent = await loadAgent(join(FIXTURES, 'bc.json'));
    const logStd = agent.actor.head.variables[0];
    expect(logStd.shape).toEqual([2]);
    expect(Array.from(logStd.dataSync()).some((x) => x !== 0)).toBe(true);
    expect(agent.toJSON().weights.actor.at(-1)).toEqual(v1.weights.head[0]);
    agent.dispose();
  });
});
