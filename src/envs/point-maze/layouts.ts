/**
 * The built-in maze layouts: the maps of D4RL's maze2d (`d4rl/pointmaze/maze_model.py`: `OPEN`,
 * `U_MAZE`, `MEDIUM_MAZE`, `LARGE_MAZE`), with their `'G'` cells where D4RL puts them, and the
 * episode lengths of the D4RL registrations.
 */

/**
 * Name of a built-in layout: `'open'`, `'umaze'`, `'medium'` or `'large'`.
 *
 * @example
 * ```ts
 * const layout: PointMazeLayout = 'medium';
 * ```
 */
export type PointMazeLayout = 'open' | 'umaze' | 'medium' | 'large';

/**
 * The built-in layouts, in the order `open`, `umaze`, `medium`, `large`.
 *
 * @example
 * ```ts
 * for (const layout of POINT_MAZE_LAYOUT_NAMES) pointMaze({ layout });
 * ```
 */
export const POINT_MAZE_LAYOUT_NAMES: readonly PointMazeLayout[] = Object.freeze(['open', 'umaze', 'medium', 'large']);

/**
 * The maps of the built-in layouts, row by row (`'#'` wall, `'O'` open, `'G'` goal), exactly D4RL's
 * `OPEN`, `U_MAZE`, `MEDIUM_MAZE` and `LARGE_MAZE` (not the `*_EVAL` variants). The `'G'` cells are
 * the fixed goals of the D4RL tasks (`maze2d-open-v0`, `maze2d-umaze-v1`, `maze2d-medium-v1`,
 * `maze2d-large-v1`, all registered with `reset_target=False`, so the goal is the map's `'G'`):
 * open `(2, 3)`, umaze `(1, 1)`, medium `(6, 6)`, large `(7, 9)` as `(row, col)`, i.e. the positions
 * `[2, 3]`, `[1, 1]`, `[6, 6]`, `[7, 9]`.
 *
 * @example
 * ```ts
 * POINT_MAZE_LAYOUTS.umaze; // ['#####', '#GOO#', '###O#', '#OOO#', '#####']
 * ```
 */
export const POINT_MAZE_LAYOUTS: Readonly<Record<PointMazeLayout, readonly string[]>> = Object.freeze({
  open: Object.freeze([
    '#######',
    '#OOOOO#',
    '#OOGOO#',
    '#OOOOO#',
    '#######',
  ]),
  umaze: Object.freeze([
    '#####',
    '#GOO#',
    '###O#',
    '#OOO#',
    '#####',
  ]),
  medium: Object.freeze([
    '########',
    '#OO##OO#',
    '#OO#OOO#',
    '##OOO###',
    '#OO#OOO#',
    '#O#OO#O#',
    '#OOO#OG#',
    '########',
  ]),
  large: Object.freeze([
    '############',
    '#OOOO#OOOOO#',
    '#O##O#O#O#O#',
    '#OOOOOO#OOO#',
    '#O####O###O#',
    '#OO#O#OOOOO#',
    '##O#O#O#O###',
    '#OO#OOO#OGO#',
    '############',
  ]),
});

/**
 * Episode length (`max_episode_steps`) of each layout, as in D4RL: `maze2d-open-v0` 150,
 * `maze2d-umaze-v1` 300, `maze2d-medium-v1` 600, `maze2d-large-v1` 800.
 *
 * @example
 * ```ts
 * POINT_MAZE_EPISODE_STEPS.large; // 800
 * ```
 */
export const POINT_MAZE_EPISODE_STEPS: Readonly<Record<PointMazeLayout, number>> = Object.freeze({
  open: 150,
  umaze: 300,
  medium: 600,
  large: 800,
});

/**
 * D4RL's reference returns of the MuJoCo maze2d tasks with the same maps, goals and episode
 * lengths, for comparison only: our point mass is not MuJoCo's (other speeds, no contact
 * friction), so normalized scores of {@link pointMaze} use its own measured references
 * (`POINT_MAZE_REFERENCE_SCORES`). Sources: the registrations in `d4rl/pointmaze/__init__.py`
 * (`maze2d-open-v0` / `maze2d-open-dense-v0`, `maze2d-{umaze,medium,large}-v1` /
 * `maze2d-{umaze,medium,large}-dense-v1`).
 *
 * @example
 * ```ts
 * D4RL_MAZE2D_REFERENCE_SCORES.umaze.sparse; // { min: 23.85, max: 161.86 }
 * ```
 */
export const D4RL_MAZE2D_REFERENCE_SCORES: Readonly<
  Record<PointMazeLayout, Readonly<Record<'sparse' | 'dense', Readonly<{ min: number; max: number }>>>>
> = Object.freeze({
  open: Object.freeze({
    sparse: Object.freeze({ min: 0.01, max: 20.66 }),
    dense: Object.freeze({ min: 11.17817, max: 27.166538620695782 }),
  }),
  umaze: Object.freeze({
    sparse: Object.freeze({ min: 23.85, max: 161.86 }),
    dense: Object.freeze({ min: 68.537689, max: 193.66285642381482 }),
  }),
  medium: Object.freeze({
    sparse: Object.freeze({ min: 13.13, max: 277.39 }),
    dense: Object.freeze({ min: 44.264742, max: 297.4552547777125 }),
  }),
  large: Object.freeze({
    sparse: Object.freeze({ min: 6.7, max: 273.99 }),
    dense: Object.freeze({ min: 30.569041, max: 303.4857382709002 }),
  }),
});
