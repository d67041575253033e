import { describe, expect, it } from 'vitest';
import { UP, bandit, pointMaze, twoStepChain } from '../../src/envs';
import type { Env } from '../../src/envs';

function rollout(env: Env, seed: number, action: (t: number) => number | number[], steps: number): number[][] {
  const trace = [env.reset(seed)];
  for (let t = 0; t < steps; t++) {
    const r = env.step(action(t));
    trace.push([...r.observation, r.reward, Number(r.terminated), Number(r.truncated)]);
    if (r.terminated || r.truncated) break;
  }
  return trace;
}

describe('Env.clone', () => {
  const cases: Array<[string, () => Env, (t: number) => number | number[], number]> = [
    ['bandit', () => bandit({ rewards: [2, 3] }), () => 1, 1],
    ['two-step chain', () => twoStepChain({ maxEpisodeSteps: 1 }), () => UP, 2],
    ['point maze', () => pointMaze({ layout: 'medium', reward: 'dense', seed: 5 }), (t) => [Math.sin(t), Math.cos(t)], 40],
  ];

  it.each(cases)('%s: a copy has the same configuration and replays the same seeded episode', (_, make, action, steps) => {
    const env = make();
    const copy = env.clone!();
    expect(copy).not.toBe(env);
    expect(copy.name).toBe(env.name);
    expect(copy.observationDim).toBe(env.observationDim);
    expect(copy.actionSpace).toEqual(env.actionSpace);
    expect(copy.maxEpisodeSteps).toBe(env.maxEpisodeSteps);
    expect(copy.referenceScores).toEqual(env.referenceScores);
    expect(rollout(copy, 7, action, steps)).toEqual(rollout(make(), 7, action, steps));
  });

  it('copies do not share the running episode', () => {
    const env = pointMaze({ layout: 'umaze' });
    const a = env.reset(1);
    env.step([1, 0]);
    const copy = env.clone!();
    expect(() => copy.step([1, 0])).toThrow(/before reset/);
    const b = copy.reset(2);
    copy.step([0, 1]);
    const next = env.step([1, 0]); // the original continues its own episode
    expect(next.observation[0]).toBeGreaterThan(a[0]);
    expect(b).not.toEqual(a);
  });

  it('a point-maze copy ignores later changes to the caller\'s option object', () => {
    const options = { layout: 'open' as const, maxEpisodeSteps: 20 };
    const env = pointMaze(options);
    options.maxEpisodeSteps = 5;
    expect(env.clone!().maxEpisodeSteps).toBe(20);
  });
});
