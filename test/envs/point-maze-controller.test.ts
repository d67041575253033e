import { describe, expect, it } from 'vitest';
import { POINT_MAZE_LAYOUTS, POINT_MAZE_LAYOUT_NAMES, pointMaze, pointMazeController } from '../../src/envs';
import { Rng } from '../../src/rng';

describe('pointMazeController', () => {
  it('reaches the goal from random starts in ≥ 95% of episodes on every layout (no noise)', () => {
    const episodes = 40;
    for (const layout of POINT_MAZE_LAYOUT_NAMES) {
      const env = pointMaze({ layout });
      const controller = pointMazeController(env.maze);
      let reached = 0;
      for (let k = 0; k < episodes; k++) {
        let obs = env.reset(500 + k);
        let hit = false;
        let done = false;
        while (!done && !hit) {
          const r = env.step(controller.act(obs, env.goal));
          obs = r.observation;
          hit = r.reward > 0;
          done = r.truncated;
        }
        if (hit) reached += 1;
      }
      expect(reached / episodes).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('also reaches goals with noise 0.3, and stays on the goal once there', () => {
    const env = pointMaze({ layout: 'large' });
    const controller = pointMazeController(env.maze, { noise: 0.3, rng: new Rng(2) });
    for (let k = 0; k < 10; k++) {
      let obs = env.reset(k);
      let lastTen = 0;
      for (let t = 0; t < env.maxEpisodeSteps; t++) {
        const r = env.step(controller.act(obs, env.goal));
        obs = r.observation;
        if (t >= env.maxEpisodeSteps - 10) lastTen += r.reward;
      }
      expect(lastTen).toBe(10);
    }
  });

  it('commands unit-norm actions without noise, and clipped noisy ones in the box', () => {
    const env = pointMaze({ layout: 'medium' });
    const clean = pointMazeController(env.maze);
    const noisy = pointMazeController(env.maze, { noise: 1, rng: new Rng(0) });
    let obs = env.reset(4);
    for (let t = 0; t < 300; t++) {
      const a = clean.act(obs, env.goal);
      expect(Math.hypot(a[0], a[1])).toBeCloseTo(1, 12);
      const n = noisy.act(obs, env.goal);
      expect(Math.max(Math.abs(n[0]), Math.abs(n[1]))).toBeLessThanOrEqual(1);
      obs = env.step(a).observation;
    }
  });

  it('plans through the maze: the waypoint is the next cell on a shortest path', () => {
    const controller = pointMazeController(POINT_MAZE_LAYOUTS.umaze);
    // From the far end of the U (3, 1) to the goal (1, 1): go along row 3 first, not through the wall.
    expect(controller.waypoint([3, 1, 0, 0], [1, 1])).toEqual([3, 2]);
    expect(controller.waypoint([3, 3, 0, 0], [1, 1])).toEqual([2, 3]);
    expect(controller.waypoint([1, 2, 0, 0], [1, 1])).toEqual([1, 1]);
    // In the goal's own cell the waypoint is the goal position itself.
    expect(controller.waypoint([1.2, 1.1, 0, 0], [0.9, 1.05])).toEqual([0.9, 1.05]);
    // The command points at the waypoint when at rest.
    const a = controller.act([3, 1, 0, 0], [1, 1]);
    expect(a[0]).toBeCloseTo(0, 12);
    expect(a[1]).toBeCloseTo(1, 12);
  });

  it('is deterministic for a seeded rng and validates its arguments', () => {
    const run = (): number[] =>
      pointMazeController(POINT_MAZE_LAYOUTS.open, { noise: 0.5, rng: new Rng(9) }).act([1, 1, 0, 0], [2, 3]);
    expect(run()).toEqual(run());
    expect(() => pointMazeController(POINT_MAZE_LAYOUTS.open, { noise: 0.1 })).toThrow(/needs options.rng/);
    expect(() => pointMazeController(POINT_MAZE_LAYOUTS.open, { noise: -1, rng: new Rng(0) })).toThrow(
      /noise must be ≥ 0/,
    );
    const c = pointMazeController(POINT_MAZE_LAYOUTS.open);
    expect(() => c.act([1, 1, 0, 0], [0, 0])).toThrow(/goal \[0, 0\] is not inside an open cell/);
    expect(() => c.act([1, 1], [2, 3])).toThrow(/observation must be \[x, y, vx, vy\]/);
    expect(() => c.act([1, NaN, 0, 0], [2, 3])).toThrow(/observation\[1\]/);
  });
});
