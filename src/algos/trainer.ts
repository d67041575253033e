import * as tf from '@tensorflow/tfjs-core';
import { toDeviceBatch, type Dataset, type MinibatchSampler } from '../data';
import type { Batch } from '../types';
import { Agent } from './agent';
import { disposeNetworks, type AgentNetworks, type AgentSpec } from './agent-networks';
import type { CommonConfig } from './config';
import { runTrainingLoop, type MetricTensors } from './train-loop';

/**
 * A training run held open: the networks, optimizers and sampler of one algorithm, advanced one update
 * at a time. The one-line trainers (`trainIQL`, `trainBC`, …) create one and run it; create one
 * yourself to interleave training with your own code, or to time updates.
 *
 * @example
 * ```ts
 * const trainer = createIQLTrainer(dataset, { steps: 1000 });
 * for (let i = 0; i < 1000; i++) tf.dispose(Object.values(trainer.update(i, false)));
 * const agent = trainer.finish();
 * ```
 */
export interface Trainer {
  /** One update (step counted from 0). Returns loss scalars, plus diagnostics when `log` is true; the caller disposes them. */
  update(step: number, log: boolean): MetricTensors;
  /** Ends the run and hands the networks over as an {@link Agent} (the optimizer state is freed). */
  finish(): Agent;
  /** Frees everything, networks included (for abandoned runs). */
  dispose(): void;
}

/**
 * Runs a trainer for `cfg.steps` updates with progress reporting and returns the agent; on error the
 * trainer is disposed, so a failed run leaks nothing.
 *
 * @example
 * ```ts
 * const agent = await runTrainer(createBCTrainer(dataset, cfg), cfg);
 * ```
 */
export async function runTrainer(trainer: Trainer, cfg: Pick<CommonConfig, 'steps' | 'logInterval' | 'onProgress'>): Promise<Agent> {
  try {
    await runTrainingLoop({ steps: cfg.steps, logInterval: cfg.logInterval, onProgress: cfg.onProgress, update: (s, log) => trainer.update(s, log) });
  } catch (err) {
    trainer.dispose();
    throw err;
  }
  return trainer.finish();
}

/**
 * Disposes the tensors of an object of tensors (a device batch, metrics).
 *
 * @example
 * ```ts
 * disposeAll(batch);
 * ```
 */
export function disposeAll(tensors: object): void {
  tf.dispose(Object.values(tensors) as tf.Tensor[]);
}

/**
 * Builds a {@link Trainer} from its update and the state it owns: `finish` frees the training-only
 * state (optimizers, target copies used only in training) and hands the networks to an {@link Agent};
 * `dispose` frees both.
 *
 * @example
 * ```ts
 * return makeTrainer({ spec, networks, update: (step, log) => …, freeTrainingState: () => learner.dispose() });
 * ```
 */
export function makeTrainer(parts: {
  spec: AgentSpec;
  networks: AgentNetworks;
  update: Trainer['update'];
  freeTrainingState: () => void;
}): Trainer {
  const { spec, networks, update, freeTrainingState } = parts;
  return {
    update,
    finish() {
      freeTrainingState();
      return new Agent(spec, networks);
    },
    dispose() {
      freeTrainingState();
      disposeNetworks(networks);
    },
  };
}

/**
 * Samples a minibatch, uploads it, runs `fn` on it and frees it, whatever `fn` does.
 *
 * @example
 * ```ts
 * return withBatch(sampler, data, (batch) => iqlUpdate(parts, batch, cfg, seed, log));
 * ```
 */
export function withBatch<T>(sampler: MinibatchSampler, data: Dataset, fn: (batch: Batch) => T): T {
  const batch = toDeviceBatch(sampler.sample(), data.actionSpace, data.observationDim);
  try {
    return fn(batch);
  } finally {
    disposeAll(batch);
  }
}
