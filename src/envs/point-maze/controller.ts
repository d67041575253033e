import type { Rng } from '../../rng';
import { checkFinite } from '../check-args';
import { ACTION_BOUND } from './action';
import { cellAt, cellDistances, CELL_MOVES, isOpenCell, parseMaze } from './maze-map';
import type { MazeMap } from './maze-map';

/**
 * Weight of the velocity in the command direction `(waypoint − position) − VELOCITY_DAMPING · v`:
 * it cancels sideways drift after turns and brakes near the goal (a PD law whose output is then
 * scaled to unit norm). Stopping from top speed takes ~0.1 cell, and 0.5 s of look-ahead keeps the
 * braking within the available deceleration.
 */
const VELOCITY_DAMPING = 0.5;
/** A command shorter than this (the point at rest exactly on the goal) is sent as zero. */
const MIN_COMMAND_NORM = 1e-12;

/**
 * Options of {@link pointMazeController}.
 *
 * @example
 * ```ts
 * const options: PointMazeControllerOptions = { noise: 0.3, rng: new Rng(0) };
 * ```
 */
export interface PointMazeControllerOptions {
  /** Standard deviation of the Gaussian noise added to each action component. Default 0. */
  noise?: number;
  /** Source of the noise; required when `noise > 0`. */
  rng?: Rng;
}

/**
 * A scripted point-maze driver (see {@link pointMazeController}).
 *
 * @example
 * ```ts
 * const action = controller.act(observation, env.goal);
 * ```
 */
export interface PointMazeController {
  /**
   * The action for `observation` (`[x, y, vx, vy]`) when driving to `goal` (`[x, y]`, inside an
   * open cell): a unit-norm direction plus noise, clipped to `[−1, 1]²`.
   */
  act(observation: readonly number[], goal: readonly [number, number]): number[];
  /** The next waypoint on the way from `observation` to `goal`: the next cell centre, or the goal in its own cell. */
  waypoint(observation: readonly number[], goal: readonly [number, number]): [number, number];
}

/**
 * A scripted controller that drives the point mass of {@link pointMaze} to any goal of `maze`.
 *
 * It plans over cells with breadth-first search from the goal's cell (one distance field per goal
 * cell, cached), takes as waypoint the centre of the open neighbour of the current cell that is
 * closest to the goal (or the goal itself once in the goal's cell), and commands the UNIT-NORM
 * direction of `(waypoint − position) − 0.5 · velocity`. Gaussian noise of std `noise` is added to
 * each component and the result is clipped to `[−1, 1]²`. Without noise every action has norm 1
 * (a unit vector always lies in the box), which puts the dataset's actions on the unit circle, like
 * D4RL's maze2d data where the saturated waypoint controller dominates.
 *
 * @param maze - a parsed map or rows of `'#'`, `'O'`, `'G'`.
 * @throws RangeError for a negative or non-finite `noise`, or `noise > 0` without `rng`;
 *   `act` throws when the observation is not 4 finite numbers or the goal is not in an open cell.
 * @example
 * ```ts
 * const env = pointMaze({ layout: 'medium' });
 * const driver = pointMazeController(env.maze, { noise: 0.1, rng: new Rng(1) });
 * let obs = env.reset(0);
 * for (let t = 0; t < env.maxEpisodeSteps; t++) obs = env.step(driver.act(obs, env.goal)).observation;
 * ```
 */
export function pointMazeController(
  maze: MazeMap | readonly string[],
  options: PointMazeControllerOptions = {},
): PointMazeController {
  const map: MazeMap = Array.isArray(maze) ? parseMaze(maze) : (maze as MazeMap);
  const noise = options.noise ?? 0;
  checkFinite('pointMazeController: noise', noise);
  if (noise < 0) throw new RangeError(`pointMazeController: noise must be ≥ 0, got ${noise}`);
  const rng = options.rng;
  if (noise > 0 && rng === undefined) {
    throw new RangeError('pointMazeController: noise > 0 needs options.rng (an Rng) to draw the noise from');
  }
  const fields = new Map<number, Int32Array>();

  function distanceField(gi: number, gj: number): Int32Array {
    const key = gi * map.cols + gj;
    let field = fields.get(key);
    if (field === undefined) {
      field = cellDistances(map, [gi, gj]);
      fields.set(key, field);
    }
    return field;
  }

  function waypoint(observation: readonly number[], goal: readonly [number, number]): [number, number] {
    if (!Array.isArray(observation) || observation.length !== 4) {
      throw new RangeError('pointMazeController.act: observation must be [x, y, vx, vy]');
    }
    observation.forEach((v, k) => checkFinite(`pointMazeController.act: observation[${k}]`, v));
    const [gi, gj] = cellAt(goal[0], goal[1]);
    if (!isOpenCell(map, gi, gj)) {
      throw new RangeError(`pointMazeController.act: goal [${goal[0]}, ${goal[1]}] is not inside an open cell`);
    }
    const [i, j] = cellAt(observation[0], observation[1]);
    if (i === gi && j === gj) return [goal[0], goal[1]];
    const field = distanceField(gi, gj);
    let best: [number, number] = [goal[0], goal[1]];
    let bestDistance = Infinity;
    for (const [di, dj] of CELL_MOVES) {
      const ni = i + di;
      const nj = j + dj;
      if (!isOpenCell(map, ni, nj)) continue;
      const d = field[ni * map.cols + nj];
      if (d < bestDistance) {
        bestDistance = d;
        best = [ni, nj];
      }
    }
    return best;
  }

  return {
    waypoint,
    act(observation: readonly number[], goal: readonly [number, number]): number[] {
      const [wx, wy] = waypoint(observation, goal);
      const ux = wx - observation[0] - VELOCITY_DAMPING * observation[2];
      const uy = wy - observation[1] - VELOCITY_DAMPING * observation[3];
      const norm = Math.hypot(ux, uy);
      const action = norm < MIN_COMMAND_NORM ? [0, 0] : [ux / norm, uy / norm];
      if (noise > 0 && rng !== undefined) {
        action[0] += noise * rng.normal();
        action[1] += noise * rng.normal();
      }
      return action.map((a) => Math.min(ACTION_BOUND, Math.max(-ACTION_BOUND, a)));
    },
  };
}
