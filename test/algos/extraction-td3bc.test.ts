import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPolicy } from '../../src/algorithms/extraction/extract-policy';
import { loadAgent } from '../../src/agent/load-agent';
import { policyDiagnostics } from '../../src/agent/policy-diagnostics';
import { trainBC } from '../../src/algorithms/bc';
import { trainIQL } from '../../src/algorithms/iql';
import { resolveAlgorithmConfig } from '../../src/algorithms/registry';
import { trainTD3BC } from '../../src/algorithms/td3bc';
import { createDataset } from '../../src/data';
import { banditDataset } from '../../src/envs/bandit';
import { setTestBackend } from '../helpers/backend';
import { continuousDataset } from './fixtures';

const OBS = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i)]);
const mean0 = (acts: number[][]) => acts.reduce((s, a) => s + a[0], 0) / acts.length;
const NET = { hiddenDims: [32, 32], learningRate: 1e-3 };

describe('TD3+BC', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('moves to the rewarded mode of bimodal data where BC averages the modes', async () => {
    // One-step problem, reward = a₀, behaviour actions at a₀ ≈ ±0.5: λQ pushes a₀ up, BC keeps it near data.
    const dataset = createDataset(continuousDataset(2000, 11));
    const td3 = await trainTD3BC(dataset, { ...NET, steps: 1500, seed: 0 });
    const bc = await trainBC(dataset, { ...NET, steps: 1500, seed: 0 });
    expect(mean0(td3.act(OBS) as number[][])).toBeGreaterThan(0.35);
    expect(Math.abs(mean0(bc.act(OBS) as number[][]))).toBeLessThan(0.2);
    expect(td3.spec.networks.actor.architecture).toMatchObject({ kind: 'actor', head: { kind: 'deterministic' } });
    expect(td3.spec.observationStats).not.toBeNull(); // normalisation on by default
    expect(() => td3.value([[0, 0]])).toThrow(/no value network/);
    td3.dispose();
    bc.dispose();
  });

  it('ddpg+bc drops smoothing and delay; presets and validation name the field', () => {
    expect(resolveAlgorithmConfig('td3bc', {})).toMatchObject({ qWeight: 2.5, policyNoise: 0.2, noiseClip: 0.5, policyDelay: 2, normalizeObservations: true });
    expect(resolveAlgorithmConfig('td3bc', { variant: 'ddpg+bc' })).toMatchObject({ policyNoise: 0, policyDelay: 1 });
    expect(resolveAlgorithmConfig('td3bc', { variant: 'ddpg+bc', policyDelay: 3 }).policyDelay).toBe(3);
    expect(() => resolveAlgorithmConfig('td3bc', { policyDelay: 0 })).toThrow(/policyDelay must be an integer ≥ 1/);
    expect(() => resolveAlgorithmConfig('td3bc', { alpha: 2.5 } as never)).toThrow(/unknown config key 'alpha' \(offline-rl calls it 'qWeight'\)/);
  });

  it('updates the actor only every policyDelay steps, leaks nothing, round-trips through save/load', async () => {
    const dataset = createDataset(continuousDataset(256, 2));
    const seen: Array<Record<string, number>> = [];
    const before = tf.memory().numTensors;
    const agent = await trainTD3BC(dataset, { hiddenDims: [16, 16], batchSize: 64, steps: 6, logInterval: 1, onProgress: (p) => seen.push(p.metrics) });
    expect(seen.map((m) => 'actor/loss' in m)).toEqual([false, true, false, true, false, true]);
    const path = join(mkdtempSync(join(tmpdir(), 'offline-rl-')), 'td3bc.json');
    await agent.save(path);
    const loaded = await loadAgent(path);
    expect(loaded.act(OBS)).toEqual(agent.act(OBS));
    expect(loaded.q(OBS.slice(0, 3), [[0, 0], [1, 1], [-1, 0.5]])).toEqual(agent.q(OBS.slice(0, 3), [[0, 0], [1, 1], [-1, 0.5]]));
    agent.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses discrete action spaces', async () => {
    await expect(trainTD3BC(createDataset(banditDataset({ size: 10 })))).rejects.toThrow(/box action space/);
  });
});

describe('IQL policy extraction methods', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('concurrent ddpg and discrete-awr extraction find the rewarded mode; heads and diagnostics follow the method', async () => {
    const dataset = createDataset(continuousDataset(2000, 11));
    const ddpg = await trainIQL(dataset, { ...NET, steps: 1500, seed: 0, extraction: 'ddpg', bcAlpha: 0.1 });
    expect(ddpg.spec.networks.actor.architecture).toMatchObject({ kind: 'actor', head: { kind: 'deterministic' } });
    expect(mean0(ddpg.act(OBS) as number[][])).toBeGreaterThan(0.35);
    const disc = await trainIQL(dataset, { ...NET, steps: 1500, seed: 0, extraction: 'discrete-awr', bins: 21, beta: 10 });
    expect(disc.spec.networks.actor.architecture).toMatchObject({ kind: 'actor', head: { kind: 'discretized', bins: 21, low: -1, high: 1 } });
    const discActions = disc.act(OBS) as number[][];
    // Modes are bin centres of the 21-bin grid over [−1, 1] (spacing 0.1).
    for (const a of discActions) for (const x of a) expect(Math.abs(x * 10 - Math.round(x * 10))).toBeLessThan(1e-5);
    expect(mean0(discActions)).toBeGreaterThan(0.35);
    const d = policyDiagnostics(disc, OBS);
    expect(d.entropyPerDimension).toHaveLength(2);
    expect(d.meanStd).toBeUndefined();
    ddpg.dispose();
    disc.dispose();
  });

  it('post-hoc extraction switches method on the same frozen critics and rejects ddpg for discrete actions', async () => {
    const dataset = createDataset(continuousDataset(1000, 3));
    const iql = await trainIQL(dataset, { ...NET, steps: 600, seed: 0 });
    const awr = policyDiagnostics(iql, OBS);
    expect(awr.meanStd).toBeGreaterThan(0);
    const ddpg = await extractPolicy(iql, dataset, { method: 'ddpg', steps: 600, seed: 2 });
    expect(ddpg.spec.networks.actor.architecture).toMatchObject({ kind: 'actor', head: { kind: 'deterministic' } });
    expect(ddpg.spec.config.extraction).toBe('ddpg');
    expect(ddpg.value(OBS)).toEqual(iql.value(OBS));
    expect(mean0(ddpg.act(OBS) as number[][])).toBeGreaterThan(0.35);
    iql.dispose();
    ddpg.dispose();
    const discrete = createDataset(banditDataset({ size: 50 }));
    const small = await trainIQL(discrete, { hiddenDims: [8], steps: 5 });
    await expect(extractPolicy(small, discrete, { method: 'ddpg' })).rejects.toThrow(/needs a box action space/);
    await expect(trainIQL(discrete, { extraction: 'discrete-awr', steps: 5 })).rejects.toThrow(/needs a box action space/);
    small.dispose();
  });
});
