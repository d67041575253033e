import { Rng } from '../../rng';
import type { BoxSpace } from '../../types';
import { checkFinite, checkPositiveInteger } from '../check-args';
import { clipPointMazeAction, pointMazeActionSpace } from './action';
import { pointMazeController } from './controller';
import { pointMaze } from './point-maze-env';
import { pointMassStep } from './dynamics';
import type { PointMassState } from './dynamics';
import { cellAt } from './maze-map';
import { pointMazeReward } from './reward';
import { resolvePointMazeSetup } from './setup';
import type { PointMazeSetupOptions } from './setup';

/** Default number of rows of {@link pointMazeDataset} (D4RL's maze2d files hold 1–4 M). */
const DEFAULT_SIZE = 100_000;
/** Default seed of {@link pointMazeDataset}. */
const DEFAULT_SEED = 0;
/** Default action noise of the `'mixed'` data (D4RL's generator adds N(0, 0.5²) to a clipped PD law). */
const DEFAULT_MIXED_NOISE = 0.3;
/** Default action noise of the `'expert'` data. */
const DEFAULT_EXPERT_NOISE = 0.05;
/**
 * Distance (cells) at which the `'mixed'` stream's controller counts its current goal as reached
 * and draws a new one. D4RL's waypoint controller uses 0.1 plus a speed check; a quarter cell keeps
 * the stream moving rather than hovering on each goal.
 */
const MIXED_GOAL_REACHED = 0.25;

/**
 * A logged point-maze dataset in the column layout `createDataset` accepts (box actions).
 *
 * Row `i` is the transition `(observations[i], actions[i], rewards[i], nextObservations[i])`;
 * `timeouts[i]` is 1 on the last row of each episode (the time limit cut it); `terminals` are
 * all 0, since the point-maze never terminates.
 *
 * @example
 * ```ts
 * const log: PointMazeLog = pointMazeDataset({ layout: 'umaze', size: 1000 });
 * const dataset = createDataset(log);
 * ```
 */
export interface PointMazeLog {
  /** `[rows][4]`: `[x, y, vx, vy]` before each step. */
  observations: number[][];
  /** `[rows][2]`: the applied action, inside `[−1, 1]²`. */
  actions: number[][];
  /** `[rows]`: the env's reward for reaching `nextObservations[i]`. */
  rewards: number[];
  /** `[rows]`: always 0. */
  terminals: number[];
  /** `[rows]`: 1 on the last row of each episode. */
  timeouts: number[];
  /** `[rows][4]`: the observation after each step. */
  nextObservations: number[][];
  /** The box `[−1, 1]²`. */
  actionSpace: BoxSpace;
}

/**
 * Options of {@link pointMazeDataset}.
 *
 * @example
 * ```ts
 * const options: PointMazeDatasetOptions = { layout: 'large', size: 50_000, kind: 'mixed', seed: 1 };
 * ```
 */
export interface PointMazeDatasetOptions extends PointMazeSetupOptions {
  /** Number of rows. Default 100 000. */
  size?: number;
  /** Seed of everything random (starts, goals, noise). Default 0. */
  seed?: number;
  /** Std of the Gaussian noise on each action component. Default 0.3 (`'mixed'`) or 0.05 (`'expert'`). */
  noise?: number;
  /** `'mixed'` (default): D4RL-style stream to random goals; `'expert'`: episodes to the evaluation goal. */
  kind?: 'mixed' | 'expert';
}

