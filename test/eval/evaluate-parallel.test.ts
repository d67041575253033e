import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Agent } from '../../src/agent';
import { trainBC } from '../../src/algorithms/bc';
import { createDataset } from '../../src/data';
import { pendulum, pendulumDataset, pointMaze, pointMazeDataset } from '../../src/envs';
import type { Env, StepResult } from '../../src/envs';
import { evaluate } from '../../src/eval';
import type { EvaluationResult } from '../../src/eval';
import { Rng } from '../../src/rng';
import type { ActOptions, Policy } from '../../src/types';
import { TEST_BACKENDS, setTestBackend } from '../helpers/backend';

/**
 * The pendulum, but an episode terminates once the rod is within ~18° of upright (or the time
 * limit hits): episode lengths differ, so batched evaluation replaces finished episodes at
 * staggered times.
 */
function pendulumUntilUp(closed: { count: number } = { count: 0 }): Env {
  const inner = pendulum({ maxEpisodeSteps: 120 });
  return {
    name: 'pendulum-until-up',
    observationDim: inner.observationDim,
    actionSpace: inner.actionSpace,
    maxEpisodeSteps: inner.maxEpisodeSteps,
    reset: (seed?: number) => inner.reset(seed),
    step(action: number | number[]): StepResult {
      const r = inner.step(action);
      const terminated = r.observation[0] > 0.95;
      return { ...r, terminated, truncated: r.truncated && !terminated };
    },
    clone: () => pendulumUntilUp(closed),
    close: () => {
      closed.count += 1;
    },
  };
}

/**
 * What `evaluate` documents for one copy, written out independently: episode i resets with the
 * i-th `rng.seed()` and acts with seeds from the stream split right after it.
 */
function sequentialReference(policy: Policy, env: Env, episodes: number, seed: number, deterministic: boolean): number[] {
  const rng = new Rng(seed);
  const returns: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let observation = env.reset(rng.seed());
    const actRng = rng.split();
    let total = 0;
    for (let t = 0; t < env.maxEpisodeSteps; t++) {
      const action = policy.act([observation], { deterministic, seed: actRng.seed() })[0];
      const r = env.step(action);
      total += r.reward;
      observation = r.observation;
      if (r.terminated || r.truncated) break;
    }
    returns.push(total);
  }
  return returns;
}

/** Wraps a policy to count `act` calls and record their batch sizes. */
function counting(policy: Policy): Policy & { sizes: number[] } {
  const sizes: number[] = [];
  return {
    observationDim: policy.observationDim,
    actionSpace: policy.actionSpace,
    sizes,
    act(observations: number[][], options?: ActOptions) {
      sizes.push(observations.length);
      return policy.act(observations, options);
    },
  };
}

