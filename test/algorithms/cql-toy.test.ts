/**
 * What the CQL penalty is for, on problems small enough to know the answer:
 * - one state, 2-D box actions, reward −a0² − 4a1², data only on the line a1 = 0: a plain TD critic
 *   (the same trainer with cqlAlpha 0, i.e. offline SAC) values the actions off the line, which the
 *   data never took, far above what they pay; the CQL critic puts them below Q at the best data
 *   action (and below their true value: a lower bound), and its policy acts on the line;
 * - one state, four discrete actions, only actions 0 and 1 in the data: actions 2 and 3 rank below
 *   the best present one;
 * - the two-step chain with discrete CQL (double DQN + penalty): Q matches the fixed point of the
 *   penalised regression, `Q(s, a) = y(s, a) − α(σ_a − p_a)/(2p_a)` (σ = softmax Q(s, ·), p the data's
 *   action frequencies at s), and the greedy first action is up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trainCQL } from '../../src/algorithms/cql';
import { createDataset } from '../../src/data';
import { DOWN, twoStepChainDataset, UP } from '../../src/envs/two-step-chain';
import { Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';

const S0 = [1, 0, 0];
const S1 = [0, 1, 0];
const S2 = [0, 0, 1];
const OUTSIDE = 0.8;

describe('CQL keeps Q and the policy inside the data', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('box actions: plain TD over-values actions off the data line; CQL keeps them below the best data action and acts on the line', async () => {
    // The environment pays r(a) = −a0² − 4·a1² (best at (0, 0)); the data only holds actions on the
    // line a1 = 0, so a critic never sees what leaving the line costs.
    const reward = ([a0, a1]: number[]) => -a0 * a0 - 4 * a1 * a1;
    const rng = new Rng(4);
    const n = 512;
    const actions = Array.from({ length: n }, () => [2 * rng.next() - 1, 0]);
    const dataset = createDataset({ observations: actions.map(() => [1]), actions, rewards: actions.map(reward), terminals: actions.map(() => 1) });
    const cfg = { hiddenDims: [32, 32], steps: 600, learningRate: 1e-3, policyLearningRate: 1e-3, batchSize: 128, cqlSamples: 4, seed: 0, logInterval: 300 };
    const plain = await trainCQL(dataset, { ...cfg, cqlAlpha: 0 });
    const cql = await trainCQL(dataset, { ...cfg, cqlAlpha: 5 });
    const offLine = [[0, OUTSIDE], [0, -OUTSIDE], [0.3, OUTSIDE], [0.3, -OUTSIDE]];
    const probe = [[0, 0], [0.5, 0], ...offLine];
    const obs = probe.map(() => [1]);

    // Plain TD fits the line (Q(0, 0) ≈ 0) and values every off-line action far above what it pays.
    const [plainBest, , ...plainOff] = plain.q(obs, probe);
    expect(Math.abs(plainBest)).toBeLessThan(0.1);
    plainOff.forEach((q, i) => expect(q).toBeGreaterThan(reward(offLine[i]) + 1));

    // CQL: below the best data action (and below what they pay: a lower bound), still ranks the line.
    const [cqlBest, cqlMid, ...cqlOff] = cql.q(obs, probe);
    cqlOff.forEach((q, i) => {
      expect(q).toBeLessThan(cqlBest - 0.5);
      expect(q).toBeLessThan(reward(offLine[i]));
    });
    expect(cqlBest).toBeGreaterThan(cqlMid);
    const [cqlAct] = cql.act([[1]]) as number[][];
    expect(Math.abs(cqlAct[1])).toBeLessThan(0.15);
    expect(Math.abs(cqlAct[0])).toBeLessThan(0.3);
    plain.dispose();
    cql.dispose();
  }, 120_000);

  it('discrete actions: actions absent from the data rank below the best present one', async () => {
    const rng = new Rng(5);
    const n = 400;
    const actions = Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1));
    const dataset = createDataset({
      observations: actions.map(() => [1]),
      actions,
      rewards: actions.map((a) => (a === 0 ? -1 : -0.5)),
      terminals: actions.map(() => 1),
      actionSpace: { type: 'discrete', n: 4 },
    });
    const cfg = { hiddenDims: [32, 32], steps: 1500, learningRate: 1e-3, batchSize: 128, seed: 0, logInterval: 500 };
    const cql = await trainCQL(dataset, { ...cfg, cqlAlpha: 1 });
    const [q0, q1, q2, q3] = cql.q([[1], [1], [1], [1]], [0, 1, 2, 3]);
    expect(q1).toBeGreaterThan(q0 + 0.2);
    expect(Math.max(q2, q3)).toBeLessThan(q1 - 0.3);
    expect(cql.act([[1]])).toEqual([1]);
    // Without the penalty nothing ranks the absent actions: their Q is whatever the network extrapolates.
    const plain = await trainCQL(dataset, { ...cfg, cqlAlpha: 0 });
    const [, p1, p2, p3] = plain.q([[1], [1], [1], [1]], [0, 1, 2, 3]);
    expect(Math.max(p2, p3)).toBeGreaterThan(p1);
    cql.dispose();
    plain.dispose();
  }, 60_000);
});

/** Fixed point of `Q_a = y_a − α(σ_a − p_a)/(2p_a)` with σ = softmax(Q), for one state, by iteration. */
function penalisedFixedPoint(y: number[], p: number[], alpha: number): number[] {
  let q = y.slice();
  for (let it = 0; it < 2000; it++) {
    const m = Math.max(...q);
    const e = q.map((v) => Math.exp(v - m));
    const z = e.reduce((s, v) => s + v, 0);
    q = q.map((_, a) => 0.5 * q[a] + 0.5 * (y[a] - (alpha * (e[a] / z - p[a])) / (2 * p[a])));
  }
  return q;
}

describe('discrete CQL on the two-step chain, γ = 1, 50/50 data', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('Q is the penalised fixed point and the greedy first action is up', async () => {
    const log = twoStepChainDataset({ episodes: 1000, seed: 1 });
    const dataset = createDataset(log);
    const alpha = 1;
    const agent = await trainCQL(dataset, { hiddenDims: [32, 32], learningRate: 1e-3, batchSize: 256, discount: 1, cqlAlpha: alpha, steps: 3000, seed: 0, logInterval: 1000 });
    // The data's action frequencies per state.
    const freq = (state: number[]) => {
      const rows = log.observations.map((o, i) => [o, log.actions[i]] as const).filter(([o]) => o.every((v, j) => v === state[j]));
      return [UP, DOWN].map((a) => rows.filter(([, x]) => x === a).length / rows.length);
    };
    const q1 = penalisedFixedPoint([10, -10], freq(S1), alpha);
    const q2 = penalisedFixedPoint([1, 1], freq(S2), alpha);
    // Double DQN at s0 bootstraps from Q(s1, up) and Q(s2, argmax).
    const q0 = penalisedFixedPoint([Math.max(...q1), Math.max(...q2)], freq(S0), alpha);
    expect(q1[0]).toBeLessThan(9.7); // the penalty really lowers Q below the reward
    const learned = agent.q([S0, S0, S1, S1, S2, S2], [UP, DOWN, UP, DOWN, UP, DOWN]);
    const expected = [...q0, ...q1, ...q2];
    learned.forEach((v, i) => expect(Math.abs(v - expected[i]), `Q #${i}: ${v} vs ${expected[i]}`).toBeLessThan(0.3));
    expect(agent.act([S0, S1])).toEqual([UP, UP]);
    agent.dispose();
  }, 60_000);
});
