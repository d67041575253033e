import { describe, expect, it } from 'vitest';
import {
  GOAL_RADIUS,
  POINT_MAZE_LAYOUT_NAMES,
  POINT_MAZE_PHYSICS,
  POINT_MAZE_REFERENCE_SCORES,
  measurePointMazeReferences,
  pointMaze,
  pointMazeReward,
} from '../../src/envs';
import { bodyOverlapsWall, cellAt, isOpenCell, parseMaze, pointMassStep } from '../../src/envs/point-maze';
import type { PointMassState } from '../../src/envs/point-maze';
import { Rng } from '../../src/rng';

describe('pointMaze', () => {
  it('describes a 4-d observation, the box [−1, 1]² and the D4RL episode lengths', () => {
    const env = pointMaze({ layout: 'umaze' });
    expect(env.name).toBe('point-maze-umaze');
    expect(env.observationDim).toBe(4);
    expect(env.actionSpace).toEqual({ type: 'box', low: [-1, -1], high: [1, 1] });
    expect(env.maxEpisodeSteps).toBe(300);
    expect(env.goal).toEqual([1, 1]);
    expect(pointMaze().name).toBe('point-maze-umaze');
    expect(pointMaze({ layout: 'large', reward: 'dense' }).name).toBe('point-maze-large-dense');
    expect(pointMaze({ layout: 'open' }).maxEpisodeSteps).toBe(150);
    expect(pointMaze({ layout: 'medium' }).maxEpisodeSteps).toBe(600);
    expect(pointMaze({ layout: 'large' }).maxEpisodeSteps).toBe(800);
    expect(pointMaze({ layout: 'large', maxEpisodeSteps: 5 }).maxEpisodeSteps).toBe(5);
  });

  it('starts near the centre of an open cell, reproducibly for a seed', () => {
    const env = pointMaze({ layout: 'large' });
    for (let seed = 0; seed < 50; seed++) {
      const obs = env.reset(seed);
      expect(obs).toHaveLength(4);
      const [i, j] = cellAt(obs[0], obs[1]);
      expect(isOpenCell(env.maze, i, j)).toBe(true);
      expect(Math.abs(obs[0] - i)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(obs[1] - j)).toBeLessThanOrEqual(0.1);
      expect(env.reset(seed)).toEqual(obs);
    }
    // Without a seed, resets come from the env's own stream seeded with options.seed.
    const a = pointMaze({ layout: 'large', seed: 7 });
    const b = pointMaze({ layout: 'large', seed: 7 });
    const startsA = [a.reset(), a.reset(), a.reset()];
    expect([b.reset(), b.reset(), b.reset()]).toEqual(startsA);
    expect(startsA[0]).not.toEqual(startsA[1]);
  });

  it('is deterministic: the same seed and actions give the same trajectory', () => {
    const run = (): number[][] => {
      const env = pointMaze({ layout: 'medium' });
      const rng = new Rng(3);
      const out = [env.reset(11)];
      for (let t = 0; t < 200; t++) out.push(env.step([2 * rng.next() - 1, 2 * rng.next() - 1]).observation);
      return out;
    };
    expect(run()).toEqual(run());
  });

  it('moves the point the way a held action pushes it, one cell in 10–20 steps from rest', () => {
    const corridor = parseMaze(['##########', '#OOOOOOOO#', '##########']);
    let state: PointMassState = [1, 1, 0, 0];
    let steps = 0;
    while (state[1] < 2) {
      state = pointMassStep(corridor, state, [0, 1]);
      steps += 1;
    }
    expect(steps).toBeGreaterThanOrEqual(10);
    expect(steps).toBeLessThanOrEqual(20);
    expect(state[0]).toBe(1); // no push across the corridor, no drift
    expect(state[2]).toBe(0);
    expect(state[3]).toBeGreaterThan(0);
    // At top speed a cell takes 1 / (maxSpeed · stepDuration) = 12.5 steps.
    for (let t = 0; t < 20; t++) state = pointMassStep(corridor, state, [0, 1]);
    expect(Math.hypot(state[2], state[3])).toBeCloseTo(POINT_MAZE_PHYSICS.maxSpeed, 12);
    // Pushing back along −y slows it, then moves it towards smaller y; without a push it coasts down.
    const y = state[1];
    for (let t = 0; t < 30; t++) state = pointMassStep(corridor, state, [0, -1]);
    expect(state[3]).toBeLessThan(0);
    expect(state[1]).toBeLessThan(y + 1);
    const speed = Math.abs(state[3]);
    state = pointMassStep(corridor, state, [0, 0]);
    expect(Math.abs(state[3])).toBeLessThan(speed);
    // In the env, +x pushes towards larger x.
    const env = pointMaze({ layout: 'open' });
    const start = env.reset(0);
    let obs = start;
    for (let t = 0; t < 5; t++) obs = env.step([1, 0]).observation;
    expect(obs[0]).toBeGreaterThan(start[0]);
  });

  it('stops at walls and reports zero velocity into them', () => {
    const env = pointMaze({ layout: 'umaze' });
    env.reset(0);
    let obs: number[] = [];
    for (let t = 0; t < 60; t++) obs = env.step([-1, -1]).observation;
    // Pushed into a corner: resting against the walls, never past them.
    const [i, j] = cellAt(obs[0], obs[1]);
    const r = POINT_MAZE_PHYSICS.bodyRadius;
    expect(obs[0]).toBeCloseTo(i - 0.5 + r, 6);
    expect(obs[1]).toBeCloseTo(j - 0.5 + r, 6);
    expect(obs[2]).toBe(0);
    expect(obs[3]).toBe(0);
  });

  it('never lets the point into a wall and keeps its speed limited over long random rollouts', () => {
    const { bodyRadius, maxSpeed } = POINT_MAZE_PHYSICS;
    for (const layout of POINT_MAZE_LAYOUT_NAMES) {
      const env = pointMaze({ layout, maxEpisodeSteps: 1000 });
      const rng = new Rng(42);
      let violations = 0;
      let steps = 0;
      for (let episode = 0; episode < 5; episode++) {
        env.reset(episode);
        let done = false;
        while (!done) {
          // Hard pushes in random directions, many of them outside the box (clipped).
          const result = env.step([3 * (2 * rng.next() - 1), 3 * (2 * rng.next() - 1)]);
          const [x, y, vx, vy] = result.observation;
          if (bodyOverlapsWall(env.maze, x, y, bodyRadius)) violations += 1;
          if (Math.hypot(vx, vy) > maxSpeed + 1e-12) violations += 1;
          done = result.truncated;
          steps += 1;
        }
      }
      expect(steps).toBe(5000);
      expect(violations).toBe(0);
    }
  });

  it('pays the sparse reward within 0.5 of the goal and exp(−distance) when dense', () => {
    expect(GOAL_RADIUS).toBe(0.5);
    expect(pointMazeReward([1, 1], [1, 1], 'sparse')).toBe(1);
    expect(pointMazeReward([1.5, 1], [1, 1], 'sparse')).toBe(1);
    expect(pointMazeReward([1.3, 1.41], [1, 1], 'sparse')).toBe(0);
    expect(pointMazeReward([3, 3], [1, 1], 'sparse')).toBe(0);
    expect(pointMazeReward([1, 1], [1, 1], 'dense')).toBe(1);
    expect(pointMazeReward([3, 1], [1, 1], 'dense')).toBeCloseTo(Math.exp(-2), 12);
    // In the env: the reward is that of the position after the step.
    for (const reward of ['sparse', 'dense'] as const) {
      const env = pointMaze({ layout: 'umaze', reward });
      env.reset(3);
      for (let t = 0; t < 20; t++) {
        const { observation, reward: r } = env.step([0.3, -0.2]);
        expect(r).toBe(pointMazeReward(observation, env.goal, reward));
      }
    }
  });

  it('never terminates and truncates exactly at maxEpisodeSteps', () => {
    const env = pointMaze({ layout: 'umaze', maxEpisodeSteps: 25 });
    env.reset(0);
    for (let t = 1; t <= 25; t++) {
      const r = env.step([0, 0]);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(t === 25);
    }
    expect(() => env.step([0, 0])).toThrow(/ended/);
    const full = pointMaze({ layout: 'open' });
    full.reset(1);
    let steps = 0;
    let truncated = false;
    while (!truncated) {
      truncated = full.step([1, 1]).truncated;
      steps += 1;
    }
    expect(steps).toBe(150);
  });

  it('clips out-of-box actions and rejects NaN, wrong widths and stepping before reset', () => {
    const a = pointMaze({ layout: 'open' });
    const b = pointMaze({ layout: 'open' });
    expect(() => a.step([0, 0])).toThrow(/before reset/);
    a.reset(5);
    b.reset(5);
    expect(a.step([7, -3]).observation).toEqual(b.step([1, -1]).observation);
    expect(() => a.step([NaN, 0])).toThrow(/action\[0\] must be a finite number, got NaN/);
    expect(() => a.step([0, Infinity])).toThrow(RangeError);
    expect(() => a.step([0])).toThrow(/1 entries, expected 2/);
    expect(() => a.step(1)).toThrow(TypeError);
  });

  it('validates its options with errors naming them', () => {
    expect(() => pointMaze({ layout: 'umaze', maze: ['OG'] })).toThrow(/either layout or maze/);
    expect(() => pointMaze({ layout: 'huge' as 'open' })).toThrow(/unknown layout 'huge'/);
    expect(() => pointMaze({ maze: ['OX'] })).toThrow(/maze is invalid: .*unknown character 'X'/);
    expect(() => pointMaze({ maze: ['OOO'] })).toThrow(/no goal cell 'G'/);
    expect(() => pointMaze({ layout: 'umaze', goal: [0, 0] })).toThrow(/goal \[0, 0\] is not inside an open cell/);
    expect(() => pointMaze({ layout: 'umaze', goal: [NaN, 1] })).toThrow(/goal\[0\]/);
    expect(() => pointMaze({ reward: 'shaped' as 'dense' })).toThrow(/reward must be 'sparse' or 'dense'/);
    expect(() => pointMaze({ maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps/);
    expect(() => pointMaze({ seed: NaN })).toThrow(/seed/);
  });

  it('takes custom maps and goals; custom episode lengths scale with the path to the goal', () => {
    const env = pointMaze({ maze: ['#####', '#OOG#', '#####'] });
    expect(env.name).toBe('point-maze-custom');
    expect(env.goal).toEqual([1, 3]);
    expect(env.maxEpisodeSteps).toBe(100); // 50 steps per cell, 2 cells from the far end
    expect(env.referenceScores).toBeUndefined();
    const moved = pointMaze({ layout: 'umaze', goal: [3, 1] });
    expect(moved.goal).toEqual([3, 1]);
    expect(moved.referenceScores).toBeUndefined();
    expect(pointMaze({ layout: 'umaze', maxEpisodeSteps: 10 }).referenceScores).toBeUndefined();
  });

  it('has measured reference scores that measurePointMazeReferences reproduces', () => {
    for (const layout of POINT_MAZE_LAYOUT_NAMES) {
      const measured = measurePointMazeReferences(layout, { episodes: 100, seed: 0 });
      for (const reward of ['sparse', 'dense'] as const) {
        const ref = pointMaze({ layout, reward }).referenceScores;
        expect(ref).toEqual(POINT_MAZE_REFERENCE_SCORES[layout][reward]);
        expect(ref?.source).toMatch(/100 episodes/);
        expect(ref?.min).toBeCloseTo(measured[reward].min, 3);
        expect(ref?.max).toBeCloseTo(measured[reward].max, 3);
        expect(ref!.max).toBeGreaterThan(ref!.min);
      }
    }
  });
});
