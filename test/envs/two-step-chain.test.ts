import { describe, expect, it } from 'vitest';
import { DOWN, UP, twoStepChain, twoStepChainDataset, twoStepChainValues } from '../../src/envs';

const S0 = [1, 0, 0];
const S1 = [0, 1, 0];
const S2 = [0, 0, 1];

describe('twoStepChain', () => {
  it('describes three one-hot states, two actions and two-step episodes', () => {
    const env = twoStepChain();
    expect(env.name).toBe('two-step-chain');
    expect(env.observationDim).toBe(3);
    expect(env.actionSpace).toEqual({ type: 'discrete', n: 2 });
    expect(env.maxEpisodeSteps).toBe(2);
    expect(UP).toBe(0);
    expect(DOWN).toBe(1);
  });

  it('up at s0 leads to s1, where up pays +10 and down −10', () => {
    const env = twoStepChain();
    expect(env.reset()).toEqual(S0);
    expect(env.step(UP)).toEqual({ observation: S1, reward: 0, terminated: false, truncated: false });
    expect(env.step(UP)).toEqual({ observation: S1, reward: 10, terminated: true, truncated: false });
    env.reset(1);
    env.step(UP);
    expect(env.step(DOWN)).toEqual({ observation: S1, reward: -10, terminated: true, truncated: false });
  });

  it('down at s0 leads to s2, where both actions pay +1', () => {
    const env = twoStepChain();
    for (const second of [UP, DOWN]) {
      expect(env.reset()).toEqual(S0);
      expect(env.step(DOWN)).toEqual({ observation: S2, reward: 0, terminated: false, truncated: false });
      expect(env.step(second)).toEqual({ observation: S2, reward: 1, terminated: true, truncated: false });
    }
  });

  it('has reference scores 0.5 (uniform random) and 10 (optimal)', () => {
    const ref = twoStepChain().referenceScores;
    expect(ref?.min).toBe(0.5);
    expect(ref?.max).toBe(10);
    expect(ref?.source).toMatch(/random/);
  });

  it('truncates when a shorter time limit is reached without termination', () => {
    const env = twoStepChain({ maxEpisodeSteps: 1 });
    env.reset();
    expect(env.step(UP)).toEqual({ observation: S1, reward: 0, terminated: false, truncated: true });
    expect(() => env.step(UP)).toThrow(/ended/);
    expect(env.reset()).toEqual(S0);
    expect(() => twoStepChain({ maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps/);
  });

  it('throws when stepping before reset, after the end, or with a bad action', () => {
    const env = twoStepChain();
    expect(() => env.step(UP)).toThrow(/before reset/);
    env.reset();
    expect(() => env.step(2)).toThrow(RangeError);
    expect(() => env.step(2)).toThrow(/action 2/);
    expect(() => env.step([0.1])).toThrow(/action 0.1/);
    env.step(UP);
    env.step(UP);
    expect(() => env.step(UP)).toThrow(/ended/);
  });

  it('starts over from s0 on reset in the middle of an episode', () => {
    const env = twoStepChain();
    env.reset();
    env.step(DOWN);
    expect(env.reset()).toEqual(S0);
    expect(env.step(UP).observation).toEqual(S1);
  });
});

describe('twoStepChainDataset', () => {
  const isState = (o: number[], s: number[]): boolean => o.every((x, i) => x === s[i]);

  it('lays out each episode as two rows: s0 → s1/s2 (not terminal), then a terminal row', () => {
    const log = twoStepChainDataset({ episodes: 200, seed: 5 });
    expect(log.observations).toHaveLength(400);
    expect(log.actionSpace).toEqual({ type: 'discrete', n: 2 });
    for (let i = 0; i < 400; i += 2) {
      const middle = log.actions[i] === UP ? S1 : S2;
      expect(log.observations[i]).toEqual(S0);
      expect(log.rewards[i]).toBe(0);
      expect(log.terminals[i]).toBe(0);
      expect(log.nextObservations[i]).toEqual(middle);
      expect(log.observations[i + 1]).toEqual(middle);
      expect(log.nextObservations[i + 1]).toEqual(middle);
      expect(log.terminals[i + 1]).toBe(1);
      const expectedReward = middle === S2 ? 1 : log.actions[i + 1] === UP ? 10 : -10;
      expect(log.rewards[i + 1]).toBe(expectedReward);
    }
  });

  it('uses exact branch counts round(p · count)', () => {
    const log = twoStepChainDataset({ episodes: 1000, upAtS0: 0.3, upAtS1: 0.1, upAtS2: 0.8, seed: 1 });
    // counts[state][action]
    const counts = [
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    for (let i = 0; i < log.actions.length; i++) {
      const state = [S0, S1, S2].findIndex((s) => isState(log.observations[i], s));
      counts[state][log.actions[i]] += 1;
    }
    expect(counts[0]).toEqual([300, 700]);
    expect(counts[1]).toEqual([30, 270]);
    expect(counts[2]).toEqual([560, 140]);
  });

  it('defaults to 1000 episodes at 50 % up everywhere', () => {
    const log = twoStepChainDataset();
    expect(log.actions).toHaveLength(2000);
    expect(log.rewards.filter((r) => r === 10)).toHaveLength(250);
    expect(log.rewards.filter((r) => r === -10)).toHaveLength(250);
    expect(log.rewards.filter((r) => r === 1)).toHaveLength(500);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = twoStepChainDataset({ episodes: 100, seed: 9 });
    expect(twoStepChainDataset({ episodes: 100, seed: 9 })).toEqual(a);
    const b = twoStepChainDataset({ episodes: 100, seed: 10 });
    expect(b.actions).not.toEqual(a.actions);
    expect([...b.rewards].sort()).toEqual([...a.rewards].sort());
  });

  it('rejects bad options with errors naming the argument', () => {
    expect(() => twoStepChainDataset({ episodes: -1 })).toThrow(/episodes/);
    expect(() => twoStepChainDataset({ upAtS0: 1.5 })).toThrow(/upAtS0/);
    expect(() => twoStepChainDataset({ upAtS1: Number.NaN })).toThrow(/upAtS1/);
    expect(() => twoStepChainDataset({ upAtS2: -0.1 })).toThrow(RangeError);
    expect(() => twoStepChainDataset({ seed: Number.POSITIVE_INFINITY })).toThrow(/seed/);
  });
});

/** τ-expectile of `samples` by bisection on Σ |τ − 1(x < v)| (x − v) = 0 (decreasing in v). */
function expectileByBisection(samples: number[], expectile: number): number {
  const condition = (v: number): number =>
    samples.reduce((s, x) => s + (x > v ? expectile : 1 - expectile) * (x - v), 0);
  let lo = Math.min(...samples);
  let hi = Math.max(...samples);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (condition(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('twoStepChainValues', () => {
  it('gives V(s1) = 10(2τ − 1) for 50/50 data: SARSA goes down, IQL up', () => {
    const cases = [
      [0.5, 0, DOWN],
      [0.7, 4, UP],
      [0.9, 8, UP],
    ] as const;
    for (const [expectile, vS1, greedy] of cases) {
      const v = twoStepChainValues(expectile);
      expect(v.vS1).toBeCloseTo(vS1, 12);
      expect(v.vS2).toBe(1);
      expect(v.qS0Up).toBeCloseTo(vS1, 12);
      expect(v.qS0Down).toBe(1);
      expect(v.greedyAtS0).toBe(greedy);
    }
    expect(twoStepChainValues(0.54).greedyAtS0).toBe(DOWN);
    expect(twoStepChainValues(0.56).greedyAtS0).toBe(UP);
  });

  it('matches the expectile of the logged s1 returns with 10 % up, found by bisection', () => {
    const log = twoStepChainDataset({ episodes: 1000, upAtS1: 0.1, seed: 2 });
    const s1Returns = log.rewards.filter((_, i) => log.observations[i][1] === 1);
    expect(s1Returns).toHaveLength(500);
    for (const expectile of [0.5, 0.7, 0.9, 0.95, 0.99]) {
      const v = twoStepChainValues(expectile, 0.1);
      expect(v.vS1).toBeCloseTo(expectileByBisection(s1Returns, expectile), 9);
      expect(v.greedyAtS0).toBe(v.vS1 > 1 ? UP : DOWN);
    }
    // with 10 % up, τ = 0.9 only reaches the SARSA value of 50/50 data, and still goes down
    expect(twoStepChainValues(0.9, 0.1).vS1).toBeCloseTo(0, 12);
    expect(twoStepChainValues(0.9, 0.1).greedyAtS0).toBe(DOWN);
    expect(twoStepChainValues(0.99, 0.1).greedyAtS0).toBe(UP);
  });

  it('covers the degenerate data of always-up and always-down at s1', () => {
    expect(twoStepChainValues(0.3, 1).vS1).toBeCloseTo(10, 12);
    expect(twoStepChainValues(0.9, 0).vS1).toBeCloseTo(-10, 12);
  });

  it('rejects an expectile outside (0, 1) and a bad upAtS1', () => {
    expect(() => twoStepChainValues(0)).toThrow(/expectile/);
    expect(() => twoStepChainValues(1)).toThrow(RangeError);
    expect(() => twoStepChainValues(Number.NaN)).toThrow(/expectile/);
    expect(() => twoStepChainValues(0.7, 1.2)).toThrow(/upAtS1/);
  });
});
