import { describe, expect, it } from 'vitest';
import { DOWN, UP, bandit, twoStepChain } from '../../src/envs';
import type { Env, StepResult } from '../../src/envs';
import { checkBoxAction } from '../../src/envs/check-action';
import { EpisodeTracker } from '../../src/envs/episode-tracker';
import { evaluate } from '../../src/eval';
import { Rng } from '../../src/rng';
import type { ActOptions, ActionSpace, Policy } from '../../src/types';

const CHAIN_SPACE: ActionSpace = { type: 'discrete', n: 2 };

/** A discrete policy that plays `choose(observation)` for every row. */
function scripted(choose: (observation: number[]) => number, observationDim = 3, actionSpace = CHAIN_SPACE): Policy {
  return {
    observationDim,
    actionSpace,
    act: (observations: number[][]) => observations.map(choose),
  };
}

const alwaysUp = scripted(() => UP);
const alwaysDown = scripted(() => DOWN);
/** Up at s0, down at s1: the −10 branch. */
const upThenDown = scripted((o) => (o[0] === 1 ? UP : DOWN));

/** Uniform random actions drawn from the per-call seed, recording the options it was given. */
function seededRandom(observationDim = 3, n = 2): Policy & { calls: ActOptions[] } {
  const calls: ActOptions[] = [];
  return {
    observationDim,
    actionSpace: { type: 'discrete', n },
    calls,
    act(observations: number[][], options: ActOptions = {}) {
      calls.push({ ...options });
      const rng = new Rng(options.seed ?? 0);
      return observations.map(() => rng.int(n));
    },
  };
}

/** Wrap `env` to record the seeds passed to reset. */
function recordingResets(env: Env): Env & { seeds: Array<number | undefined> } {
  const seeds: Array<number | undefined> = [];
  return {
    name: env.name,
    observationDim: env.observationDim,
    actionSpace: env.actionSpace,
    maxEpisodeSteps: env.maxEpisodeSteps,
    referenceScores: env.referenceScores,
    seeds,
    reset(seed?: number) {
      seeds.push(seed);
      return env.reset(seed);
    },
    step: (action: number | number[]) => env.step(action),
  };
}

describe('evaluate on the two-step chain', () => {
  it('scores always-up at 10 (normalized 100) and always-down at 1', async () => {
    const up = await evaluate(alwaysUp, twoStepChain());
    expect(up.returns).toEqual(Array(10).fill(10));
    expect(up.lengths).toEqual(Array(10).fill(2));
    expect(up.mean).toBe(10);
    expect(up.std).toBe(0);
    expect(up.normalizedScore).toBe(100);

    const down = await evaluate(alwaysDown, twoStepChain(), { episodes: 3 });
    expect(down.returns).toEqual([1, 1, 1]);
    expect(down.mean).toBe(1);
    expect(down.normalizedScore).toBeCloseTo((100 * (1 - 0.5)) / 9.5, 12);

    const bad = await evaluate(upThenDown, twoStepChain(), { episodes: 2 });
    expect(bad.returns).toEqual([-10, -10]);
    expect(bad.normalizedScore).toBeCloseTo((100 * (-10 - 0.5)) / 9.5, 12);
  });

  it('passes deterministic and a fresh seed to every act call', async () => {
    const policy = seededRandom();
    await evaluate(policy, twoStepChain(), { episodes: 5, deterministic: false });
    expect(policy.calls).toHaveLength(10);
    expect(policy.calls.every((c) => c.deterministic === false)).toBe(true);
    const seeds = policy.calls.map((c) => c.seed);
    expect(seeds.every((s) => Number.isInteger(s))).toBe(true);
    expect(new Set(seeds).size).toBe(seeds.length);

    const defaults = seededRandom();
    await evaluate(defaults, twoStepChain(), { episodes: 1 });
    expect(defaults.calls.every((c) => c.deterministic === true)).toBe(true);
  });

  it('is reproducible for a seed, differs across seeds, and keeps earlier episodes when adding more', async () => {
    const a = await evaluate(seededRandom(), twoStepChain(), { episodes: 20, seed: 7 });
    const b = await evaluate(seededRandom(), twoStepChain(), { episodes: 20, seed: 7 });
    const c = await evaluate(seededRandom(), twoStepChain(), { episodes: 20, seed: 8 });
    expect(b).toEqual(a);
    expect(c.returns).not.toEqual(a.returns);
    const longer = await evaluate(seededRandom(), twoStepChain(), { episodes: 30, seed: 7 });
    expect(longer.returns.slice(0, 20)).toEqual(a.returns);
    for (const r of a.returns) expect([10, -10, 1]).toContain(r);
  });

  it('gives the random policy a mean near its reference return 0.5 (normalized ≈ 0)', async () => {
    const result = await evaluate(seededRandom(), twoStepChain(), { episodes: 4000, seed: 1 });
    expect(Math.abs(result.mean - 0.5)).toBeLessThan(0.5);
    expect(Math.abs(result.std - Math.sqrt(50.25))).toBeLessThan(0.3);
    expect(Math.abs(result.normalizedScore ?? Number.NaN)).toBeLessThan(6);
  });

  it('seeds episode i reset from new Rng(seed)', async () => {
    const env = recordingResets(twoStepChain());
    await evaluate(alwaysUp, env, { episodes: 3, seed: 11 });
    expect(env.seeds).toHaveLength(3);
    expect(env.seeds[0]).toBe(new Rng(11).seed());
    expect(new Set(env.seeds).size).toBe(3);
  });

  it('ends truncated episodes at the time limit', async () => {
    const result = await evaluate(alwaysUp, twoStepChain({ maxEpisodeSteps: 1 }), { episodes: 2 });
    expect(result.lengths).toEqual([1, 1]);
    expect(result.returns).toEqual([0, 0]);
  });
});

