import type { ReferenceScores } from '../env';
import type { PointMazeLayout } from './layouts';
import type { PointMazeReward } from './reward';

/**
 * How every number below was measured (2026-12-02, after `new Rng(seed)` began mixing its seed; `scripts/measure-point-maze-references.ts`, i.e.
 * `measurePointMazeReferences(layout, { episodes: 100, seed: 0 })`): the mean return over 100
 * episodes, started with `env.reset(k)` for k = 0…99, on the layout with its default goal and
 * episode length. `min`: a uniform random policy (each action component uniform in [−1, 1], one
 * `Rng(0)` stream); `max`: the noise-free `pointMazeController` driving to the goal. Sparse returns
 * are exact (counts / 100); dense ones are rounded to 4 decimals.
 */
const HOW_MEASURED =
  'measured in this point-maze world (2026-12-02, scripts/measure-point-maze-references.ts): mean return over ' +
  '100 episodes with reset seeds 0–99; min = uniform random policy (actions from Rng(0)), ' +
  'max = noise-free pointMazeController driving to the goal';

function measured(min: number, max: number): Readonly<ReferenceScores> {
  return Object.freeze({ min, max, source: HOW_MEASURED });
}

/**
 * Reference returns of the built-in layouts of {@link pointMaze} (default goal and episode length),
 * per reward type, MEASURED in this world — not D4RL's MuJoCo constants, which are in
 * `D4RL_MAZE2D_REFERENCE_SCORES` for comparison only (our point mass reaches goals faster than
 * MuJoCo's waypoint controller, so returns differ). `min` is a uniform random policy, `max` the
 * noise-free scripted controller, each the mean over 100 episodes with reset seeds 0–99 (see
 * `measurePointMazeReferences`, which reproduces them exactly).
 *
 * | layout | sparse min | sparse max | dense min | dense max |
 * |--------|-----------:|-----------:|----------:|----------:|
 * | open   |   6.43 | 132.68 | 37.0776 | 132.0435 |
 * | umaze  |  32.75 | 271.85 | 68.5932 | 267.8735 |
 * | medium |  21.20 | 534.84 | 49.8032 | 523.1303 |
 * | large  |  16.60 | 716.50 | 53.6687 | 700.1926 |
 *
 * @example
 * ```ts
 * POINT_MAZE_REFERENCE_SCORES.umaze.sparse.max; // 271.85
 * normalizedScore(returnOfMyAgent, POINT_MAZE_REFERENCE_SCORES.large.sparse);
 * ```
 */
export const POINT_MAZE_REFERENCE_SCORES: Readonly<
  Record<PointMazeLayout, Readonly<Record<PointMazeReward, Readonly<ReferenceScores>>>>
> = Object.freeze({
  open: Object.freeze({ sparse: measured(6.43, 132.68), dense: measured(37.0776, 132.0435) }),
  umaze: Object.freeze({ sparse: measured(32.75, 271.85), dense: measured(68.5932, 267.8735) }),
  medium: Object.freeze({ sparse: measured(21.2, 534.84), dense: measured(49.8032, 523.1303) }),
  large: Object.freeze({ sparse: measured(16.6, 716.5), dense: measured(53.6687, 700.1926) }),
});
