import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent';
import { trainBC } from '../../src/algorithms/bc';
import { collectDataset, createDataset, episodeReturns } from '../../src/data';
import { collectLog, pendulum, pendulumController, pendulumDataset } from '../../src/envs';
import type { CollectStepInfo, Env, StepResult } from '../../src/envs';
import { checkDiscreteAction } from '../../src/envs/check-action';
import { EpisodeTracker } from '../../src/envs/episode-tracker';
import { Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';

const RIGHT = 1;
const LEFT = 0;

/**
 * A corridor: position x starts at 0 (or a seeded start in {0, 1}); action 1 moves right, 0
 * left. Reaching x = 3 is a TRUE termination (reward 1); otherwise the time limit (5 steps)
 * truncates. Rewards are −0.1 per other step. `enforceLimit: false` never reports `truncated`.
 */
function corridor(enforceLimit = true): Env {
  const tracker = new EpisodeTracker('corridor', enforceLimit ? 5 : 1e9);
  let x = 0;
  return {
    name: 'corridor',
    observationDim: 1,
    actionSpace: { type: 'discrete', n: 2 },
    maxEpisodeSteps: 5,
    reset(seed?: number) {
      tracker.start(seed);
      x = seed === undefined ? 0 : new Rng(seed).int(2);
      return [x];
    },
    step(action: number | number[]): StepResult {
      tracker.beforeStep();
      x += checkDiscreteAction(action, 2, 'corridor.step') === RIGHT ? 1 : -1;
      const terminated = x >= 3;
      const truncated = tracker.afterStep(terminated);
      return { observation: [x], reward: terminated ? 1 : -0.1, terminated, truncated };
    },
  };
}

describe('collectDataset: terminals vs timeouts', () => {
  it('marks a true termination as terminal and a time-limit cut as timeout, never both', () => {
    const right = collectDataset(corridor(), () => RIGHT, { episodes: 4, seed: 1 });
    const left = collectDataset(corridor(), () => LEFT, { episodes: 3, seed: 1 });
    // Going right terminates after 3 − x₀ steps; going left always hits the 5-step limit.
    for (const ds of [right, left]) {
      for (let i = 0; i < ds.size; i++) {
        const endsHere = i === ds.size - 1 || ds.observations[i + 1] !== ds.nextObservations[i];
        expect(ds.terminals[i] + ds.timeouts[i]).toBe(endsHere ? 1 : 0);
      }
    }
    expect(Array.from(left.timeouts).filter((f) => f === 1)).toHaveLength(3);
    expect(Array.from(left.terminals).every((f) => f === 0)).toBe(true);
    expect(left.size).toBe(15);
    expect(Array.from(right.terminals).filter((f) => f === 1)).toHaveLength(4);
    expect(Array.from(right.timeouts).every((f) => f === 0)).toBe(true);
    // terminal rows end at x = 3 with reward 1; every row keeps its next observation
    for (let i = 0; i < right.size; i++) {
      expect(right.nextObservations[i]).toBe(right.observations[i] + 1);
      expect(right.rewards[i]).toBeCloseTo(right.terminals[i] === 1 ? 1 : -0.1, 6);
    }
    expect(right.transitionIndices).toHaveLength(right.size);
    expect(episodeReturns(right)).toHaveLength(4);
  });

  it('cuts at maxEpisodeSteps (a timeout) when the env does not enforce its own limit', () => {
    const ds = collectDataset(corridor(false), () => LEFT, { episodes: 2 });
    expect(ds.size).toBe(10);
    expect(Array.from(ds.timeouts)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('steps mode: exactly that many rows; an unfinished last episode is a timeout', () => {
    const ds = collectDataset(corridor(), () => LEFT, { steps: 12 });
    expect(ds.size).toBe(12);
    expect(Array.from(ds.timeouts)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
    expect(Array.from(ds.episodeStarts)).toEqual([0, 5, 10, 12]);
    const log = collectLog(pendulum(), 'random', { steps: 450 });
    expect(log.rewards).toHaveLength(450);
    expect([199, 399, 449].map((i) => log.timeouts[i])).toEqual([1, 1, 1]);
    expect(log.timeouts.reduce((s, f) => s + f, 0)).toBe(3);
  });

  it('rejects bad options', () => {
    expect(() => collectDataset(corridor(), 'random', {})).toThrow(/exactly one of options.steps and options.episodes/);
    expect(() => collectDataset(corridor(), 'random', { steps: 3, episodes: 1 })).toThrow(/exactly one/);
    expect(() => collectDataset(corridor(), 'random', { steps: 0 })).toThrow(/steps/);
    expect(() => collectDataset(corridor(), 'random', { steps: 3, noise: -1 })).toThrow(/noise/);
    expect(() => collectDataset(corridor(), 'random', { steps: 3, noise: 2 })).toThrow(/probability/);
    expect(() => collectDataset(pendulum(), () => [NaN], { steps: 3 })).toThrow(/episode 0, step 0: action\[0\] is NaN/);
    expect(() => collectDataset(pendulum(), () => [1, 2], { steps: 3 })).toThrow(/1 entries/);
    expect(() => collectDataset(corridor(), () => 2, { steps: 3 })).toThrow(/outside the discrete space/);
    const unbounded: Env = { ...pendulum(), actionSpace: { type: 'box', low: [-Infinity], high: [Infinity] } };
    expect(() => collectDataset(unbounded, 'random', { steps: 3 })).toThrow(/bounded action box/);
  });
});

describe('collectDataset: policies, seeds and noise', () => {
  it('is deterministic given the seed, and the seed matters', () => {
    const a = collectLog(pendulum(), 'random', { episodes: 2, seed: 5 });
    const b = collectLog(pendulum(), 'random', { episodes: 2, seed: 5 });
    const c = collectLog(pendulum(), 'random', { episodes: 2, seed: 6 });
    expect(a).toEqual(b);
    expect(a.observations).not.toEqual(c.observations);
    expect(a.actions).not.toEqual(c.actions);
  });

  it('random: uniform over the box or the discrete actions', () => {
    const box = collectLog(pendulum(), 'random', { steps: 4000 });
    const acts = Array.from(box.actions);
    expect(Math.min(...acts)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...acts)).toBeLessThanOrEqual(2);
    expect(acts.filter((a) => a > 1).length / 4000).toBeCloseTo(0.25, 1);
    const disc = collectLog(corridor(), 'random', { steps: 4000 });
    expect(Array.from(disc.actions).filter((a) => a === RIGHT).length / 4000).toBeCloseTo(0.5, 1);
  });

  it('a function policy sees the observation, episode, step and a seeded stream; its actions are logged', () => {
    const seen: Array<[number, number]> = [];
    const policy = (o: number[], info: CollectStepInfo): number[] => {
      seen.push([info.episode, info.step]);
      return [o[2] > 0 ? 5 : -2 * info.rng.next()]; // 5 is outside the box: clipped to 2
    };
    const log = collectLog(pendulum({ maxEpisodeSteps: 3 }), policy, { episodes: 2 });
    expect(seen).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    for (let i = 0; i < 6; i++) {
      const speed = log.observations[3 * i + 2];
      if (speed > 0) expect(log.actions[i]).toBe(2);
      else expect(log.actions[i]).toBeLessThanOrEqual(0);
    }
    // the logged transitions are the env's: replay them
    const env = pendulum({ maxEpisodeSteps: 3 });
    const ctrl = pendulumController();
    const scripted = collectLog(env, ctrl, { episodes: 1, seed: 9 });
    expect(Array.from(scripted.actions)).toEqual(
      [0, 1, 2].map((i) => Math.fround(ctrl(Array.from(scripted.observations.slice(3 * i, 3 * i + 3)))[0])),
    );
  });

  it('box noise: Gaussian with std noise × half-width, clipped to the box; discrete noise: ε-random', () => {
    const zero = collectLog(pendulum(), () => [0], { steps: 20_000, noise: 0.1, seed: 2 });
    const a = Array.from(zero.actions);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeCloseTo(0.2, 2); // 0.1 × (2 − (−2)) / 2
    const edge = collectLog(pendulum(), () => [2], { steps: 2000, noise: 0.5 });
    expect(Math.max(...Array.from(edge.actions))).toBe(2);
    expect(Array.from(edge.actions).filter((x) => x === 2).length / 2000).toBeCloseTo(0.5, 1); // half the noise is clipped
    const eps = collectLog(corridor(), () => LEFT, { steps: 20_000, noise: 0.3 });
    // a random action is RIGHT half the time: 15% of rows
    expect(Array.from(eps.actions).filter((x) => x === RIGHT).length / 20_000).toBeCloseTo(0.15, 2);
    expect(collectLog(corridor(), () => LEFT, { steps: 50, noise: 0 }).actions.every((x) => x === LEFT)).toBe(true);
  });
});

describe('collectDataset with an Agent', () => {
  let agent: Agent;
  beforeAll(async () => {
    await setTestBackend('cpu');
    agent = await trainBC(createDataset(pendulumDataset({ kind: 'expert', size: 1000 })), { hiddenDims: [16], steps: 30, batchSize: 64, seed: 1 });
  }, 60_000);
  afterAll(() => agent.dispose());

  it('logs the agent’s deterministic actions, or its seeded samples with deterministic: false', () => {
    const ds = collectDataset(pendulum({ maxEpisodeSteps: 20 }), agent, { episodes: 2, seed: 3 });
    expect(ds.size).toBe(40);
    for (let i = 0; i < ds.size; i += 7) {
      const obs = Array.from(ds.observations.slice(3 * i, 3 * i + 3));
      const own = (agent.act([obs]) as number[][])[0][0];
      expect(ds.actions[i]).toBeCloseTo(own, 4); // observations were rounded to float32 in the dataset
    }
    const sampled = collectLog(pendulum({ maxEpisodeSteps: 20 }), agent, { episodes: 2, seed: 3, deterministic: false });
    expect(sampled).toEqual(collectLog(pendulum({ maxEpisodeSteps: 20 }), agent, { episodes: 2, seed: 3, deterministic: false }));
    expect(Array.from(sampled.actions)).not.toEqual(Array.from(ds.actions));
    expect(() => collectDataset(corridor(), agent, { steps: 2 })).toThrow(/width/);
  });
});
