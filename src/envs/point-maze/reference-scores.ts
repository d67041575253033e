import type { ReferenceScores } from '../env';
import type { PointMazeLayout } from './layouts';
import type { PointMazeReward } from './reward';

/**
 * How every number below was measured (2026-11-21, `scripts/measure-point-maze-references.ts`, i.e.
 * `measurePointMazeReferences(layout, { episodes: 100, seed: 0 })`): the mean return over 100
 * episodes, started with `env.reset(k)` for k = 0…99, on the layout with its default goal and
 * episode length. `min`: a uniform random policy (each action component uniform in [−1, 1], one
 * `Rng(0)` stream); `max`: the noise-free `pointMazeController` driving to the goal. Sparse returns
 * are exact (counts / 100); dense ones are rounded to 4 decimals.
 */
const HOW_MEASURED =
  'measured in this point-maze world (2026-11-21, scripts/measure-point-maze-references.ts): mean return over ' +
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
 * | open   |   7.82 | 133.22 | 38.1717 | 132.7147 |
 * | umaze  |  45.56 | 270.62 | 75.1023 | 267.3083 |
 * | medium |  24.45 | 535.08 | 55.6975 | 523.0973 |
 * | large  |  17.75 | 707.06 | 49.7930 | 693.4217 |
 *
 * @example
 * ```ts
 * POINT_MAZE_REFERENCE_SCORES.umaze.sparse.max; // 270.62
 * normalizedScore(returnOfMyAgent, POINT_MAZE_REFERENCE_SCORES.large.sparse);
 * ```
 */
export const POINT_MAZE_REFERENCE_SCORES: Readonly<
  Record<PointMazeLayout, Readonly<Record<PointMazeReward, Readonly<ReferenceScores>>>>
> = Object.freeze({
  open: Object.freeze({ sparse: measured(7.82, 133.22), dense: measured(38.1717, 132.7147) }),
  umaze: Object.freeze({ sparse: measured(45.56, 270.62), dense: measured(75.1023, 267.3083) }),
  medium: Object.freeze({ sparse: measured(24.45, 535.08), dense: measured(55.6975, 523.0973) }),
  large: Object.freeze({ sparse: measured(17.75, 707.06), dense: measured(49.793, 693.4217) }),
});
