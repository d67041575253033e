import { describe, expect, it } from 'vitest';
import { bandit, banditDataset } from '../../src/envs';

describe('bandit', () => {
  it('describes one state, two discrete actions and one-step episodes', () => {
    const env = bandit();
    expect(env.name).toBe('bandit');
    expect(env.observationDim).toBe(1);
    expect(env.actionSpace).toEqual({ type: 'discrete', n: 2 });
    expect(env.maxEpisodeSteps).toBe(1);
  });

  it('pays rewards[a] for action a and terminates after one step', () => {
    const env = bandit();
    expect(env.reset()).toEqual([1]);
    expect(env.step(0)).toEqual({ observation: [1], reward: 0, terminated: true, truncated: false });
    expect(env.reset(5)).toEqual([1]);
    expect(env.step(1)).toEqual({ observation: [1], reward: 1, terminated: true, truncated: false });
  });

  it('accepts custom rewards and a one-element action array', () => {
    const env = bandit({ rewards: [2, -4] });
    env.reset();
    expect(env.step([0]).reward).toBe(2);
    env.reset();
    expect(env.step(1).reward).toBe(-4);
  });

  it('computes reference scores from the rewards: uniform random mean and optimum', () => {
    const ref = bandit().referenceScores;
    expect(ref?.min).toBe(0.5);
    expect(ref?.max).toBe(1);
    expect(ref?.source).toMatch(/random/);
    const custom = bandit({ rewards: [2, -4] }).referenceScores;
    expect(custom?.min).toBe(-1);
    expect(custom?.max).toBe(2);
    expect(bandit({ rewards: [3, 3] }).referenceScores).toBeUndefined();
  });

  it('returns fresh observation arrays the caller may mutate', () => {
    const env = bandit();
    const obs = env.reset();
    obs[0] = 42;
    expect(env.reset()).toEqual([1]);
  });

  it('throws when stepping before reset or after the episode ended', () => {
    const env = bandit();
    expect(() => env.step(1)).toThrow(/before reset/);
    env.reset();
    env.step(1);
    expect(() => env.step(1)).toThrow(/ended/);
  });

  it('rejects actions outside the space with a RangeError naming the action', () => {
    const env = bandit();
    env.reset();
    expect(() => env.step(2)).toThrow(RangeError);
    expect(() => env.step(2)).toThrow(/action 2/);
    expect(() => env.step(-1)).toThrow(/action -1/);
    expect(() => env.step(0.5)).toThrow(/action 0.5/);
    expect(() => env.step([0, 1])).toThrow(/action \[0, 1\]/);
    // a rejected action does not consume the step
    expect(env.step(1).reward).toBe(1);
  });

  it('rejects bad options and a bad reset seed', () => {
    expect(() => bandit({ rewards: [0, Number.NaN] })).toThrow(/rewards\[1\]/);
    expect(() => bandit({ rewards: [0] as unknown as [number, number] })).toThrow(/rewards/);
    expect(() => bandit().reset(Number.POSITIVE_INFINITY)).toThrow(/seed/);
  });
});

describe('banditDataset', () => {
  const count = (xs: number[], v: number): number => xs.filter((x) => x === v).length;

  it('defaults to 1000 rows split exactly 500 / 500 with the default rewards', () => {
    const log = banditDataset();
    expect(log.actions).toHaveLength(1000);
    expect(count(log.actions, 0)).toBe(500);
    expect(count(log.actions, 1)).toBe(500);
    expect(log.actionSpace).toEqual({ type: 'discrete', n: 2 });
    log.actions.forEach((a, i) => expect(log.rewards[i]).toBe(a === 1 ? 1 : 0));
    expect(log.observations.every((o) => o.length === 1 && o[0] === 1)).toBe(true);
    expect(log.nextObservations.every((o) => o.length === 1 && o[0] === 1)).toBe(true);
    expect(log.terminals.every((t) => t === 1)).toBe(true);
  });

  it('uses exact counts round(p · size) for the behaviour policy', () => {
    for (const [size, p0] of [
      [7, 0.3],
      [100, 0.9],
      [1, 0.5],
      [10, 0],
      [10, 1],
    ] as const) {
      const log = banditDataset({ size, actionProbs: [p0, 1 - p0], rewards: [-1, 3] });
      const zeros = Math.round(p0 * size);
      expect(count(log.actions, 0)).toBe(zeros);
      expect(count(log.actions, 1)).toBe(size - zeros);
      expect(count(log.rewards, -1)).toBe(zeros);
      expect(count(log.rewards, 3)).toBe(size - zeros);
    }
  });

  it('is deterministic for a seed and shuffled differently for another seed', () => {
    const a = banditDataset({ size: 50, seed: 3 });
    const b = banditDataset({ size: 50, seed: 3 });
    const c = banditDataset({ size: 50, seed: 4 });
    expect(a).toEqual(b);
    expect(a.actions).not.toEqual(c.actions);
    expect(count(c.actions, 1)).toBe(count(a.actions, 1));
    // shuffled, not sorted
    expect(a.actions).not.toEqual([...a.actions].sort());
  });

  it('rejects bad options with errors naming the argument', () => {
    expect(() => banditDataset({ size: 0 })).toThrow(/size/);
    expect(() => banditDataset({ size: 2.5 })).toThrow(RangeError);
    expect(() => banditDataset({ actionProbs: [0.5, 0.6] })).toThrow(/sum to 1/);
    expect(() => banditDataset({ actionProbs: [-0.5, 1.5] })).toThrow(/actionProbs\[0\]/);
    expect(() => banditDataset({ seed: Number.NaN })).toThrow(/seed/);
    expect(() => banditDataset({ rewards: [0, Number.POSITIVE_INFINITY] })).toThrow(/rewards\[1\]/);
  });
});
