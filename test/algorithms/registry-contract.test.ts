/**
 * One contract over every registered algorithm (d3rlpy's algo_tester idea): each trains by name,
 * acts within the action bounds, round-trips through toJSON/agentFromJSON with identical outputs,
 * records its name and architecture, rejects unknown keys and `preset` when it has none, and leaks
 * no tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentFromJSON } from '../../src/agent';
import { decodeFloat32 } from '../../src/agent/tensor-codec';
import { setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { ALGORITHMS, algorithmNames, createTrainer, disposeAll, getAlgorithm, resolveAlgorithmConfig, train } from '../../src/algorithms';
import { createDataset } from '../../src/data';
import { setTestBackend } from '../helpers/backend';
import { continuousDataset } from '../algos/fixtures';
import { episodicContinuousDataset } from './fixtures';

const TINY = { hiddenDims: [8, 8], batchSize: 16, steps: 20, logInterval: 10 };
const OBS = [[0.1, -0.2], [0.5, 0.5], [-1, 2]];

describe('every registered algorithm', () => {
  beforeAll(async () => setTestBackend('cpu'));
  const dataset = createDataset({ ...continuousDataset(120, 2), actionSpace: { type: 'box', low: [-2, -1], high: [2, 1] } });

  it('lists the algorithms by name, and getAlgorithm rejects others naming the known ones', () => {
    expect(algorithmNames()).toEqual(ALGORITHMS.map((a) => a.name));
    expect(algorithmNames()).toEqual(expect.arrayContaining(['iql', 'bc', 'td3bc', 'cql']));
    expect(() => getAlgorithm('nope')).toThrow(/unknown algorithm 'nope'; expected one of 'iql', 'bc', 'td3bc', 'cql'/);
  });

  it.each(algorithmNames())('%s trains by name, acts in bounds and round-trips through JSON', async (name) => {
    const before = tf.memory().numTensors;
    const agent = await train(name, dataset, { ...TINY, seed: 3 });
    expect(agent.spec.algorithm).toBe(name);
    expect(agent.spec.trainedSteps).toBe(TINY.steps);
    expect(agent.spec.networks.actor.architecture.kind).toBe('actor');
    const actions = agent.act(OBS) as number[][];
    actions.forEach((row) => {
      expect(row[0]).toBeGreaterThanOrEqual(-2);
      expect(row[0]).toBeLessThanOrEqual(2);
      expect(Math.abs(row[1])).toBeLessThanOrEqual(1);
    });
    const again = agentFromJSON(JSON.parse(JSON.stringify(agent.toJSON())));
    expect(again.spec).toEqual(agent.spec);
    expect(again.act(OBS)).toEqual(actions);
    expect(again.act(OBS, { deterministic: false, seed: 5 })).toEqual(agent.act(OBS, { deterministic: false, seed: 5 }));
    if (agent.critics) expect(again.q(OBS, actions)).toEqual(agent.q(OBS, actions));
    agent.dispose();
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(algorithmNames())('%s rejects unknown keys and presets it does not have', (name) => {
    expect(() => resolveAlgorithmConfig(name, { nope: 1 } as never)).toThrow(new RegExp(`${getAlgorithm(name).trainer}: unknown config key 'nope'`));
    if (!getAlgorithm(name).presets) {
      expect(() => resolveAlgorithmConfig(name, { preset: 'locomotion' } as never)).toThrow(/has no presets/);
    }
  });

  it('a trainer reports its learning rates; the IQL actor follows the cosine schedule inside the trainer', () => {
    const steps = 40;
    const trainer = createTrainer('iql', dataset, { ...TINY, steps, learningRate: 1e-3 });
    try {
      for (let k = 0; k < 30; k++) {
        disposeAll(trainer.update());
        // The update at index k ran with lr · ½(1 + cos(π k / steps)); critics and value keep lr.
        const lr = trainer.learningRates();
        expect(lr.actor).toBeCloseTo(1e-3 * 0.5 * (1 + Math.cos((Math.PI * k) / steps)), 15);
        expect(lr.critic).toBe(1e-3);
        expect(lr.value).toBe(1e-3);
      }
    } finally {
      trainer.dispose();
    }
    const constant = createTrainer('bc', dataset, { ...TINY, steps, learningRate: 1e-3, actorSchedule: 'constant' });
    disposeAll(constant.update());
    expect(constant.learningRates()).toEqual({ actor: 1e-3 });
    constant.dispose();
  });

  it.each(algorithmNames())(
    '%s: with the fused kernels off (the plain-op path of other backends, tfjs-node among them) it trains to the same weights up to float32 rounding',
    (name) => {
      const episodic = episodicContinuousDataset(160, 4);
      const weightsAfter = (fused: boolean, steps: number): Float32Array[] => {
        setFusedKernelsEnabled(fused);
        try {
          const trainer = createTrainer(name, episodic, { ...TINY, seed: 3 });
          for (let i = 0; i < steps; i++) disposeAll(trainer.update());
          const { weights } = trainer.state();
          trainer.dispose();
          return Object.keys(weights)
            .sort()
            .flatMap((role) => weights[role].map((t, i) => decodeFloat32(t.data, t.shape.reduce((p, q) => p * q, 1), `${role}[${i}]`)));
        } finally {
          setFusedKernelsEnabled(true);
        }
      };
      const start = weightsAfter(true, 0);
      const fused = weightsAfter(true, 6);
      const plain = weightsAfter(false, 6);
      // The two paths differ by float32 rounding: far less than what 6 updates moved the weights.
      start.forEach((w0, k) => {
        let moved = 0;
        let apart = 0;
        for (let i = 0; i < w0.length; i++) {
          moved = Math.max(moved, Math.abs(fused[k][i] - w0[i]));
          apart = Math.max(apart, Math.abs(fused[k][i] - plain[k][i]));
        }
        expect(apart, `${name} tensor ${k}: moved ${moved}, paths apart ${apart}`).toBeLessThanOrEqual(1e-3 * moved + 1e-7);
      });
    },
  );

  it.each(algorithmNames())('%s: the tensor count stays flat across updates; the same seed gives the same metrics and actions, another seed differs', async (name) => {
    // Episodes of 8 rows, so that bootstraps, next actions and the target networks all take part.
    const episodic = episodicContinuousDataset(160, 4);
    const run = async (seed: number) => {
      const counts: number[] = [];
      const metrics: number[] = [];
      const agent = await train(name, episodic, {
        ...TINY,
        steps: 40,
        seed,
        onProgress: (p) => {
          counts.push(tf.memory().numTensors);
          metrics.push(...Object.keys(p.metrics).sort().map((k) => p.metrics[k]));
        },
      });
      const acts = agent.act(OBS, { deterministic: false, seed: 5 });
      agent.dispose();
      return { counts, metrics, acts };
    };
    const before = tf.memory().numTensors;
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    expect(a.counts).toHaveLength(4);
    expect(new Set(a.counts).size).toBe(1);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.acts).toEqual(a.acts);
    expect(c.metrics).not.toEqual(a.metrics);
    expect(tf.memory().numTensors).toBe(before);
  });
});
