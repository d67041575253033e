import { describe, expect, it } from 'vitest';
import { createDataset, episodeReturns } from '../../src/data';
import {
  PENDULUM_DATASET_KINDS,
  PENDULUM_REFERENCE_SCORES,
  pendulum,
  pendulumDataset,
} from '../../src/envs';
import type { PendulumDatasetKind } from '../../src/envs';
import { PENDULUM_DATASET_SIZE } from '../../src/envs/pendulum';
import { normalizedScore } from '../../src/eval';

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;

describe('pendulumDataset', () => {
  // Default size (50 000 rows, 250 episodes) and seed 0: the numbers the docs state.
  const returns = Object.fromEntries(
    PENDULUM_DATASET_KINDS.map((kind) => [kind, Array.from(episodeReturns(createDataset(pendulumDataset({ kind }))))]),
  ) as Record<PendulumDatasetKind, number[]>;
  const score = (kind: PendulumDatasetKind): number => normalizedScore(mean(returns[kind]), PENDULUM_REFERENCE_SCORES);

  it('orders the families random < medium-replay < medium < medium-expert < expert', () => {
    const m = Object.fromEntries(PENDULUM_DATASET_KINDS.map((k) => [k, mean(returns[k])]));
    expect(m.random).toBeLessThan(m['medium-replay']);
    expect(m['medium-replay']).toBeLessThan(m.medium);
    expect(m.medium).toBeLessThan(m['medium-expert']);
    expect(m['medium-expert']).toBeLessThan(m.expert);
    // the measured numbers stated in the docs (seed 0)
    expect(m.random).toBeCloseTo(-1195.9, 0);
    expect(m.medium).toBeCloseTo(-863.4, 0);
    expect(m.expert).toBeCloseTo(-139.1, 0);
    expect(m['medium-replay']).toBeCloseTo(-1027.1, 0);
    expect(m['medium-expert']).toBeCloseTo(-509.3, 0);
  });

  it('puts medium about a third of the way from random to expert, expert at the reference max', () => {
    expect(score('random')).toBeLessThan(8);
    expect(score('medium')).toBeGreaterThan(28);
    expect(score('medium')).toBeLessThan(39);
    expect(score('expert')).toBeGreaterThan(95);
    // medium-expert is half of each
    expect(score('medium-expert')).toBeCloseTo((score('medium') + score('expert')) / 2, -1);
  });

  it('medium-replay spans the qualities: its early episodes are random-like, its late ones medium-like', () => {
    const r = returns['medium-replay'];
    const first = mean(r.slice(0, 50));
    const last = mean(r.slice(-50));
    expect(first).toBeLessThan(mean(returns.medium) - 150);
    expect(Math.abs(last - mean(returns.medium))).toBeLessThan(80);
    expect(Math.abs(first - mean(returns.random))).toBeLessThan(80);
  });

  it('has the requested size, 200-row episodes ending in timeouts, no terminals, pendulum-shaped rows', () => {
    for (const kind of PENDULUM_DATASET_KINDS) expect(returns[kind]).toHaveLength(PENDULUM_DATASET_SIZE / 200);
    const log = pendulumDataset({ kind: 'expert', size: 1050, seed: 2 });
    const ds = createDataset(log);
    expect(ds.size).toBe(1050);
    expect(ds.observationDim).toBe(3);
    expect(ds.actionSpace).toEqual(pendulum().actionSpace);
    expect(Array.from(ds.episodeStarts)).toEqual([0, 200, 400, 600, 800, 1000, 1050]);
    expect(Array.from(ds.terminals).every((t) => t === 0)).toBe(true);
    expect(Array.from(ds.timeouts).filter((t) => t === 1)).toHaveLength(6);
    for (let i = 0; i < ds.size; i++) {
      const [c, s] = [ds.observations[3 * i], ds.observations[3 * i + 1]];
      expect(Math.abs(c * c + s * s - 1)).toBeLessThan(1e-5);
      expect(Math.abs(ds.actions[i])).toBeLessThanOrEqual(2);
    }
  });

  it('is deterministic given the seed; rejects bad options', () => {
    const a = pendulumDataset({ kind: 'medium-replay', size: 600, seed: 4 });
    expect(pendulumDataset({ kind: 'medium-replay', size: 600, seed: 4 })).toEqual(a);
    expect(pendulumDataset({ kind: 'medium-replay', size: 600, seed: 5 }).observations).not.toEqual(a.observations);
    expect(pendulumDataset({ size: 10 }).rewards).toHaveLength(10); // default kind 'medium'
    expect(() => pendulumDataset({ kind: 'good' as PendulumDatasetKind })).toThrow(/kind must be one of 'random', 'medium'/);
    expect(() => pendulumDataset({ size: 0 })).toThrow(/size/);
  });
});