describe('evaluate on the bandit', () => {
  it('scores the better arm 100 and the worse −100', async () => {
    const best = await evaluate(scripted(() => 1, 1), bandit(), { episodes: 4 });
    expect(best.returns).toEqual([1, 1, 1, 1]);
    expect(best.lengths).toEqual([1, 1, 1, 1]);
    expect(best.normalizedScore).toBe(100);
    const worst = await evaluate(scripted(() => 0, 1), bandit(), { episodes: 4 });
    expect(worst.normalizedScore).toBe(-100);
  });

  it('leaves normalizedScore out when the env has no reference scores', async () => {
    const result = await evaluate(scripted(() => 0, 1), bandit({ rewards: [2, 2] }), { episodes: 2 });
    expect(result.mean).toBe(2);
    expect(result.normalizedScore).toBeUndefined();
    expect('normalizedScore' in result).toBe(false);
  });
});

/** A 1-D box env: the reward is −|action − 0.25|, five steps, never terminal (always truncated). */
function targetEnv(): Env {
  const actionSpace = { type: 'box' as const, low: [-1], high: [1] };
  const tracker = new EpisodeTracker('target', 5);
  let t = 0;
  return {
    name: 'target',
    observationDim: 2,
    actionSpace,
    maxEpisodeSteps: 5,
    reset(seed?: number) {
      tracker.start(seed);
      t = 0;
      return [t, 1];
    },
    step(action: number | number[]): StepResult {
      tracker.beforeStep();
      const [a] = checkBoxAction(action, actionSpace, 'target.step');
      t += 1;
      const truncated = tracker.afterStep(false);
      return { observation: [t, 1], reward: -Math.abs(a - 0.25), terminated: false, truncated };
    },
  };
}

describe('evaluate with box actions', () => {
  it('passes element 0 of number[][] actions to env.step', async () => {
    const policy: Policy = {
      observationDim: 2,
      actionSpace: { type: 'box', low: [-1], high: [1] },
      act: (observations: number[][]) => observations.map(() => [0.75]),
    };
    const result = await evaluate(policy, targetEnv(), { episodes: 2 });
    expect(result.lengths).toEqual([5, 5]);
    expect(result.returns[0]).toBeCloseTo(-2.5, 12);
    expect(result.normalizedScore).toBeUndefined();
  });
});

describe('evaluate argument checks', () => {
  it('rejects an observation width that differs from the env', async () => {
    await expect(evaluate(scripted(() => 0, 4), twoStepChain())).rejects.toThrow(/width 4.*width 3/);
  });

  it('rejects action spaces that differ in type or size', async () => {
    const boxPolicy: Policy = {
      observationDim: 3,
      actionSpace: { type: 'box', low: [-1], high: [1] },
      act: (o: number[][]) => o.map(() => [0]),
    };
    await expect(evaluate(boxPolicy, twoStepChain())).rejects.toThrow(/box\(1 dims\).*discrete\(n = 2\)/);
    await expect(evaluate(seededRandom(3, 3), twoStepChain())).rejects.toThrow(/discrete\(n = 3\)/);
  });

  it('rejects bad options', async () => {
    await expect(evaluate(alwaysUp, twoStepChain(), { episodes: 0 })).rejects.toThrow(RangeError);
    await expect(evaluate(alwaysUp, twoStepChain(), { episodes: 1.5 })).rejects.toThrow(/episodes/);
    await expect(evaluate(alwaysUp, twoStepChain(), { seed: Number.NaN })).rejects.toThrow(/seed/);
  });

  it('surfaces an action outside the env space as a RangeError', async () => {
    await expect(evaluate(scripted(() => 5), twoStepChain())).rejects.toThrow(/action 5/);
  });
});
