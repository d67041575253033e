/**
 * The point-maze world: a maze2d-like point mass in the D4RL maze2d maps, without MuJoCo. The env
 * ({@link pointMaze}), its maps and physics, a scripted BFS controller and dataset builders.
 *
 * @packageDocumentation
 */
export { pointMaze } from './point-maze-env';
export type { PointMazeEnv, PointMazeOptions } from './point-maze-env';
export { pointMazeDataset } from './dataset';
export type { PointMazeDatasetOptions, PointMazeLog } from './dataset';
export { pointMazeController } from './controller';
export type { PointMazeController, PointMazeControllerOptions } from './controller';
export {
  POINT_MAZE_LAYOUTS,
  POINT_MAZE_LAYOUT_NAMES,
  POINT_MAZE_EPISODE_STEPS,
  D4RL_MAZE2D_REFERENCE_SCORES,
} from './layouts';
export type { PointMazeLayout } from './layouts';
export { POINT_MAZE_REFERENCE_SCORES } from './reference-scores';
export { measurePointMazeReferences } from './measure-references';
export type { PointMazeReferenceMeasurement } from './measure-references';
export { POINT_MAZE_PHYSICS, pointMassStep, bodyOverlapsWall } from './dynamics';
export type { PointMassState } from './dynamics';
export { GOAL_RADIUS, pointMazeReward } from './reward';
export type { PointMazeReward } from './reward';
export { parseMaze, isOpenCell, cellAt, openNeighbours, cellDistances, UNREACHABLE } from './maze-map';
export type { MazeMap, MazeCell } from './maze-map';
export { clipPointMazeAction } from './action';
