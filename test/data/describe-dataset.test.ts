import { describe, expect, it } from 'vitest';
import { createDataset, describeDataset, summaryStats } from '../../src/data';

describe('summaryStats', () => {
  it('matches hand-computed values (odd and even counts)', () => {
    // mean 4; deviations −3 −2 −1 6 → squares 9 4 1 36 = 50; std √(50/4)
    expect(summaryStats([3, 1, 10, 2])).toEqual({ count: 4, min: 1, max: 10, mean: 4, std: Math.sqrt(12.5), median: 2.5 });
    expect(summaryStats([5, -1, 2])).toEqual({ count: 3, min: -1, max: 5, mean: 2, std: Math.sqrt(6), median: 2 });
    expect(summaryStats(new Float32Array([7]))).toEqual({ count: 1, min: 7, max: 7, mean: 7, std: 0, median: 7 });
  });

  it('sorts numerically for the median, not as strings', () => {
    expect(summaryStats([10, 9, 100]).median).toBe(10);
  });

  it('rejects an empty list', () => {
    expect(() => summaryStats([])).toThrow(/no values/);
  });
});

describe('describeDataset', () => {
  // Episodes: rows 0–2 end by a terminal, rows 3–4 by a timeout, row 5 by the end of the data.
  const ds = createDataset({
    observations: [
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
      [5, 10],
    ],
    actions: [
      [0.5, -1],
      [-0.25, 0],
      [0, 1],
      [1, 0.5],
      [-1, 0.5],
      [0.25, 0],
    ],
    rewards: [1, 2, 4, 8, 16, -1],
    terminals: [0, 0, 1, 0, 0, 0],
    timeouts: [0, 0, 0, 0, 1, 0],
  });
  const d = describeDataset(ds);

  it('counts rows, transitions, episodes and flags', () => {
    expect(d.rows).toBe(6);
    // next observation unknown at the timeout row (4) and the last row (5); the terminal row stays usable.
    expect(d.transitions).toBe(4);
    expect(d.episodes).toBe(3);
    expect(d.terminals).toBe(1);
    expect(d.timeouts).toBe(1);
    expect(d.episodeEnds).toEqual({ terminal: 1, timeout: 1, unflagged: 1 });
    expect(d.observationDim).toBe(2);
  });

  it('summarises episode lengths, episode returns and step rewards', () => {
    // lengths 3, 2, 1
    expect(d.episodeLengths).toEqual({ count: 3, min: 1, max: 3, mean: 2, std: Math.sqrt(2 / 3), median: 2 });
    // returns 7, 24, −1: mean 10; deviations −3 14 −11 → 9 + 196 + 121 = 326
    expect(d.episodeReturns.count).toBe(3);
    expect(d.episodeReturns.min).toBe(-1);
    expect(d.episodeReturns.max).toBe(24);
    expect(d.episodeReturns.mean).toBe(10);
    expect(d.episodeReturns.median).toBe(7);
    expect(d.episodeReturns.std).toBeCloseTo(Math.sqrt(326 / 3), 12);
    // rewards 1 2 4 8 16 −1: sum 30, mean 5; squares of deviations 16 9 1 9 121 36 = 192
    expect(d.stepRewards.mean).toBe(5);
    expect(d.stepRewards.std).toBeCloseTo(Math.sqrt(32), 12);
    expect(d.stepRewards.median).toBe(3);
    expect([d.stepRewards.min, d.stepRewards.max]).toEqual([-1, 16]);
  });

  it('gives the action range per dimension and the observation mean/std', () => {
    expect(d.actions).toEqual({ type: 'box', min: [-1, -1], max: [1, 1], mean: [0.5 / 6, 1 / 6], low: [-1, -1], high: [1, 1] });
    expect(d.observations.mean).toEqual([2.5, 10]);
    // 0…5 around 2.5: 6.25 + 2.25 + 0.25 (twice each) = 17.5 → std √(17.5/6)
    expect(d.observations.std[0]).toBeCloseTo(Math.sqrt(17.5 / 6), 12);
    expect(d.observations.std[1]).toBe(0);
  });

  it('shows a dataset with no done signals: no flags, every episode unflagged', () => {
    // AntMaze-like: no terminals or timeouts; episodes only split where the next observation does not follow on.
    const noDone = createDataset({
      observations: [[0], [1], [5], [6], [7]],
      nextObservations: [[1], [2], [6], [7], [8]],
      actions: [[0], [0], [0], [0], [0]],
      rewards: [0, 1, 0, 0, 1],
      terminals: [0, 0, 0, 0, 0],
    });
    const n = describeDataset(noDone);
    expect(n.terminals).toBe(0);
    expect(n.timeouts).toBe(0);
    expect(n.episodes).toBe(2);
    expect(n.episodeEnds).toEqual({ terminal: 0, timeout: 0, unflagged: 2 });
    expect(n.episodeLengths.min).toBe(2);
    expect(n.episodeLengths.max).toBe(3);
    expect(n.episodeReturns.mean).toBe(1);
    expect(n.transitions).toBe(5);
  });

  it('counts a row with both flags as a terminal end, once', () => {
    const both = createDataset({
      observations: [[0], [1]],
      actions: [[0], [0]],
      rewards: [0, 0],
      terminals: [1, 0],
      timeouts: [1, 1],
    });
    const b = describeDataset(both);
    expect(b.terminals).toBe(1);
    expect(b.timeouts).toBe(2);
    expect(b.episodeEnds).toEqual({ terminal: 1, timeout: 1, unflagged: 0 });
  });

  it('counts each action of a discrete space instead of ranges', () => {
    const discrete = createDataset({
      observations: [[0], [0], [0], [0], [0]],
      actions: [2, 0, 2, 2, 0],
      rewards: [0, 0, 0, 0, 0],
      terminals: [0, 0, 0, 0, 1],
      actionSpace: { type: 'discrete', n: 4 },
    });
    expect(describeDataset(discrete).actions).toEqual({ type: 'discrete', counts: [2, 0, 3, 0] });
  });
});
