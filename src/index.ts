/**
 * offline-rl: offline reinforcement learning on TensorFlow.js. Learn a policy from a fixed log of
 * transitions: `createDataset` → `trainIQL` / `trainBC` / `trainTD3BC` / `trainCQL` / `trainAWAC` / `trainReBRAC` → `agent.act`. This entry
 * bundles for browsers; Node-only parts (`trainMany`) are in `offline-rl/node`.
 *
 * @packageDocumentation
 */
export * from './types';
export { Rng, checkSeed, MAX_SEED } from './rng';
export type { RngState } from './rng';
export { useBackend, ensureBackend, ensureGradients } from './backend/use-backend';
export type { BackendChoice, BackendName } from './backend/use-backend';
export { gemm, columnSum, weightGradients } from './backend/wasm-kernels/gemm-ops';
export type { GemmOptions } from './backend/wasm-kernels/gemm-ops';
export { setGemmThreads, gemmThreadsActive, prepareGemmKernels } from './backend/wasm-kernels/gemm-kernels';
export type { GemmThreads } from './backend/wasm-kernels/gemm-kernels';
export * from './data';
export * from './losses';
export * from './heads';
export * from './nets';
export * from './td';
export * from './eval';
export * from './offline-eval';
export * from './agent';
export * from './algorithms';
export * as envs from './envs';
export type { Env, StepResult, ReferenceScores, TransitionLog } from './envs';
