import { Rng } from '../../rng';
import { checkFinite, checkPositiveInteger } from '../check-args';
import { ACTION_BOUND } from './action';
import { pointMazeController } from './controller';
import type { PointMazeLayout } from './layouts';
import { pointMaze } from './point-maze-env';
import { pointMazeReward } from './reward';
import type { PointMazeReward } from './reward';

/** Default number of episodes per policy of {@link measurePointMazeReferences}. */
const DEFAULT_EPISODES = 100;
/** Default first reset seed of {@link measurePointMazeReferences}. */
const DEFAULT_SEED = 0;

/**
 * Mean returns of the two reference policies on one layout, for both reward types.
 *
 * @example
 * ```ts
 * const m: PointMazeReferenceMeasurement = measurePointMazeReferences('umaze');
 * m.sparse.max; // mean sparse return of the scripted controller
 * ```
 */
export type PointMazeReferenceMeasurement = Record<PointMazeReward, { min: number; max: number }>;

/**
 * Measure the reference returns of a built-in layout (with its default goal and episode length):
 * `min` is the mean return of the uniform random policy (each action component uniform in
 * `[−1, 1]`), `max` the mean return of the noise-free {@link pointMazeController} driving to the
 * goal. Episode `k` (0-based) of either policy starts from `env.reset(seed + k)`; the random
 * policy's actions come from one `new Rng(seed)` stream over all its episodes. Sparse and dense
 * returns are summed over the same trajectories (the reward does not change the dynamics).
 *
 * This is how `POINT_MAZE_REFERENCE_SCORES` was produced (`scripts/measure-point-maze-references.ts`).
 *
 * @example
 * ```ts
 * const { sparse, dense } = measurePointMazeReferences('medium', { episodes: 100, seed: 0 });
 * ```
 */
export function measurePointMazeReferences(
  layout: PointMazeLayout,
  options: { episodes?: number; seed?: number } = {},
): PointMazeReferenceMeasurement {
  const episodes = options.episodes ?? DEFAULT_EPISODES;
  const seed = options.seed ?? DEFAULT_SEED;
  checkPositiveInteger('measurePointMazeReferences: episodes', episodes);
  checkFinite('measurePointMazeReferences: seed', seed);
  const env = pointMaze({ layout });
  const controller = pointMazeController(env.maze);
  const actionRng = new Rng(seed);
  const randomAction = (): number[] => [
    ACTION_BOUND * (2 * actionRng.next() - 1),
    ACTION_BOUND * (2 * actionRng.next() - 1),
  ];
  const meanReturns = (policy: (observation: number[]) => number[]): { sparse: number; dense: number } => {
    let sparse = 0;
    let dense = 0;
    for (let k = 0; k < episodes; k++) {
      let observation = env.reset(seed + k);
      let done = false;
      while (!done) {
        const result = env.step(policy(observation));
        observation = result.observation;
        sparse += pointMazeReward(observation, env.goal, 'sparse');
        dense += pointMazeReward(observation, env.goal, 'dense');
        done = result.terminated || result.truncated;
      }
    }
    return { sparse: sparse / episodes, dense: dense / episodes };
  };
  const random = meanReturns(randomAction);
  const scripted = meanReturns((observation) => controller.act(observation, env.goal));
  return {
    sparse: { min: random.sparse, max: scripted.sparse },
    dense: { min: random.dense, max: scripted.dense },
  };
}
