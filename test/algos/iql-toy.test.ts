import { beforeAll, describe, expect, it } from 'vitest';
import { trainBC } from '../../src/algorithms/bc';
import { trainIQL } from '../../src/algorithms/iql';
import { createDataset } from '../../src/data';
import { banditDataset } from '../../src/envs/bandit';
import { DOWN, twoStepChainDataset, twoStepChainValues, UP } from '../../src/envs/two-step-chain';
import { setTestBackend } from '../helpers/backend';

const S0 = [1, 0, 0];
const S1 = [0, 1, 0];
const S2 = [0, 0, 1];
/** Small networks and a larger learning rate: the toy problems need no more, and tests stay fast. */
const TOY = { hiddenDims: [32, 32], learningRate: 1e-3, batchSize: 256, logInterval: 500 };

/** Fraction of sampled (stochastic) actions equal to `action` over many copies of one observation. */
function sampledFraction(actions: number[], action: number): number {
  return actions.filter((a) => a === action).length / actions.length;
}

describe('IQL on the two-step chain, γ = 1, 50/50 data (design §1)', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it.each([
    [0.5, DOWN],
    [0.7, UP],
    [0.9, UP],
  ])('expectile %f: V(s1) ≈ 10(2τ − 1), V(s2) ≈ 1, Q(s0, ·) follows V, greedy first action %i', async (expectile, greedy) => {
    const dataset = createDataset(twoStepChainDataset({ episodes: 1000, seed: 1 }));
    const agent = await trainIQL(dataset, { ...TOY, expectile, discount: 1, steps: 3000, seed: 0 });
    const expected = twoStepChainValues(expectile);
    expect(expected.vS1).toBeCloseTo(10 * (2 * expectile - 1), 10);
    const [, v1, v2] = agent.value([S0, S1, S2]);
    expect(Math.abs(v1 - expected.vS1)).toBeLessThan(0.4);
    expect(Math.abs(v2 - 1)).toBeLessThan(0.1);
    const [qUp, qDown] = agent.q([S0, S0], [UP, DOWN]);
    expect(Math.abs(qUp - expected.vS1)).toBeLessThan(0.4);
    expect(Math.abs(qDown - 1)).toBeLessThan(0.1);
    expect(agent.act([S0])).toEqual([greedy]);
    expect(expected.greedyAtS0).toBe(greedy);
    agent.dispose();
  });

  it('with 10% up in s1, τ = 0.7 no longer prefers up but τ = 0.99 does (needs a much larger τ)', async () => {
    const dataset = createDataset(twoStepChainDataset({ episodes: 2000, upAtS1: 0.1, seed: 2 }));
    for (const [expectile, greedy] of [
      [0.7, DOWN],
      [0.99, UP],
    ] as const) {
      const expected = twoStepChainValues(expectile, 0.1);
      expect(expected.greedyAtS0).toBe(greedy);
      const agent = await trainIQL(dataset, { ...TOY, expectile, discount: 1, steps: 4000, seed: 0 });
      const [v1] = agent.value([S1]);
      expect(Math.abs(v1 - expected.vS1)).toBeLessThan(0.75);
      expect(agent.act([S0])).toEqual([greedy]);
      agent.dispose();
    }
  });
});

describe('bandit: one state, two actions, 50/50 data, action 1 better', () => {
  beforeAll(async () => setTestBackend('wasm'));
  const OBS = Array.from({ length: 2000 }, () => [1]);

  it('BC plays about 50/50; IQL plays the better action', async () => {
    const dataset = createDataset(banditDataset({ size: 1000, seed: 3 }));
    const bc = await trainBC(dataset, { ...TOY, steps: 800, seed: 0 });
    const bcFraction = sampledFraction(bc.act(OBS, { deterministic: false, seed: 1 }) as number[], 1);
    expect(bcFraction).toBeGreaterThan(0.42);
    expect(bcFraction).toBeLessThan(0.58);

    const iql = await trainIQL(dataset, { ...TOY, steps: 1500, seed: 0 });
    expect(iql.act([[1]])).toEqual([1]);
    // AWR fixed point: V = expectile_0.7 of {0, 1} = 0.7, so π(1) ∝ ½e^{3·0.3}, π(0) ∝ ½e^{3·(−0.7)}: π(1) ≈ 0.953.
    const iqlFraction = sampledFraction(iql.act(OBS, { deterministic: false, seed: 1 }) as number[], 1);
    expect(iqlFraction).toBeGreaterThan(0.9);
    const [v] = iql.value([[1]]);
    expect(Math.abs(v - 0.7)).toBeLessThan(0.05);
    bc.dispose();
    iql.dispose();
  });
});
