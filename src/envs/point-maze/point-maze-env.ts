import { Rng } from '../../rng';
import type { BoxSpace } from '../../types';
import { checkFinite } from '../check-args';
import type { Env, ReferenceScores, StepResult } from '../env';
import { EpisodeTracker } from '../episode-tracker';
import { clipPointMazeAction, pointMazeActionSpace } from './action';
import { pointMassStep } from './dynamics';
import type { PointMassState } from './dynamics';
import type { PointMazeLayout } from './layouts';
import type { MazeMap } from './maze-map';
import { POINT_MAZE_REFERENCE_SCORES } from './reference-scores';
import { pointMazeReward } from './reward';
import type { PointMazeReward } from './reward';
import { resolvePointMazeSetup } from './setup';
import type { PointMazeSetupOptions } from './setup';

/** Seed of the env's own reset stream when `options.seed` is not given. */
const DEFAULT_ENV_SEED = 0;
/** Half-width of the uniform noise added to the start cell's centre (D4RL: ±0.1). */
const RESET_POSITION_NOISE = 0.1;
/**
 * Standard deviation of the start velocity per axis. D4RL draws 0.1 against a speed limit of 5;
 * this is about the same fraction of our limit of 0.8.
 */
const RESET_VELOCITY_STD = 0.02;
/** Length of the observation `(x, y, vx, vy)`. */
const OBSERVATION_DIM = 4;

/**
 * Options of {@link pointMaze}.
 *
 * @example
 * ```ts
 * const options: PointMazeOptions = { layout: 'large', reward: 'dense', seed: 3 };
 * ```
 */
export interface PointMazeOptions extends PointMazeSetupOptions {
  /** Seed of the env's own reset stream, used by `reset()` without a seed. Default 0. */
  seed?: number;
}

/**
 * The point-maze environment: a {@link Env} with the maze, goal and reward type it was built with.
 *
 * @example
 * ```ts
 * const env: PointMazeEnv = pointMaze({ layout: 'medium' });
 * env.goal;        // [6, 6]
 * env.maze.rows;   // 8
 * ```
 */
export interface PointMazeEnv extends Env {
  /** The maze map. */
  readonly maze: MazeMap;
  /** The built-in layout, or `'custom'`. */
  readonly layout: PointMazeLayout | 'custom';
  /** The goal position `(x, y)`. */
  readonly goal: readonly [number, number];
  /** The reward type. */
  readonly reward: PointMazeReward;
  /** The box `[−1, 1]²`. */
  readonly actionSpace: BoxSpace;
}

/**
 * A maze2d-like world without MuJoCo: a point mass pushed by a force command through a maze of
 * unit cells (the D4RL maze2d setting; maps and goals in `POINT_MAZE_LAYOUTS`, physics in
 * `POINT_MAZE_PHYSICS`).
 *
 * - **Frame.** Cell `(row i, col j)` is the unit square centred at `(x, y) = (i, j)` (D4RL's frame).
 * - **Observation** `[x, y, vx, vy]` (position in cells, velocity in cells per second).
 * - **Action** `[ax, ay]`, a force command in the box `[−1, 1]²`; out-of-box entries are clipped
 *   (as MuJoCo clips controls), NaN / ±Infinity throw.
 * - **Reset** at the centre of a uniformly drawn open cell (the goal cell included, as D4RL) plus
 *   uniform noise in ±0.1, with a small random velocity. `reset(seed)` draws from `seed`; `reset()`
 *   from the env's own stream seeded with `options.seed`.
 * - **Reward** after each step, at the new position: sparse 1 within 0.5 of the goal (else 0), or
 *   dense `exp(−distance)`. The episode never terminates; it is truncated at `maxEpisodeSteps`
 *   (open 150, umaze 300, medium 600, large 800, as D4RL).
 * - **Name** `point-maze-<layout>` (`point-maze-custom` for a custom map), with `-dense` appended
 *   for the dense reward.
 * - **Reference scores** (built-in layouts with their default goal and episode length only):
 *   measured in this world, `min` = a uniform random policy, `max` = the noise-free
 *   {@link pointMazeController}; see `POINT_MAZE_REFERENCE_SCORES`.
 *
 * @throws RangeError / TypeError for invalid options (see `parseMaze` for map errors).
 * @example
 * ```ts
 * const env = pointMaze({ layout: 'umaze' });
 * let obs = env.reset(0);                 // [x, y, vx, vy]
 * const { observation, reward } = env.step([1, 0]);
 * env.referenceScores;                    // { min, max, source }
 * ```
 */
export function pointMaze(options: PointMazeOptions = {}): PointMazeEnv {
  const setup = resolvePointMazeSetup('pointMaze', options);
  // A snapshot for clone(): later changes to the caller's option object do not reach the copies.
  const settings: PointMazeOptions = structuredClone(options);
  const envSeed = options.seed ?? DEFAULT_ENV_SEED;
  checkFinite('pointMaze: seed', envSeed);
  const envRng = new Rng(envSeed);
  const { map, goal, reward, maxEpisodeSteps } = setup;
  const name = `point-maze-${setup.layout}${reward === 'dense' ? '-dense' : ''}`;
  const tracker = new EpisodeTracker(name, maxEpisodeSteps);
  const referenceScores: ReferenceScores | undefined =
    setup.standard && setup.layout !== 'custom' ? { ...POINT_MAZE_REFERENCE_SCORES[setup.layout][reward] } : undefined;
  const frozenGoal = Object.freeze([goal[0], goal[1]] as const);
  let state: PointMassState = [0, 0, 0, 0];

  return {
    name,
    observationDim: OBSERVATION_DIM,
    actionSpace: pointMazeActionSpace(),
    maxEpisodeSteps,
    referenceScores,
    maze: map,
    layout: setup.layout,
    goal: frozenGoal,
    reward,
    reset(seed?: number): number[] {
      tracker.start(seed);
      const rng = seed === undefined ? envRng : new Rng(seed);
      const [i, j] = map.openCells[rng.int(map.openCells.length)];
      state = [
        i + RESET_POSITION_NOISE * (2 * rng.next() - 1),
        j + RESET_POSITION_NOISE * (2 * rng.next() - 1),
        RESET_VELOCITY_STD * rng.normal(),
        RESET_VELOCITY_STD * rng.normal(),
      ];
      return state.slice();
    },
    step(action: number | number[]): StepResult {
      tracker.beforeStep();
      const a = clipPointMazeAction(action, `${name}.step`);
      state = pointMassStep(map, state, a);
      const r = pointMazeReward(state, goal, reward);
      const terminated = false;
      const truncated = tracker.afterStep(terminated);
      return { observation: state.slice(), reward: r, terminated, truncated };
    },
    clone: () => pointMaze(settings),
  };
}
