import { describe, expect, it } from 'vitest';
import { createDataset } from '../../src/data/create-dataset';
import { POINT_MAZE_LAYOUTS, parseMaze, pointMaze, pointMazeDataset, pointMazeReward } from '../../src/envs';
import type { PointMazeLog } from '../../src/envs';
import { bodyOverlapsWall, cellAt, openNeighbours, POINT_MAZE_PHYSICS } from '../../src/envs/point-maze';

/** Mean over junction cells (≥ 3 open neighbours) of the circular variance of the action directions. */
function junctionSpread(log: PointMazeLog, maze: readonly string[]): number {
  const map = parseMaze(maze);
  const sums = new Map<string, [number, number, number]>();
  log.observations.forEach((o, row) => {
    const [i, j] = cellAt(o[0], o[1]);
    if (openNeighbours(map, i, j).length < 3) return;
    const [ax, ay] = log.actions[row];
    const norm = Math.hypot(ax, ay);
    if (norm === 0) return;
    const key = `${i},${j}`;
    const s = sums.get(key) ?? [0, 0, 0];
    s[0] += ax / norm;
    s[1] += ay / norm;
    s[2] += 1;
    sums.set(key, s);
  });
  let weighted = 0;
  let count = 0;
  for (const [x, y, n] of sums.values()) {
    weighted += n - Math.hypot(x, y); // n · (1 − resultant length)
    count += n;
  }
  return weighted / count;
}

describe('pointMazeDataset', () => {
  it('has the DatasetInput shape, timeouts every maxEpisodeSteps rows and no terminals', () => {
    for (const kind of ['mixed', 'expert'] as const) {
      const log = pointMazeDataset({ layout: 'umaze', size: 1000, kind, seed: 1 });
      expect(log.observations).toHaveLength(1000);
      expect(log.nextObservations).toHaveLength(1000);
      expect(log.actions).toHaveLength(1000);
      expect(log.rewards).toHaveLength(1000);
      expect(log.observations[0]).toHaveLength(4);
      expect(log.actions[0]).toHaveLength(2);
      expect(log.actionSpace).toEqual({ type: 'box', low: [-1, -1], high: [1, 1] });
      expect(log.terminals.every((t) => t === 0)).toBe(true);
      const timeoutRows = log.timeouts.flatMap((t, i) => (t === 1 ? [i] : []));
      expect(timeoutRows).toEqual([299, 599, 899, 999]);
      expect(log.actions.every(([a, b]) => Math.abs(a) <= 1 && Math.abs(b) <= 1)).toBe(true);
      const ds = createDataset(log);
      expect(ds.size).toBe(1000);
      expect(Array.from(ds.episodeStarts)).toEqual([0, 300, 600, 900, 1000]);
    }
  });

  it('chains rows: nextObservations[i] is observations[i + 1] inside episodes (and across mixed cuts)', () => {
    const mixed = pointMazeDataset({ layout: 'medium', size: 1500, seed: 2 });
    for (let i = 0; i + 1 < 1500; i++) expect(mixed.nextObservations[i]).toEqual(mixed.observations[i + 1]);
    const expert = pointMazeDataset({ layout: 'medium', size: 1500, kind: 'expert', seed: 2 });
    for (let i = 0; i + 1 < 1500; i++) {
      if (expert.timeouts[i] === 0) expect(expert.nextObservations[i]).toEqual(expert.observations[i + 1]);
    }
  });

  it('computes rewards at the next observation against the evaluation goal', () => {
    for (const reward of ['sparse', 'dense'] as const) {
      const log = pointMazeDataset({ layout: 'open', size: 600, reward, seed: 4 });
      const goal = pointMaze({ layout: 'open' }).goal;
      log.rewards.forEach((r, i) => expect(r).toBe(pointMazeReward(log.nextObservations[i], goal, reward)));
    }
    const expert = pointMazeDataset({ layout: 'open', size: 600, kind: 'expert', seed: 4 });
    expect(expert.rewards.reduce((a, b) => a + b)).toBeGreaterThan(400);
  });

  it('stays out of the walls', () => {
    const log = pointMazeDataset({ layout: 'large', size: 5000, seed: 5 });
    const map = parseMaze(POINT_MAZE_LAYOUTS.large);
    const inside = log.nextObservations.filter(([x, y]) => bodyOverlapsWall(map, x, y, POINT_MAZE_PHYSICS.bodyRadius));
    expect(inside).toHaveLength(0);
  });

  it('puts mixed actions near the unit circle (mean norm ≈ 0.94 with noise 0.3)', () => {
    const log = pointMazeDataset({ layout: 'large', size: 20_000, seed: 6 });
    const norms = log.actions.map(([a, b]) => Math.hypot(a, b));
    const mean = norms.reduce((a, b) => a + b) / norms.length;
    expect(mean).toBeGreaterThan(0.9);
    expect(mean).toBeLessThan(1.0);
    const clean = pointMazeDataset({ layout: 'large', size: 2000, seed: 6, noise: 0 });
    expect(clean.actions.every(([a, b]) => Math.abs(Math.hypot(a, b) - 1) < 1e-9)).toBe(true);
  });

  it('holds several directions at junctions in mixed data, one in expert data', () => {
    for (const layout of ['medium', 'large'] as const) {
      const mixed = junctionSpread(pointMazeDataset({ layout, size: 10_000, seed: 7 }), POINT_MAZE_LAYOUTS[layout]);
      const expert = junctionSpread(
        pointMazeDataset({ layout, size: 10_000, seed: 7, kind: 'expert' }),
        POINT_MAZE_LAYOUTS[layout],
      );
      // Measured: mixed ≈ 0.65–0.7, expert < 0.01 (circular variance, 0 = one direction, 1 = uniform).
      expect(mixed).toBeGreaterThan(0.5);
      expect(expert).toBeLessThan(0.1);
    }
  });

  it('is deterministic given the seed, and differs across seeds', () => {
    const a = pointMazeDataset({ layout: 'umaze', size: 400, seed: 11 });
    expect(pointMazeDataset({ layout: 'umaze', size: 400, seed: 11 })).toEqual(a);
    expect(pointMazeDataset({ layout: 'umaze', size: 400, seed: 12 }).observations).not.toEqual(a.observations);
    const e = pointMazeDataset({ layout: 'umaze', size: 400, seed: 11, kind: 'expert' });
    expect(pointMazeDataset({ layout: 'umaze', size: 400, seed: 11, kind: 'expert' })).toEqual(e);
  });

  it('takes custom mazes, goals and episode lengths, and validates its options', () => {
    const maze = ['#####', '#OOO#', '#O#G#', '#####'];
    const log = pointMazeDataset({ maze, size: 250, seed: 0, maxEpisodeSteps: 50 });
    expect(log.timeouts.filter((t) => t === 1)).toHaveLength(5);
    expect(() => pointMazeDataset({ size: 0 })).toThrow(/size must be a positive integer/);
    expect(() => pointMazeDataset({ kind: 'random' as 'mixed' })).toThrow(/kind must be 'mixed' or 'expert'/);
    expect(() => pointMazeDataset({ noise: -0.1 })).toThrow(/noise must be ≥ 0/);
    expect(() => pointMazeDataset({ seed: Infinity })).toThrow(/seed/);
    expect(() => pointMazeDataset({ maze: ['O#O'] })).toThrow(/pointMazeDataset: maze is invalid: .*not connected/);
  });
});
