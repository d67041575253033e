import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, MinibatchSampler, toDeviceBatch } from '../../src/data';
import { twoStepChainDataset } from '../../src/envs/two-step-chain';
import { tdLoss } from '../../src/losses';
import { CriticEnsemble, MLP } from '../../src/nets';
import { Rng } from '../../src/rng';
import { batchActionBootstrap, createTDLearner, greedyBootstrap, policyBootstrap, valueBootstrap, type TDBatch } from '../../src/td';
import type { ActionSpace } from '../../src/types';
import { setTestBackend } from '../helpers/backend';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const box: ActionSpace = { type: 'box', low: [-1], high: [1] };

function boxBatch(): TDBatch {
  return {
    observations: tf.tensor2d([[0.1, 0.2], [0.3, -0.4], [-0.5, 0.6]]),
    actions: tf.tensor2d([[0.5], [-0.25], [0.75]]),
    rewards: tf.tensor1d([1, -2, 0.5]),
    nextObservations: tf.tensor2d([[0.2, 0.1], [-0.3, 0.4], [0.5, 0.5]]),
    terminals: tf.tensor1d([0, 1, 0]),
  };
}

describe('createTDLearner: targets, bootstraps, Polyak', () => {
  beforeAll(async () => setTestBackend('cpu'));

  it('the TD target is r + γ(1 − terminal)·b(s′) for each bootstrap', () => {
    const rng = new Rng(1);
    const critic = new CriticEnsemble({ observationDim: 2, actionSpace: box, hiddenDims: [8], rng });
    const value = new MLP({ inputDim: 2, hiddenDims: [8], outputDim: 1, rng, name: 'v' });
    const batch = boxBatch();
    const r = [1, -2, 0.5];
    const d = [0, 1, 0];
    const expectTarget = (y: tf.Tensor, next: number[]): void => {
      values(y).forEach((v, i) => expect(v).toBeCloseTo(r[i] + 0.9 * (1 - d[i]) * next[i], 5));
    };

    const given = createTDLearner({ critic, discount: 0.9 });
    expectTarget(given.tdTarget(batch, tf.tensor1d([3, 4, 5])), [3, 4, 5]);

    const piNext = (s2: tf.Tensor2D): tf.Tensor2D => tf.tanh(tf.slice(s2, [0, 0], [-1, 1]));
    const policy = createTDLearner({ critic, discount: 0.9, bootstrap: policyBootstrap(piNext) });
    expectTarget(policy.tdTarget(batch), values(policy.target instanceof CriticEnsemble ? policy.target.min(batch.nextObservations, piNext(batch.nextObservations)) : tf.zeros([3])));

    const nextActions = tf.tensor2d([[0.1], [0.2], [-0.3]]);
    const sarsa = createTDLearner({ critic, discount: 0.9, bootstrap: batchActionBootstrap() });
    expectTarget(sarsa.tdTarget({ ...batch, nextActions }), values(critic.min(batch.nextObservations, nextActions)));
    expect(() => sarsa.tdTarget(batch)).toThrow(/no nextActions/);

    const v = createTDLearner({ critic, target: null, discount: 0.9, bootstrap: valueBootstrap(value) });
    expectTarget(v.tdTarget(batch), values(tf.reshape(value.predict(batch.nextObservations), [-1])));
    expect(v.target).toBe(critic);

    expect(() => createTDLearner({ critic, discount: 0.9 }).tdTarget(batch)).toThrow(/no bootstrap/);
    expect(() => createTDLearner({ critic, discount: 1.1 })).toThrow(/discount must be in \[0, 1\]/);
    expect(() => createTDLearner({ critic, discount: 0.9, targetUpdateRate: -1 })).toThrow(/targetUpdateRate/);
    [given, policy, sarsa, v].forEach((td) => td.dispose());
    critic.dispose();
    value.dispose();
  });

  it('greedy bootstrap: max_a min_k Q̄_k(s′, a) on a discrete critic', () => {
    const critic = new CriticEnsemble({ observationDim: 2, actionSpace: { type: 'discrete', n: 3 }, hiddenDims: [8], rng: new Rng(2) });
    const td = createTDLearner({ critic, discount: 1, bootstrap: greedyBootstrap() });
    const batch = { ...boxBatch(), actions: tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3) as tf.Tensor2D };
    const all = critic.minAllActions(batch.nextObservations).arraySync();
    const y = values(td.tdTarget(batch));
    [1, -2, 0.5].forEach((r, i) => expect(y[i]).toBeCloseTo(r + (i === 1 ? 0 : Math.max(...all[i])), 5));
    const boxCritic = new CriticEnsemble({ observationDim: 2, actionSpace: box, hiddenDims: [8], rng: new Rng(2) });
    expect(() => createTDLearner({ critic: boxCritic, discount: 1, bootstrap: greedyBootstrap() }).tdTarget(boxBatch())).toThrow(/discrete/);
    td.dispose();
    critic.dispose();
    boxCritic.dispose();
  });

  it('update: one step lowers the TD loss; the target moves by exactly targetUpdateRate, or not at all', () => {
    const critic = new CriticEnsemble({ observationDim: 2, actionSpace: box, hiddenDims: [8], rng: new Rng(3) });
    const td = createTDLearner({ critic, discount: 0.9, targetUpdateRate: 0.25, learningRate: 0.01, bootstrap: batchActionBootstrap() });
    const batch = { ...boxBatch(), nextActions: tf.tensor2d([[0], [0], [0]]) };
    const before = td.target.variables.map((v) => values(v));
    const { loss, target } = td.update(batch, { updateTarget: false });
    td.target.variables.forEach((v, i) => expect(values(v)).toEqual(before[i]));
    // The loss is Σ_k mean (Q_k − y)² at the critic before the step.
    expect(target.shape).toEqual([3]);
    // The target network did not move, so the second step regresses on the same y, from a better critic.
    const second = td.update(batch);
    expect(values(second.target)).toEqual(values(target));
    expect(second.loss.dataSync()[0]).toBeLessThan(loss.dataSync()[0]);
    const afterCritic = critic.variables.map((v) => values(v));
    td.target.variables.forEach((v, i) => values(v).forEach((x, j) => expect(x).toBeCloseTo(0.75 * before[i][j] + 0.25 * afterCritic[i][j], 6)));
    // A loss of the outputs and y (CQL adds its penalty): here the TD loss plus a constant.
    const plain = createTDLearner({ critic, target: td.target, learner: td.learner, discount: 0.9, bootstrap: batchActionBootstrap() });
    const before2 = critic.variables.map((v) => values(v));
    const custom = plain.update(batch, {
      updateTarget: false,
      calls: critic.calls(batch.observations, batch.actions),
      loss: (outputs, y) => tf.add(tdLoss(critic.outputsToQ(outputs, batch.actions), y), 5),
    });
    critic.variables.forEach((v, i) => v.assign(tf.tensor(before2[i], v.shape)));
    const reference = plain.update(batch, { updateTarget: false });
    expect(custom.loss.dataSync()[0]).toBeCloseTo(reference.loss.dataSync()[0] + 5, 5);
    td.dispose();
    critic.dispose();
  });
});

