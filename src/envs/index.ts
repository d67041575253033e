/**
 * Reference environments with a small `reset` / `step` interface, and builders of logged datasets
 * for them.
 *
 * @packageDocumentation
 */
export type { Env, StepResult, ReferenceScores } from './env';
export type { TransitionLog } from './transition-log';
export { bandit, banditDataset } from './bandit';
export type { BanditOptions, BanditDatasetOptions } from './bandit';
export { twoStepChain, twoStepChainDataset, twoStepChainValues, UP, DOWN } from './two-step-chain';
export type {
  ChainAction,
  TwoStepChainOptions,
  TwoStepChainDatasetOptions,
  TwoStepChainValues,
} from './two-step-chain';
export { checkAction, checkDiscreteAction, checkBoxAction } from './check-action';
export {
  pointMaze,
  pointMazeDataset,
  pointMazeController,
  pointMazeReward,
  parseMaze,
  measurePointMazeReferences,
  POINT_MAZE_LAYOUTS,
  POINT_MAZE_LAYOUT_NAMES,
  POINT_MAZE_EPISODE_STEPS,
  POINT_MAZE_PHYSICS,
  POINT_MAZE_REFERENCE_SCORES,
  D4RL_MAZE2D_REFERENCE_SCORES,
  GOAL_RADIUS,
} from './point-maze';
export type {
  PointMazeEnv,
  PointMazeOptions,
  PointMazeDatasetOptions,
  PointMazeLog,
  PointMazeController,
  PointMazeControllerOptions,
  PointMazeLayout,
  PointMazeReward,
  PointMazeReferenceMeasurement,
  MazeMap,
  MazeCell,
} from './point-maze';
export { collectLog } from './collect-log';
export type {
  CollectOptions,
  CollectPolicy,
  CollectPolicyFunction,
  CollectStepInfo,
  CollectedLog,
} from './collect-log';
export {
  pendulum,
  pendulumDataset,
  pendulumController,
  pendulumLqrGains,
  pendulumStep,
  pendulumReward,
  pendulumObservation,
  angleNormalize,
  measurePendulumReferences,
  PENDULUM_PHYSICS,
  PENDULUM_EPISODE_STEPS,
  PENDULUM_REFERENCE_SCORES,
  PENDULUM_DATASET_KINDS,
  PENDULUM_DATASET_SIZE,
  PENDULUM_MEDIUM_RANDOM_PROBABILITY,
  PENDULUM_EXPERT_NOISE,
  clipTorque,
} from './pendulum';
export type {
  PendulumEnv,
  PendulumOptions,
  PendulumPhysics,
  PendulumState,
  PendulumController,
  PendulumControllerOptions,
  PendulumReferenceMeasurement,
  PendulumDatasetKind,
  PendulumDatasetOptions,
} from './pendulum';
