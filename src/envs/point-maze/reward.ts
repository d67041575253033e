/**
 * The reward of the point-maze world, as D4RL maze2d defines it.
 */

/**
 * How the point-maze rewards a position: `'sparse'` pays 1 within {@link GOAL_RADIUS} of the goal
 * and 0 elsewhere; `'dense'` pays `exp(−distance to the goal)`.
 *
 * @example
 * ```ts
 * const reward: PointMazeReward = 'dense';
 * ```
 */
export type PointMazeReward = 'sparse' | 'dense';

/**
 * Distance to the goal (cells) within which the sparse reward pays 1 (D4RL: `norm ≤ 0.5`).
 *
 * @example
 * ```ts
 * pointMazeReward([1.3, 1], [1, 1], 'sparse'); // 1: within GOAL_RADIUS
 * ```
 */
export const GOAL_RADIUS = 0.5;

/** Sparse reward inside the goal radius. */
const SPARSE_HIT = 1;
/** Sparse reward outside the goal radius. */
const SPARSE_MISS = 0;

/**
 * The reward for being at `position` when the goal is at `goal` (both `(x, y)`).
 *
 * @example
 * ```ts
 * pointMazeReward([1, 1.5], [1, 1], 'sparse'); // 1 (distance 0.5 counts as reached)
 * pointMazeReward([1, 3], [1, 1], 'sparse');   // 0
 * pointMazeReward([1, 3], [1, 1], 'dense');    // exp(−2) ≈ 0.135
 * ```
 */
export function pointMazeReward(
  position: readonly number[],
  goal: readonly [number, number],
  type: PointMazeReward,
): number {
  const distance = Math.hypot(position[0] - goal[0], position[1] - goal[1]);
  if (type === 'dense') return Math.exp(-distance);
  return distance <= GOAL_RADIUS ? SPARSE_HIT : SPARSE_MISS;
}
