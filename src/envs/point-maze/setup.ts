import { checkFinite, checkPositiveInteger } from '../check-args';
import { POINT_MAZE_EPISODE_STEPS, POINT_MAZE_LAYOUTS, POINT_MAZE_LAYOUT_NAMES } from './layouts';
import type { PointMazeLayout } from './layouts';
import { cellAt, cellDistances, isOpenCell, parseMaze } from './maze-map';
import type { MazeMap } from './maze-map';
import type { PointMazeReward } from './reward';

/** Layout used when neither `layout` nor `maze` is given (D4RL's `MazeEnv` default is `U_MAZE`). */
const DEFAULT_LAYOUT: PointMazeLayout = 'umaze';
/** Reward used when `reward` is not given (the D4RL maze2d tasks are sparse). */
const DEFAULT_REWARD: PointMazeReward = 'sparse';
/**
 * Episode steps per cell of the longest shortest path to the goal, for custom mazes. D4RL's lengths
 * give 50 (open: 150 / 3, umaze: 300 / 6), 60 (medium: 600 / 10) and 44 (large: 800 / 18).
 */
const CUSTOM_STEPS_PER_PATH_CELL = 50;

/**
 * The maze, goal, reward and time limit that an env or dataset option object resolves to.
 *
 * @example
 * ```ts
 * const setup: PointMazeSetup = resolvePointMazeSetup('pointMaze', { layout: 'large' });
 * setup.goal;            // [7, 9]
 * setup.maxEpisodeSteps; // 800
 * ```
 */
export interface PointMazeSetup {
  /** The parsed map. */
  map: MazeMap;
  /** The built-in layout, or `'custom'` for a map given as `maze`. */
  layout: PointMazeLayout | 'custom';
  /** The goal position `(x, y)`. */
  goal: [number, number];
  /** The time limit. */
  maxEpisodeSteps: number;
  /** The reward type. */
  reward: PointMazeReward;
  /** True for a built-in layout with its own goal and episode length: the measured references apply. */
  standard: boolean;
}

/**
 * The options shared by {@link resolvePointMazeSetup}'s callers.
 *
 * @example
 * ```ts
 * const options: PointMazeSetupOptions = { maze: ['#####', '#OOG#', '#####'], reward: 'dense' };
 * ```
 */
export interface PointMazeSetupOptions {
  /** A built-in layout. Default `'umaze'` when `maze` is not given either. */
  layout?: PointMazeLayout;
  /** A custom map (rows of `'#'`, `'O'`, `'G'`); excludes `layout`. */
  maze?: readonly string[];
  /** Reward type. Default `'sparse'`. */
  reward?: PointMazeReward;
  /** Time limit. Default: the layout's D4RL length, or 50 steps per cell of the longest path to the goal. */
  maxEpisodeSteps?: number;
  /** Goal position `(x, y)`; must lie in an open cell. Default: the map's `'G'` cell centre. */
  goal?: readonly [number, number];
}

/**
 * Validate the maze options of `fn` and resolve the defaults.
 *
 * @throws RangeError / TypeError naming the bad option: both `layout` and `maze`, an unknown
 *   layout, an invalid map (see `parseMaze`), an unknown reward type, a goal outside the open
 *   cells, no goal at all (a custom map without `'G'` and no `goal`), or a bad `maxEpisodeSteps`.
 * @example
 * ```ts
 * resolvePointMazeSetup('pointMaze', { maze: ['OOG'] }).goal; // [0, 2]
 * ```
 */
export function resolvePointMazeSetup(fn: string, options: PointMazeSetupOptions): PointMazeSetup {
  if (options.layout !== undefined && options.maze !== undefined) {
    throw new RangeError(`${fn}: give either layout or maze, not both`);
  }
  let map: MazeMap;
  let layout: PointMazeLayout | 'custom';
  if (options.maze !== undefined) {
    try {
      map = parseMaze(options.maze);
    } catch (error) {
      if (error instanceof Error) error.message = `${fn}: maze is invalid: ${error.message}`;
      throw error;
    }
    layout = 'custom';
  } else {
    layout = options.layout ?? DEFAULT_LAYOUT;
    if (!POINT_MAZE_LAYOUT_NAMES.includes(layout)) {
      throw new RangeError(
        `${fn}: unknown layout '${String(layout)}'; use one of ${POINT_MAZE_LAYOUT_NAMES.join(', ')}`,
      );
    }
    map = parseMaze(POINT_MAZE_LAYOUTS[layout]);
  }

  const reward = options.reward ?? DEFAULT_REWARD;
  if (reward !== 'sparse' && reward !== 'dense') {
    throw new RangeError(`${fn}: reward must be 'sparse' or 'dense', got '${String(reward)}'`);
  }

  let goal: [number, number];
  if (options.goal !== undefined) {
    const g = options.goal;
    if (!Array.isArray(g) || g.length !== 2) throw new RangeError(`${fn}: goal must be a pair [x, y]`);
    checkFinite(`${fn}: goal[0]`, g[0]);
    checkFinite(`${fn}: goal[1]`, g[1]);
    const [i, j] = cellAt(g[0], g[1]);
    if (!isOpenCell(map, i, j)) {
      throw new RangeError(
        `${fn}: goal [${g[0]}, ${g[1]}] is not inside an open cell (it falls in cell (row ${i}, col ${j}))`,
      );
    }
    goal = [g[0], g[1]];
  } else if (map.goalCell !== undefined) {
    goal = [map.goalCell[0], map.goalCell[1]];
  } else {
    throw new RangeError(`${fn}: the maze has no goal cell 'G'; mark one in the map or pass options.goal`);
  }

  let maxEpisodeSteps: number;
  if (options.maxEpisodeSteps !== undefined) {
    checkPositiveInteger(`${fn}: maxEpisodeSteps`, options.maxEpisodeSteps);
    maxEpisodeSteps = options.maxEpisodeSteps;
  } else if (layout !== 'custom') {
    maxEpisodeSteps = POINT_MAZE_EPISODE_STEPS[layout];
  } else {
    let longestPath = 1;
    for (const d of cellDistances(map, cellAt(goal[0], goal[1]))) longestPath = Math.max(longestPath, d);
    maxEpisodeSteps = CUSTOM_STEPS_PER_PATH_CELL * longestPath;
  }

  const standard =
    layout !== 'custom' &&
    maxEpisodeSteps === POINT_MAZE_EPISODE_STEPS[layout] &&
    map.goalCell !== undefined &&
    goal[0] === map.goalCell[0] &&
    goal[1] === map.goalCell[1];
  return { map, layout, goal, maxEpisodeSteps, reward, standard };
}
