import type { Agent } from '../../src/agent';
import { createDataset, type Dataset } from '../../src/data';
import { pointMaze, pointMazeDataset } from '../../src/envs/point-maze';
import { evaluate } from '../../src/eval';

/**
 * Episodes per agent in the point-maze learning tests. A point-maze return depends much on the
 * start (some starts are near the goal): 4 episodes left ±15 normalized points of noise per seed;
 * 20 run in lockstep (`parallel`) in a fraction of a second.
 */
export const MAZE_EVAL_EPISODES = 20;

/** The mixed-goal point-maze data every "beats BC" learning test trains on (medium layout, dense reward). */
export function mixedMazeDataset(): Dataset {
  return createDataset(pointMazeDataset({ layout: 'medium', size: 50_000, seed: 3, kind: 'mixed', reward: 'dense' }));
}

/** The normalized score of `agent` on the dataset's maze (evaluation seed `10 + seed`), then disposes it. */
export async function mazeScore(agent: Agent, seed: number): Promise<number> {
  const env = pointMaze({ layout: 'medium', reward: 'dense' });
  const result = await evaluate(agent, env, { episodes: MAZE_EVAL_EPISODES, seed: 10 + seed, parallel: MAZE_EVAL_EPISODES });
  agent.dispose();
  return result.normalizedScore!;
}

/** The mean of `xs`. */
export const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