describe.each(TEST_BACKENDS)('batched evaluation on %s', (backend) => {
  let pendulumAgent: Agent;
  let mazeAgent: Agent;
  beforeAll(async () => {
    await setTestBackend(backend);
    const net = { hiddenDims: [32, 32], steps: 40, batchSize: 64, seed: 3 };
    pendulumAgent = await trainBC(createDataset(pendulumDataset({ kind: 'medium', size: 2000, seed: 1 })), net);
    mazeAgent = await trainBC(createDataset(pointMazeDataset({ layout: 'umaze', size: 2000, seed: 1 })), net);
  }, 120_000);
  afterAll(() => {
    pendulumAgent.dispose();
    mazeAgent.dispose();
  });

  const cases: Array<[string, () => Agent, () => Env, number]> = [
    ['pendulum', () => pendulumAgent, () => pendulum(), 10],
    ['pendulum that terminates at the top', () => pendulumAgent, () => pendulumUntilUp(), 19],
    ['point maze', () => mazeAgent, () => pointMaze({ layout: 'umaze', maxEpisodeSteps: 60 }), 10],
  ];

  it.each(cases)('%s: 1 and 8 copies give exactly the sequential returns, stochastic and deterministic', async (_, agent, makeEnv, episodes) => {
    for (const deterministic of [true, false]) {
      const expected = sequentialReference(agent(), makeEnv(), episodes, 7, deterministic);
      const results: EvaluationResult[] = [];
      for (const parallel of [1, 8]) results.push(await evaluate(agent(), makeEnv(), { episodes, seed: 7, deterministic, parallel }));
      for (const r of results) {
        expect(r.returns).toEqual(expected);
        expect(r.lengths).toEqual(results[0].lengths);
        expect(r.mean).toBe(results[0].mean);
      }
      if (!deterministic) {
        const det = await evaluate(agent(), makeEnv(), { episodes, seed: 7, parallel: 8 });
        expect(det.returns).not.toEqual(results[1].returns); // sampling really happened
      }
    }
  }, 120_000);

  it('makes one batched act call per lockstep step', async () => {
    const lengths = (await evaluate(pendulumAgent, pendulumUntilUp(), { episodes: 19, seed: 2 })).lengths;
    expect(new Set(lengths).size).toBeGreaterThan(3); // staggered ends
    const policy = counting(pendulumAgent);
    await evaluate(policy, pendulumUntilUp(), { episodes: 19, seed: 2, parallel: 8 });
    expect(Math.max(...policy.sizes)).toBe(8);
    expect(policy.sizes.reduce((s, n) => s + n, 0)).toBe(lengths.reduce((s, n) => s + n, 0));
    expect(policy.sizes.length).toBeLessThan(lengths.reduce((s, n) => s + n, 0) / 2);
  }, 60_000);

  it('Agent.act with seeds samples row i exactly as a one-row call with seeds[i]', () => {
    const observations = [[1, 0, 0.5], [-1, 0, 0], [0, 1, -2], [0.6, 0.8, 1]];
    const seeds = [11, 12, 13, 14];
    const batched = pendulumAgent.act(observations, { deterministic: false, seeds }) as number[][];
    observations.forEach((o, i) => {
      expect(batched[i]).toEqual(pendulumAgent.act([o], { deterministic: false, seed: seeds[i] })[0]);
    });
    expect(new Set(batched.map((a) => a[0])).size).toBe(4);
    expect(() => pendulumAgent.act(observations, { deterministic: false, seeds: [1, 2] })).toThrow(/one seed per observation/);
  });

  it('leaks no tensor', async () => {
    await evaluate(pendulumAgent, pendulum(), { episodes: 2, parallel: 2, deterministic: false });
    const before = tf.memory().numTensors;
    await evaluate(pendulumAgent, pendulum(), { episodes: 4, parallel: 4, deterministic: false });
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe('batched evaluation: copies and options', () => {
  /** A cheap scripted policy: torque against the swing. */
  const damping: Policy = {
    observationDim: 3,
    actionSpace: { type: 'box', low: [-2], high: [2] },
    act: (observations: number[][]) => observations.map((o) => [Math.max(-2, Math.min(2, -o[2]))]),
  };

  it('closes the copies it made (even when the policy throws), never the env it was given', async () => {
    const closed = { count: 0 };
    await evaluate(damping, pendulumUntilUp(closed), { episodes: 9, parallel: 4 });
    expect(closed.count).toBe(3);
    const throwing: Policy = { ...damping, act: () => { throw new Error('boom'); } };
    await expect(evaluate(throwing, pendulumUntilUp(closed), { episodes: 9, parallel: 4 })).rejects.toThrow('boom');
    expect(closed.count).toBe(6);
    await evaluate(damping, pendulumUntilUp(closed), { episodes: 2, parallel: 8 }); // never more copies than episodes
    expect(closed.count).toBe(7);
  });

  it('runs an env without clone() one episode at a time, with the same results', async () => {
    const noClone = (): Env => {
      const { clone: _unused, ...rest } = pendulumUntilUp();
      return rest;
    };
    const policy = counting(damping);
    const r = await evaluate(policy, noClone(), { episodes: 5, seed: 4, parallel: 8 });
    expect(Math.max(...policy.sizes)).toBe(1);
    expect(r.returns).toEqual((await evaluate(damping, pendulumUntilUp(), { episodes: 5, seed: 4, parallel: 8 })).returns);
  });

  it('rejects a bad parallel and an act that returns the wrong number of actions', async () => {
    await expect(evaluate(damping, pendulum(), { parallel: 0 })).rejects.toThrow(RangeError);
    await expect(evaluate(damping, pendulum(), { parallel: 1.5 })).rejects.toThrow(/parallel/);
    const short: Policy = { ...damping, act: () => [[0]] };
    await expect(evaluate(short, pendulum(), { episodes: 4, parallel: 4 })).rejects.toThrow(/returned 1 actions for 4 observations/);
  });
});
