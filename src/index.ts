/**
 * offline-rl: offline reinforcement learning on TensorFlow.js.
 *
 * @packageDocumentation
 */
export * from './types';
export { Rng } from './rng';
export { useBackend, ensureBackend, ensureGradients } from './backend/use-backend';
export type { BackendChoice, BackendName } from './backend/use-backend';
