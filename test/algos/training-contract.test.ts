import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorLearningRate, cosineDecay, type TrainingProgress } from '../../src/algorithms/config';
import { extractPolicy } from '../../src/algorithms/extraction/extract-policy';
import { trainBC } from '../../src/algorithms/bc';
import { resolveAlgorithmConfig } from '../../src/algorithms/registry';
import { trainIQL } from '../../src/algorithms/iql';
import { createDataset, filterTopEpisodes } from '../../src/data';
import { banditDataset } from '../../src/envs/bandit';
import { setTestBackend } from '../helpers/backend';
import { continuousDataset } from './fixtures';

const SMALL = { hiddenDims: [16, 16], batchSize: 64 };

describe('IQL and BC learn what theory says on a continuous bimodal problem', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('IQL moves the first action dimension to the rewarded mode; BC stays between the modes', async () => {
    const dataset = createDataset(continuousDataset(2000, 11));
    const obs = Array.from({ length: 50 }, (_, i) => [Math.sin(i), Math.cos(i)]);
    const mean0 = (acts: number[][]) => acts.reduce((s, a) => s + a[0], 0) / acts.length;
    const bc = await trainBC(dataset, { hiddenDims: [32, 32], learningRate: 1e-3, steps: 1500, seed: 0 });
    const iql = await trainIQL(dataset, { hiddenDims: [32, 32], learningRate: 1e-3, steps: 1500, seed: 0, beta: 10 });
    const bcMean = mean0(bc.act(obs) as number[][]);
    const iqlMean = mean0(iql.act(obs) as number[][]);
    expect(Math.abs(bcMean)).toBeLessThan(0.2);
    expect(iqlMean).toBeGreaterThan(0.35);
    bc.dispose();
    iql.dispose();
  });
});

describe('training contract', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('tensor count stays flat across 200 IQL and BC update steps', async () => {
    const dataset = createDataset(continuousDataset(256, 1));
    for (const train of [trainIQL, trainBC] as const) {
      const counts: number[] = [];
      const before = tf.memory().numTensors;
      const agent = await train(dataset, { ...SMALL, steps: 200, logInterval: 20, onProgress: () => counts.push(tf.memory().numTensors) });
      expect(counts).toHaveLength(10);
      expect(new Set(counts).size).toBe(1);
      agent.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('onProgress reports step, steps, namespaced metrics and an ETA', async () => {
    const seen: TrainingProgress[] = [];
    const agent = await trainIQL(createDataset(continuousDataset(128, 2)), { ...SMALL, steps: 30, logInterval: 10, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.step)).toEqual([10, 20, 30]);
    expect(seen.every((p) => p.steps === 30 && p.etaMs >= 0 && p.stepsPerSecond > 0)).toBe(true);
    expect(seen[2].etaMs).toBe(0);
    for (const key of ['value/loss', 'critic/loss', 'actor/loss', 'actor/std', 'actor/weight_mean', 'value/mean']) {
      expect(Number.isFinite(seen[2].metrics[key])).toBe(true);
    }
    agent.dispose();
  });

  it('the actor learning rate follows optax cosine_decay_schedule (full at step 0, half midway, 0 at the end) or stays constant', () => {
    expect(cosineDecay(3e-4, 0, 100)).toBeCloseTo(3e-4, 12);
    expect(cosineDecay(3e-4, 50, 100)).toBeCloseTo(1.5e-4, 12);
    expect(cosineDecay(3e-4, 25, 100)).toBeCloseTo(3e-4 * 0.5 * (1 + Math.SQRT1_2), 12);
    expect(cosineDecay(3e-4, 100, 100)).toBeCloseTo(0, 12);
    expect(actorLearningRate({ actorSchedule: 'constant', learningRate: 1e-3, steps: 10 }, 9)).toBe(1e-3);
    expect(actorLearningRate({ actorSchedule: 'cosine', learningRate: 1e-3, steps: 10 }, 5)).toBeCloseTo(5e-4, 12);
  });

  it('presets apply under the user fields, and bad configs fail with the field named', () => {
    expect(resolveAlgorithmConfig('iql', { preset: 'antmaze' })).toMatchObject({ expectile: 0.9, beta: 10, rewardPreset: 'antmaze' });
    expect(resolveAlgorithmConfig('iql', { preset: 'kitchen' })).toMatchObject({ expectile: 0.7, beta: 0.5, actorDropout: 0.1 });
    expect(resolveAlgorithmConfig('iql', { preset: 'locomotion', beta: 5 })).toMatchObject({ expectile: 0.7, beta: 5, rewardPreset: 'locomotion' });
    expect(resolveAlgorithmConfig('iql', { discount: 1 }).discount).toBe(1);
    expect(() => resolveAlgorithmConfig('iql', { expectile: 1 })).toThrow(/expectile must be a finite number > 0 and < 1, got 1/);
    expect(() => resolveAlgorithmConfig('iql', { steps: 1.5 })).toThrow(/steps must be an integer/);
    expect(() => resolveAlgorithmConfig('iql', { hiddenDims: [] })).toThrow(/hiddenDims/);
    expect(() => resolveAlgorithmConfig('iql', { preset: 'mujoco' as never })).toThrow(/unknown preset 'mujoco'/);
    expect(() => resolveAlgorithmConfig('iql', { tau: 0.005 } as never)).toThrow(/unknown config key 'tau' \(offline-rl calls it 'targetUpdateRate' or 'expectile'\)/);
    expect(() => resolveAlgorithmConfig('iql', { extraction: 'softmax' as never })).toThrow(/extraction must be one of 'awr', 'ddpg', 'discrete-awr'/);
    expect(() => resolveAlgorithmConfig('iql', { bins: 1 })).toThrow(/bins must be an integer ≥ 2/);
  });

  it('box bounds other than [−1, 1]: actions are learned in [−1, 1] and mapped back to the bounds', async () => {
    // Every logged action is 7 in a box [0, 10] (0.4 in the policy's [−1, 1]); BC must act 7 again.
    const n = 128;
    const dataset = createDataset({
      observations: Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(i)]),
      actions: Array.from({ length: n }, () => [7]),
      rewards: new Array(n).fill(0),
      terminals: new Array(n).fill(1),
      actionSpace: { type: 'box', low: [0], high: [10] },
    });
    const bc = await trainBC(dataset, { ...SMALL, steps: 400, learningRate: 3e-3, actorSchedule: 'constant' });
    const seen = [3, 40, 99].map((i) => [Math.sin(i), Math.cos(i)]); // training observations
    for (const [a] of bc.act(seen) as number[][]) expect(Math.abs(a - 7)).toBeLessThan(0.3);
    for (const [a] of bc.act(seen, { deterministic: false, seed: 1 }) as number[][]) {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(10);
    }
    bc.dispose();
  });

  it('kitchen preset (actor dropout) trains and acts deterministically at evaluation', async () => {
    const agent = await trainIQL(createDataset(continuousDataset(128, 3)), { ...SMALL, preset: 'kitchen', steps: 20 });
    expect(agent.act([[0.2, 0.1]])).toEqual(agent.act([[0.2, 0.1]]));
    agent.dispose();
  });
});

