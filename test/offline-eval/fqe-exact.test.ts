import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainIQL } from '../../src/algorithms/iql';
import { createDataset, type Dataset } from '../../src/data';
import { banditDataset } from '../../src/envs/bandit';
import { DOWN, twoStepChainDataset, UP } from '../../src/envs/two-step-chain';
import { fqe, type PolicyFunction } from '../../src/offline-eval';
import { Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';

/** Small critic, fast learning rate: the toy problems need no more. */
const TOY = { hiddenDims: [32, 32], learningRate: 1e-3, batchSize: 256, targetUpdateRate: 0.05 };
const S0 = [1, 0, 0];
const S1 = [0, 1, 0];
const S2 = [0, 0, 1];

const always =
  (action: number): PolicyFunction =>
  (observations) =>
    observations.map(() => action);
/** The 50/50 policy: a fair coin per row, repeatable through the seed FQE passes. */
const coin: PolicyFunction = (observations, { seed }) => {
  const rng = new Rng(seed ?? 0);
  return observations.map(() => rng.int(2));
};

/**
 * A chain of 5 states (one-hot): action 1 moves right and earns 1, action 0 stays and earns 0;
 * entering s4 is terminal. Episodes start in s0 … s3 (uniformly) under a 50/50 behaviour policy and
 * are cut by a time limit of 3 steps (a timeout: the value continues past the cut).
 */
function timeoutChain(episodes: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const oneHot = (i: number): number[] => Array.from({ length: 5 }, (_, k) => (k === i ? 1 : 0));
  const log = { observations: [] as number[][], actions: [] as number[], rewards: [] as number[], nextObservations: [] as number[][], terminals: [] as number[], timeouts: [] as number[] };
  for (let e = 0; e < episodes; e++) {
    let s = rng.int(4);
    for (let t = 0; t < 3; t++) {
      const a = rng.int(2);
      const next = s + a;
      const terminal = next === 4;
      log.observations.push(oneHot(s));
      log.actions.push(a);
      log.rewards.push(a);
      log.nextObservations.push(oneHot(next));
      log.terminals.push(terminal ? 1 : 0);
      log.timeouts.push(!terminal && t === 2 ? 1 : 0);
      s = next;
      if (terminal) break;
    }
  }
  return createDataset({ ...log, actionSpace: { type: 'discrete', n: 2 } });
}

/** Closed forms on the timeout chain: V(s_i) for always-right and for 50/50, with the terminal at s4 and no time limit. */
function chainValues(discount: number): { right: number[]; coin: number[] } {
  const right = [0, 1, 2, 3].map((i) => (1 - discount ** (4 - i)) / (1 - discount));
  const coinValues = new Array<number>(5).fill(0);
  // V_i = ½(0 + γV_i) + ½(1 + γV_{i+1}), and V_4 contributes nothing (terminal).
  for (let i = 3; i >= 0; i--) coinValues[i] = (0.5 + 0.5 * discount * (i === 3 ? 0 : coinValues[i + 1])) / (1 - 0.5 * discount);
  return { right, coin: coinValues.slice(0, 4) };
}

describe('fqe against exact values', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('two-step chain, γ = 1: always up 10, always down 1, 50/50 0.5 (within 0.1); Q in s1, s2 exact', async () => {
    const dataset = createDataset(twoStepChainDataset({ episodes: 1000, seed: 1 }));
    const cases: Array<[string, PolicyFunction, boolean, number, number, number]> = [
      // name, policy, deterministic, V(s0), V(s1), V(s2)
      ['up', always(UP), true, 10, 10, 1],
      ['down', always(DOWN), true, 1, -10, 1],
      ['50/50', coin, false, 0.5, 0, 1],
    ];
    for (const [name, policy, deterministic, v0, v1, v2] of cases) {
      const result = await fqe(policy, dataset, { ...TOY, discount: 1, steps: 700, deterministic, actionSamples: 4, seed: 2 });
      expect(Math.abs(result.initialStateValue - v0), name).toBeLessThan(0.1);
      const [qUp1, qDown1, qUp2] = result.q([S1, S1, S2], [UP, DOWN, UP]);
      expect(Math.abs(qUp1 - 10), name).toBeLessThan(0.1);
      expect(Math.abs(qDown1 + 10), name).toBeLessThan(0.1);
      expect(Math.abs(qUp2 - 1), name).toBeLessThan(0.1);
      if (deterministic) {
        const [w1, w2] = result.value([S1, S2]);
        expect(Math.abs(w1 - v1), name).toBeLessThan(0.1);
        expect(Math.abs(w2 - v2), name).toBeLessThan(0.1);
      }
      expect(result.initialStateValues).toHaveLength(1000);
      result.dispose();
    }
  });

  it('bandit: always 0 → 0, always 1 → 1, 50/50 → 0.5 (within 0.1)', async () => {
    const dataset = createDataset(banditDataset({ size: 1000, seed: 3 }));
    for (const [policy, deterministic, expected] of [
      [always(0), true, 0],
      [always(1), true, 1],
      [coin, false, 0.5],
    ] as const) {
      const result = await fqe(policy, dataset, { ...TOY, discount: 0.99, steps: 1000, deterministic, actionSamples: 4 });
      expect(Math.abs(result.initialStateValue - expected)).toBeLessThan(0.1);
      result.dispose();
    }
  });

  it('γ = 0.9 on a chain with timeouts: matches the discounted closed form (timeouts bootstrap, terminals cut)', async () => {
    const discount = 0.9;
    const dataset = timeoutChain(1500, 4);
    expect(dataset.timeouts.reduce((s, x) => s + x, 0)).toBeGreaterThan(500);
    const exact = chainValues(discount);
    const states = [0, 1, 2, 3].map((i) => Array.from({ length: 5 }, (_, k) => (k === i ? 1 : 0)));
    const right = await fqe(always(1), dataset, { ...TOY, discount, steps: 1200 });
    right.value(states).forEach((v, i) => expect(Math.abs(v - exact.right[i]), `right V(s${i})`).toBeLessThan(0.1));
    // The initial-state value is the mean over the episodes' actual start states.
    const startMean = (values: number[]): number => {
      let s = 0;
      for (let e = 0; e + 1 < dataset.episodeStarts.length; e++) s += values[dataset.observations.subarray(dataset.episodeStarts[e] * 5, dataset.episodeStarts[e] * 5 + 5).indexOf(1)];
      return s / (dataset.episodeStarts.length - 1);
    };
    expect(Math.abs(right.initialStateValue - startMean(exact.right))).toBeLessThan(0.1);
    // Treating the 3-step time limit as an end would give Σ_{t<3} γ^t = 2.71 at s0, not 3.439.
    expect(exact.right[0] - (1 + discount + discount ** 2)).toBeGreaterThan(0.5);
    right.dispose();

    const coinResult = await fqe(coin, dataset, { ...TOY, discount, steps: 1200, deterministic: false, actionSamples: 8 });
    expect(Math.abs(coinResult.initialStateValue - startMean(exact.coin))).toBeLessThan(0.1);
    coinResult.dispose();
  });

  it('takes an Agent: IQL on the bandit picks action 1, and FQE values it at 1', async () => {
    const dataset = createDataset(banditDataset({ size: 1000, seed: 3 }));
    const agent = await trainIQL(dataset, { ...TOY, steps: 800, seed: 0 });
    expect(agent.act([[1]])).toEqual([1]);
    const result = await fqe(agent, dataset, { ...TOY, discount: 0.99, steps: 800 });
    expect(Math.abs(result.initialStateValue - 1)).toBeLessThan(0.1);
    result.dispose();
    agent.dispose();
  });

  it('leaks no tensors: flat during training, back to the start after dispose', async () => {
    const dataset = createDataset(twoStepChainDataset({ episodes: 200, seed: 1 }));
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (const deterministic of [true, false]) {
      const result = await fqe(deterministic ? always(UP) : coin, dataset, {
        ...TOY,
        discount: 1,
        steps: 300,
        deterministic,
        logInterval: 50,
        onProgress: () => counts.push(tf.memory().numTensors),
      });
      result.value([S0]);
      result.q([S0], [UP]);
      result.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(new Set(counts.slice(0, 6)).size).toBe(1);
    expect(new Set(counts.slice(6)).size).toBe(1);
  });

  it('rejects bad input with errors that name it', async () => {
    const dataset = createDataset(twoStepChainDataset({ episodes: 10, seed: 1 }));
    await expect(fqe(always(UP), dataset, { discount: 1.5 })).rejects.toThrow(/discount must be in \[0, 1\]/);
    await expect(fqe(always(5), dataset, { steps: 1 })).rejects.toThrow(/row 0 is 5, not an action in 0 … 1/);
    await expect(fqe((o) => o.map(() => [0]), dataset, { steps: 1 })).rejects.toThrow(/row 0/);
    const result = await fqe(always(UP), dataset, { steps: 1, hiddenDims: [8] });
    expect(() => result.value([[1, 0]])).toThrow(/observations\[0\] is not 3 finite numbers/);
    result.dispose();
    expect(() => result.value([S0])).toThrow(/disposed/);
  });
});