describe('createTDLearner learns the textbook values on the two-step chain (γ = 1, 50/50 data)', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('Q-learning (greedy bootstrap): Q*(s0, up) = 10, Q*(s0, down) = 1; TD(0) on an MLP V: V^β(s0) = 0.5, V^β(s1) = 0, V^β(s2) = 1', async () => {
    const dataset = createDataset(twoStepChainDataset({ episodes: 500, seed: 1 }));
    const sampler = new MinibatchSampler(dataset, { batchSize: 128, rng: new Rng(4) });
    const q = new CriticEnsemble({ observationDim: 3, actionSpace: dataset.actionSpace, hiddenDims: [32, 32], rng: new Rng(5) });
    const v = new MLP({ inputDim: 3, hiddenDims: [32, 32], outputDim: 1, rng: new Rng(6), name: 'v' });
    const common = { discount: 1, learningRate: 1e-3, targetUpdateRate: 0.05 };
    const qLearner = createTDLearner({ critic: q, ...common, bootstrap: greedyBootstrap() });
    const vLearner = createTDLearner({ critic: v, ...common, bootstrap: batchActionBootstrap() });
    const start = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 800; i++) {
      const batch = toDeviceBatch(sampler.sample(), dataset.actionSpace, dataset.observationDim);
      tf.dispose([...Object.values(qLearner.update(batch)), ...Object.values(vLearner.update(batch)), ...Object.values(batch)]);
      if (i % 100 === 99) counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts)).toEqual(new Set([start]));
    const s = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const [qUp, qDown] = values(q.minAllActions(tf.slice(s, [0, 0], [1, 3])));
    expect(Math.abs(qUp - 10)).toBeLessThan(0.1);
    expect(Math.abs(qDown - 1)).toBeLessThan(0.1);
    const [v0, v1, v2] = values(v.predict(s));
    expect(Math.abs(v0 - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(v1)).toBeLessThan(0.1);
    expect(Math.abs(v2 - 1)).toBeLessThan(0.1);
    s.dispose();
    const owned = tf.memory().numTensors;
    qLearner.dispose();
    vLearner.dispose();
    expect(tf.memory().numTensors).toBeLessThan(owned); // their own targets and optimizers
    q.dispose();
    v.dispose();
  });
});
