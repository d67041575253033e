import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAgent } from '../../src/agent/load-agent';
import { trainBC } from '../../src/algorithms/bc';
import { trainIQL } from '../../src/algorithms/iql';
import { createDataset } from '../../src/data';
import { twoStepChainDataset } from '../../src/envs/two-step-chain';
import { setTestBackend } from '../helpers/backend';
import { continuousDataset } from './fixtures';

const SMALL = { hiddenDims: [16, 16], batchSize: 64, steps: 50, logInterval: 50 };

describe('save → load', () => {
  beforeAll(async () => setTestBackend('wasm'));
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-'));

  it('an IQL agent (box actions, normalised observations) gives identical actions, values and Q after loading', async () => {
    const dataset = createDataset(continuousDataset(300, 5));
    const agent = await trainIQL(dataset, { ...SMALL, normalizeObservations: true, seed: 4 });
    const path = join(dir, 'iql.json');
    await agent.save(path);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const loaded = await loadAgent(path);
    const obs = [[0.1, -0.2], [0.5, 0.5], [-1, 2]];
    const acts = [[0.3, 0.1], [-0.5, 0.9], [0, 0]];
    expect(loaded.act(obs)).toEqual(agent.act(obs));
    expect(loaded.act(obs, { deterministic: false, seed: 7 })).toEqual(agent.act(obs, { deterministic: false, seed: 7 }));
    expect(loaded.value(obs)).toEqual(agent.value(obs));
    expect(loaded.q(obs, acts)).toEqual(agent.q(obs, acts));
    expect(loaded.spec).toEqual(agent.spec);
    expect(loaded.spec.observationStats).not.toBeNull();
    agent.dispose();
    loaded.dispose();
  });

  it('a discrete BC agent round-trips too, and a second save replaces the file atomically', async () => {
    const agent = await trainBC(createDataset(twoStepChainDataset({ episodes: 100 })), { ...SMALL, seed: 1 });
    const path = join(dir, 'bc.json');
    await agent.save(path);
    await agent.save(path);
    const loaded = await loadAgent(path);
    const obs = [[1, 0, 0], [0, 1, 0]];
    expect(loaded.act(obs)).toEqual(agent.act(obs));
    expect(() => loaded.value(obs)).toThrow(/no value network/);
    agent.dispose();
    loaded.dispose();
  });

  it('rejects files that are not agents, of another version, or with wrong shapes, leaking nothing', async () => {
    const agent = await trainBC(createDataset(twoStepChainDataset({ episodes: 50 })), { ...SMALL, seed: 1 });
    const good = join(dir, 'good.json');
    await agent.save(good);
    agent.dispose();
    const before = tf.memory().numTensors;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    await expect(loadAgent(bad)).rejects.toThrow(/not an offline-rl agent file/);
    writeFileSync(bad, 'not json');
    await expect(loadAgent(bad)).rejects.toThrow(/not valid JSON/);
    const doc = JSON.parse(readFileSync(good, 'utf8'));
    writeFileSync(bad, JSON.stringify({ ...doc, version: 99 }));
    await expect(loadAgent(bad)).rejects.toThrow(/version 99/);
    doc.weights.actor[0].shape = [7, 16];
    writeFileSync(bad, JSON.stringify(doc));
    await expect(loadAgent(bad)).rejects.toThrow(/network 'actor', tensor 0 \(layer 0 kernel\) has shape \[7,16\], expected \[3,16\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
