/**
 * trainCQL as users meet it, on both action spaces (the registry contract covers the box case by
 * name): the roles it declares, a greedy discrete agent whose action is argmax of its own Q, save →
 * load identical (file and JSON), a flat tensor count over many updates with every option on, the
 * same seed → the same metrics on cpu, trainMany by name, config errors with hints, presets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgent } from '../../src/agent';
import { policyDiagnostics } from '../../src/agent/policy-diagnostics';
import { createTrainer, disposeAll, resolveAlgorithmConfig, selectCQLData } from '../../src/algorithms';
import { trainCQL } from '../../src/algorithms/cql';
import { createDataset } from '../../src/data';
import { banditDataset } from '../../src/envs/bandit';
import { trainMany } from '../../src/node';
import { continuousDataset } from '../algos/fixtures';
import { setTestBackend } from '../helpers/backend';

const TINY = { hiddenDims: [8, 8], batchSize: 16, logInterval: 10, cqlSamples: 3 };
const OBS = [[0.1, -0.2], [0.5, 0.5], [-1, 2]];

let dir: string;
beforeAll(async () => {
  await setTestBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'offline-rl-cql-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('trainCQL on box actions', () => {
  const dataset = createDataset(continuousDataset(128, 2));

  it('declares a tanh-Gaussian actor, twin critics with targets, the temperature, and α′ only with the Lagrange form', async () => {
    const plain = await trainCQL(dataset, { ...TINY, steps: 2 });
    expect(Object.keys(plain.spec.networks)).toEqual(['actor', 'critics', 'targetCritics', 'temperature']);
    expect(plain.spec.networks.actor.architecture).toMatchObject({ kind: 'actor', head: { kind: 'tanh-gaussian', logStdMin: -20, logStdMax: 2 } });
    expect(plain.spec.networks.critics.architecture).toMatchObject({ kind: 'critics', count: 2 });
    const lagrange = await trainCQL(dataset, { ...TINY, steps: 2, cqlTargetGap: 1, autoEntropy: false });
    expect(Object.keys(lagrange.spec.networks)).toEqual(['actor', 'critics', 'targetCritics', 'lagrange']);
    const d = policyDiagnostics(plain, OBS);
    expect(d.meanActionNorm).toBeGreaterThanOrEqual(0);
    plain.dispose();
    lagrange.dispose();
  });

  it('saves to a file and loads identical; the tensor count stays flat over many updates with every option on', async () => {
    const before = tf.memory().numTensors;
    const trainer = createTrainer('cql', dataset, { ...TINY, steps: 1000, cqlTargetGap: 1, maxTargetBackup: true, backupEntropy: true, bcSteps: 20, cqlClipDiffMin: -5, cqlTemperature: 0.5 });
    for (let i = 0; i < 10; i++) disposeAll(trainer.update(i % 2 === 0));
    const settled = tf.memory().numTensors;
    for (let i = 0; i < 60; i++) disposeAll(trainer.update(i % 3 === 0));
    expect(tf.memory().numTensors).toBe(settled);
    const agent = trainer.finish();
    const path = join(dir, 'cql.json');
    await agent.save(path);
    const again = await loadAgent(path);
    expect(again.act(OBS)).toEqual(agent.act(OBS));
    expect(again.act(OBS, { deterministic: false, seed: 3 })).toEqual(agent.act(OBS, { deterministic: false, seed: 3 }));
    const actions = agent.act(OBS) as number[][];
    expect(again.q(OBS, actions)).toEqual(agent.q(OBS, actions));
    agent.dispose();
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same seed gives the same metrics on cpu; another seed differs', async () => {
    const run = async (seed: number) => {
      const metrics: number[] = [];
      const agent = await trainCQL(dataset, { ...TINY, steps: 20, seed, cqlTargetGap: 2, onProgress: (p) => metrics.push(p.metrics['critic/loss'], p.metrics['actor/loss'], p.metrics['cql/gap']) });
      agent.dispose();
      return metrics;
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
  });

  it('trainMany runs it by name, each agent identical to trainCQL in this thread', async () => {
    const configs = [{ ...TINY, steps: 15, seed: 0 }, { ...TINY, steps: 10, seed: 1 }];
    const agents = await trainMany('cql', dataset, configs, { workers: 2 });
    for (const [i, cfg] of configs.entries()) {
      const own = await trainCQL(dataset, cfg);
      expect(JSON.stringify(agents[i].toJSON())).toEqual(JSON.stringify(own.toJSON()));
      own.dispose();
      agents[i].dispose();
    }
  }, 60_000);
});

describe('trainCQL on discrete actions', () => {
  const dataset = createDataset(banditDataset({ size: 200, seed: 1 }));
  const probe = [[1], [1]];

  it('is a greedy Q-network agent: act = argmax of its own q; the actor is the Q-network; save → load identical', async () => {
    const agent = await trainCQL(dataset, { hiddenDims: [8, 8], batchSize: 32, steps: 200, learningRate: 3e-3, cqlAlpha: 1, seed: 0, logInterval: 100 });
    expect(Object.keys(agent.spec.networks)).toEqual(['actor', 'critics', 'targetCritics']);
    expect(agent.spec.networks.critics.architecture).toMatchObject({ count: 1 });
    expect(agent.spec.networks.actor.architecture).toMatchObject({ head: { kind: 'categorical' } });
    const [q0, q1] = agent.q(probe, [0, 1]);
    expect(agent.act([[1]])).toEqual([q1 > q0 ? 1 : 0]);
    // The actor's logits are the Q-values.
    const logits = agent.actorOutput([[1]]);
    const values = Array.from(logits.dataSync());
    logits.dispose();
    expect(values[0]).toBeCloseTo(q0, 6);
    expect(values[1]).toBeCloseTo(q1, 6);
    const path = join(dir, 'dcql.json');
    await agent.save(path);
    const again = await loadAgent(path);
    expect(again.q(probe, [0, 1])).toEqual([q0, q1]);
    const many = Array.from({ length: 50 }, () => [1]);
    expect(again.act(many, { deterministic: false, seed: 4 })).toEqual(agent.act(many, { deterministic: false, seed: 4 }));
    agent.dispose();
    again.dispose();
  });

  it('leaks nothing over many updates; same seed → same metrics', async () => {
    const before = tf.memory().numTensors;
    const trainer = createTrainer('cql', dataset, { hiddenDims: [8, 8], batchSize: 16, steps: 100, targetUpdateInterval: 3, targetUpdateRate: 1 });
    for (let i = 0; i < 5; i++) disposeAll(trainer.update(true));
    const settled = tf.memory().numTensors;
    for (let i = 0; i < 40; i++) disposeAll(trainer.update(i % 2 === 0));
    expect(tf.memory().numTensors).toBe(settled);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const run = async () => {
      const metrics: number[] = [];
      (await trainCQL(dataset, { hiddenDims: [8, 8], batchSize: 16, steps: 20, logInterval: 10, onProgress: (p) => metrics.push(p.metrics['critic/loss'], p.metrics['cql/gap']) })).dispose();
      return metrics;
    };
    expect(await run()).toEqual(await run());
  });

  it('rejects the Lagrange form on discrete data', async () => {
    await expect(trainCQL(dataset, { steps: 1, cqlTargetGap: 1 })).rejects.toThrow(/trainCQL: cqlTargetGap \(the Lagrange form\) is implemented for box action spaces/);
  });
});

describe('CQL config', () => {
  it('resolves defaults and presets, and rejects bad fields naming them, with hints for other codebases’ names', () => {
    expect(resolveAlgorithmConfig('cql', {})).toMatchObject({ cqlAlpha: 10, cqlSamples: 10, policyLearningRate: 3e-5, learningRate: 3e-4, hiddenDims: [256, 256, 256], cqlTargetGap: null });
    expect(resolveAlgorithmConfig('cql', { preset: 'locomotion' }).cqlAlpha).toBe(5);
    expect(resolveAlgorithmConfig('cql', { preset: 'antmaze' })).toMatchObject({ cqlAlpha: 5, cqlTargetGap: 0.8, maxTargetBackup: true, cqlClipDiffMin: -200, rewardScale: 10, rewardBias: -5 });
    expect(resolveAlgorithmConfig('cql', { preset: 'discrete' })).toMatchObject({ cqlAlpha: 1, batchSize: 32, targetUpdateInterval: 8000, targetUpdateRate: 1 });
    expect(() => resolveAlgorithmConfig('cql', { cql_n_actions: 4 } as never)).toThrow(/unknown config key 'cql_n_actions' \(offline-rl calls it 'cqlSamples'\)/);
    expect(() => resolveAlgorithmConfig('cql', { policy_lr: 1 } as never)).toThrow(/'policyLearningRate'/);
    expect(() => resolveAlgorithmConfig('cql', { cqlSamples: 0 })).toThrow(/trainCQL: cqlSamples must be an integer ≥ 1/);
    expect(() => resolveAlgorithmConfig('cql', { cqlForm: 'gaussian' as never })).toThrow(/cqlForm must be 'importance-sampled' or 'uniform'/);
    expect(() => resolveAlgorithmConfig('cql', { cqlClipDiffMin: 1, cqlClipDiffMax: 0 })).toThrow(/cqlClipDiffMin \(1\) must be below cqlClipDiffMax \(0\)/);
    expect(() => resolveAlgorithmConfig('cql', { cqlTargetGap: Number.NaN })).toThrow(/cqlTargetGap must be a finite number/);
  });

  it('trains on rewards r·rewardScale + rewardBias (CORL antmaze: 10·r − 5), the dataset itself when that is the identity', () => {
    const data = createDataset(banditDataset({ size: 20, seed: 1 }));
    const cfg = resolveAlgorithmConfig('cql', { rewardScale: 10, rewardBias: -5 });
    const scaled = selectCQLData(data, cfg, 'trainCQL');
    expect(Array.from(scaled.rewards)).toEqual(Array.from(data.rewards).map((r) => 10 * r - 5));
    expect(new Set(scaled.rewards)).toEqual(new Set([-5, 5]));
    expect(selectCQLData(data, resolveAlgorithmConfig('cql', {}), 'trainCQL')).toBe(data);
  });
});