/**
 * A logged dataset of {@link pointMaze}, built with {@link pointMazeController}.
 *
 * - `kind: 'mixed'` (default), as D4RL built maze2d: ONE continuous stream (no resets) starting
 *   from a random reset, in which the controller drives to a random open cell's centre and, once
 *   within 0.25 of it, draws another one (never its current cell). So the data holds every
 *   direction through junctions, and most actions near the unit circle. The stream is cut into
 *   episodes of `maxEpisodeSteps` rows, each ending with `timeouts = 1`; inside the stream
 *   `nextObservations[i]` equals `observations[i + 1]`, across the cuts too.
 * - `kind: 'expert'`: episodes of `maxEpisodeSteps` steps from `env.reset` (random starts) driving
 *   to the evaluation goal and hovering there, with small noise; each ends with `timeouts = 1`.
 *   Its actions cover the state space sparsely: one direction per place.
 *
 * In both, rewards are those of the env (the evaluation goal, `options.reward`) at the next
 * observation, `terminals` are all 0, and the last row is a timeout (the data ends the episode). D4RL
 * relabels maze2d rewards at the current observation instead (one step earlier); ours match
 * `env.step`. The result is deterministic given `seed`.
 *
 * @throws RangeError / TypeError naming the bad option (see {@link pointMaze} for the maze options).
 * @example
 * ```ts
 * const log = pointMazeDataset({ layout: 'umaze', size: 10_000, seed: 0 });
 * log.timeouts[299]; // 1: umaze episodes are 300 steps
 * const dataset = createDataset(log);
 * ```
 */
export function pointMazeDataset(options: PointMazeDatasetOptions = {}): PointMazeLog {
  const fn = 'pointMazeDataset';
  const setup = resolvePointMazeSetup(fn, options);
  const size = options.size ?? DEFAULT_SIZE;
  const seed = options.seed ?? DEFAULT_SEED;
  const kind = options.kind ?? 'mixed';
  checkPositiveInteger(`${fn}: size`, size);
  checkFinite(`${fn}: seed`, seed);
  if (kind !== 'mixed' && kind !== 'expert') {
    throw new RangeError(`${fn}: kind must be 'mixed' or 'expert', got '${String(kind)}'`);
  }
  const noise = options.noise ?? (kind === 'mixed' ? DEFAULT_MIXED_NOISE : DEFAULT_EXPERT_NOISE);
  checkFinite(`${fn}: noise`, noise);
  if (noise < 0) throw new RangeError(`${fn}: noise must be ≥ 0, got ${noise}`);

  const { map, goal, maxEpisodeSteps, reward } = setup;
  const rng = new Rng(seed);
  const resetRng = rng.split();
  const goalRng = rng.split();
  const controller = pointMazeController(map, { noise, rng: rng.split() });
  const env = pointMaze({
    maze: map.layout,
    goal,
    reward,
    maxEpisodeSteps,
    seed: resetRng.seed(),
  });
  const log: PointMazeLog = {
    observations: [],
    actions: [],
    rewards: [],
    terminals: [],
    timeouts: [],
    nextObservations: [],
    actionSpace: pointMazeActionSpace(),
  };
  const push = (observation: number[], action: number[], next: number[], timeout: boolean): void => {
    log.observations.push(observation);
    log.actions.push(action);
    log.rewards.push(pointMazeReward(next, goal, reward));
    log.terminals.push(0);
    log.timeouts.push(timeout ? 1 : 0);
    log.nextObservations.push(next);
  };

  if (kind === 'expert') {
    let observation = env.reset();
    for (let row = 0; row < size; row++) {
      const action = controller.act(observation, goal);
      const result = env.step(action);
      const timeout = result.truncated || row === size - 1;
      push(observation, action, result.observation, timeout);
      observation = result.truncated ? env.reset() : result.observation;
    }
    return log;
  }

  // 'mixed': one stream without resets; the env only provides the first state.
  const first = env.reset();
  let state: PointMassState = [first[0], first[1], first[2], first[3]];
  const cells = map.openCells;
  const drawTarget = (position: readonly number[]): [number, number] => {
    const [ci, cj] = cellAt(position[0], position[1]);
    let [i, j] = cells[goalRng.int(cells.length)];
    while (cells.length > 1 && i === ci && j === cj) [i, j] = cells[goalRng.int(cells.length)];
    return [i, j];
  };
  let target = drawTarget(state);
  for (let row = 0; row < size; row++) {
    const observation = state.slice();
    const action = clipPointMazeAction(controller.act(observation, target), `${fn}.step`);
    state = pointMassStep(map, state, action);
    const next = state.slice();
    const timeout = (row + 1) % maxEpisodeSteps === 0 || row === size - 1;
    push(observation, action, next, timeout);
    if (Math.hypot(next[0] - target[0], next[1] - target[1]) < MIXED_GOAL_REACHED) target = drawTarget(next);
  }
  return log;
}