describe('%BC', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('trainBC with topFraction equals BC trained on the filtered episodes, and plays the good action', async () => {
    // Bandit episodes are one step long, so the top half by return are exactly the action-1 episodes.
    const dataset = createDataset(banditDataset({ size: 400, seed: 5 }));
    const cfg = { ...SMALL, steps: 600, seed: 2, learningRate: 3e-3 };
    const pct = await trainBC(dataset, { ...cfg, topFraction: 0.5 });
    const manual = await trainBC(filterTopEpisodes(dataset, 0.5), cfg);
    const obs = Array.from({ length: 500 }, () => [1]);
    expect(pct.act(obs, { deterministic: false, seed: 3 })).toEqual(manual.act(obs, { deterministic: false, seed: 3 }));
    const fraction = (pct.act(obs, { deterministic: false, seed: 4 }) as number[]).filter((a) => a === 1).length / obs.length;
    expect(fraction).toBeGreaterThan(0.95);
    await expect(trainBC(dataset, { topFraction: 0 })).rejects.toThrow(/topFraction/);
    pct.dispose();
    manual.dispose();
  });
});

describe('extractPolicy', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('reuses the critics unchanged and a larger beta extracts a sharper policy', async () => {
    const dataset = createDataset(banditDataset({ size: 1000, seed: 6 }));
    const iql = await trainIQL(dataset, { ...SMALL, steps: 1500, learningRate: 1e-3, beta: 0.5, seed: 0 });
    const sharp = await extractPolicy(iql, dataset, { method: 'awr', beta: 8, steps: 800, learningRate: 1e-3, seed: 1 });
    expect(sharp.value([[1]])).toEqual(iql.value([[1]]));
    expect(sharp.q([[1], [1]], [0, 1])).toEqual(iql.q([[1], [1]], [0, 1]));
    expect(sharp.spec.config.beta).toBe(8);
    const obs = Array.from({ length: 2000 }, () => [1]);
    const p1 = (agent: typeof iql) => (agent.act(obs, { deterministic: false, seed: 2 }) as number[]).filter((a) => a === 1).length / obs.length;
    // β = 0.5: π(1) = e^{0.5·0.3}/(e^{0.5·0.3} + e^{0.5·(−0.7)}) ≈ 0.62; β = 8: ≈ 0.9997.
    expect(p1(iql)).toBeLessThan(0.75);
    expect(p1(sharp)).toBeGreaterThan(0.97);
    iql.dispose();
    expect(sharp.value([[1]])).toHaveLength(1); // owns its own copies of the critics
    sharp.dispose();
  });

  it('refuses a BC agent', async () => {
    const dataset = createDataset(banditDataset({ size: 100 }));
    const bc = await trainBC(dataset, { ...SMALL, steps: 5 });
    await expect(extractPolicy(bc, dataset)).rejects.toThrow(/a bc agent has no 'critics' network; train it with trainIQL/);
    bc.dispose();
  });
});

describe('determinism on cpu', () => {
  beforeAll(async () => setTestBackend('cpu'));

  it('the same seed gives the same metrics and actions; another seed differs', async () => {
    const dataset = createDataset(continuousDataset(200, 9));
    const run = async (seed: number) => {
      const metrics: number[] = [];
      const agent = await trainIQL(dataset, { ...SMALL, steps: 20, logInterval: 10, seed, onProgress: (p) => metrics.push(p.metrics['critic/loss'], p.metrics['actor/loss']) });
      const acts = agent.act([[0.3, -0.3]], { deterministic: false, seed: 5 });
      agent.dispose();
      return { metrics, acts };
    };
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    expect(b).toEqual(a);
    expect(c.metrics).not.toEqual(a.metrics);
  });
});
