/**
 * The pendulum swing-up (Gymnasium's `Pendulum-v1`): the env ({@link pendulum}), its pure dynamics,
 * a scripted controller, reference scores and D4RL-style dataset families.
 *
 * @packageDocumentation
 */
export { pendulum, PENDULUM_EPISODE_STEPS } from './pendulum-env';
export type { PendulumEnv, PendulumOptions } from './pendulum-env';
export {
  PENDULUM_PHYSICS,
  angleNormalize,
  clipTorque,
  pendulumObservation,
  pendulumReward,
  pendulumStep,
} from './dynamics';
export type { PendulumPhysics, PendulumState } from './dynamics';
export { pendulumController, pendulumLqrGains } from './controller';
export type { PendulumController, PendulumControllerOptions } from './controller';
export { PENDULUM_REFERENCE_SCORES } from './reference-scores';
export { measurePendulumReferences } from './measure-references';
export type { PendulumReferenceMeasurement } from './measure-references';
export {
  pendulumDataset,
  PENDULUM_DATASET_KINDS,
  PENDULUM_DATASET_SIZE,
  PENDULUM_MEDIUM_RANDOM_PROBABILITY,
  PENDULUM_EXPERT_NOISE,
} from './dataset';
export type { PendulumDatasetKind, PendulumDatasetOptions } from './dataset';
