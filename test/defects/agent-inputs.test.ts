/**
 * Defect 3: agent inputs that are not checked.
 *
 * - `agent.q(observations, actions)` accepts NaN/±Infinity actions and box actions outside the
 *   action space's bounds (returning garbage Q values), and `agent.q(observations)` without actions
 *   fails with a TypeError about `undefined`. Intended: a RangeError naming the first bad entry
 *   (`actions[i][j]`), saying that it is outside the bounds when it is; a RangeError about `actions`
 *   when they are missing.
 * - `loadAgent` / `agentFromJSON` of a file whose weight array was cut short fail inside TensorFlow.js
 *   with a message that does not say which tensor is wrong. Intended: an Error naming the network
 *   (`actor`), the tensor's index and the length mismatch, leaking no tensor.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFromJSON, createDataset, loadAgent, trainIQL, trainTD3BC, type Agent } from '../../src';
import { continuousDataset } from '../algos/fixtures';
import { rejection, selectBackend, thrown, TINY } from './helpers';

const OBS = [[0.1, -0.2]];
const OBS2 = [[0.1, -0.2], [0.5, 0.3]];

describe('defect 3: agent.q checks its actions', () => {
  const agents: Record<string, Agent> = {};
  beforeAll(async () => {
    await selectBackend('cpu');
    const dataset = createDataset(continuousDataset(128, 5)); // box [−1, 1]²
    agents.td3bc = await trainTD3BC(dataset, { ...TINY, seed: 1 });
    agents.iql = await trainIQL(dataset, { ...TINY, seed: 1 });
  });
  afterAll(() => Object.values(agents).forEach((a) => a.dispose()));

  for (const name of ['td3bc', 'iql']) {
    describe(name, () => {
      it('accepts in-bounds actions (the control)', () => {
        const q = agents[name].q(OBS2, [[1, -1], [0, 0.5]]);
        expect(q).toHaveLength(2);
        q.forEach((v) => expect(Number.isFinite(v)).toBe(true));
      });

      it('NaN action: RangeError naming actions[0][0]', () => {
        const err = thrown(() => agents[name].q(OBS, [[NaN, 0]]));
        expect(err).toBeInstanceOf(RangeError);
        expect(err.message).toMatch(/actions\[0\]\[0\]/);
      });

      it('±Infinity action: RangeError naming actions[0][0] (and actions[1][1] for a later row)', () => {
        const err = thrown(() => agents[name].q(OBS, [[Infinity, 0]]));
        expect(err).toBeInstanceOf(RangeError);
        expect(err.message).toMatch(/actions\[0\]\[0\]/);
        const later = thrown(() => agents[name].q(OBS2, [[0, 0], [0, -Infinity]]));
        expect(later).toBeInstanceOf(RangeError);
        expect(later.message).toMatch(/actions\[1\]\[1\]/);
      });

      it('action outside the box [−1, 1]: RangeError naming actions[0][0] and the bounds', () => {
        const err = thrown(() => agents[name].q(OBS, [[5, 0]]));
        expect(err).toBeInstanceOf(RangeError);
        expect(err.message).toMatch(/actions\[0\]\[0\]/);
        expect(err.message).toMatch(/actions\[0\]\[0\].*outside|bounds/);
        const low = thrown(() => agents[name].q(OBS, [[0, -1.5]]));
        expect(low).toBeInstanceOf(RangeError);
        expect(low.message).toMatch(/actions\[0\]\[1\]/);
      });

      it('missing actions: RangeError about actions, not a TypeError', () => {
        const err = thrown(() => (agents[name].q as (o: number[][]) => number[])(OBS));
        expect(err).toBeInstanceOf(RangeError);
        expect(err.message).toMatch(/actions/);
      });
    });
  }
});

describe('defect 3: a weight array cut short is reported by network and index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-defect3-'));
  let doc: { weights: Record<string, Array<{ shape: number[]; data: string }>> };
  let path: string;

  beforeAll(async () => {
    await selectBackend('cpu');
    const agent = await trainIQL(createDataset(continuousDataset(128, 5)), { ...TINY, seed: 2 });
    const good = join(dir, 'good.json');
    await agent.save(good);
    agent.dispose();
    doc = JSON.parse(readFileSync(good, 'utf8'));
    const tensor = doc.weights.actor[0];
    expect(tensor.shape).toEqual([2, 8]); // 16 float32 values = 64 bytes
    // Drop the first 16 base64 characters = 12 bytes = 3 floats: still valid base64, 13 values left.
    tensor.data = tensor.data.slice(16);
    expect(Buffer.from(tensor.data, 'base64').length).toBe(52);
    path = join(dir, 'short.json');
    writeFileSync(path, JSON.stringify(doc));
  });

  function expectShortWeightError(err: Error): void {
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/actor/); // the network
    expect(err.message).toMatch(/\[0\]|(tensor|layer|index) #?0\b/); // the tensor's index
    // the mismatch: 13 values (52 bytes) saved where 16 values (64 bytes) are needed, in either order
    expect(err.message).toMatch(/\b(13|52)\b[\s\S]*\b(16|64)\b|\b(16|64)\b[\s\S]*\b(13|52)\b/);
  }

  it('loadAgent rejects naming actor, the index and the length mismatch, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const err = await rejection(loadAgent(path));
    expectShortWeightError(err);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('agentFromJSON throws the same for the same document, leaking nothing', () => {
    const before = tf.memory().numTensors;
    const err = thrown(() => agentFromJSON(doc));
    expectShortWeightError(err);
    expect(tf.memory().numTensors).toBe(before);
  });
});
