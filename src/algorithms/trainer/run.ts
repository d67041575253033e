import * as tf from '@tensorflow/tfjs-core';
import type { Agent } from '../../agent/agent';
import type { RoleDeclaration } from '../../agent/networks';
import { ensureBackend, useBackend } from '../../backend/use-backend';
import type { Dataset } from '../../data';
import type { Metrics } from '../../types';
import type { CommonConfig } from '../config';
import type { AlgorithmDefinition, MetricTensors } from '../definition';
import { readCheckpoint, writeCheckpoint, type TrainerState } from './checkpoint';
import { resolveConfig } from './resolve-config';
import { createTrainerFor, type Trainer, type TrainerOptions } from './trainer';

/**
 * Longest stretch of training without yielding to the event loop (ms): a page stays responsive and
 * `onProgress` output, abort requests and timers get through while training runs.
 *
 * @example
 * ```ts
 * YIELD_INTERVAL_MS; // 25
 * ```
 */
export const YIELD_INTERVAL_MS = 25;

/**
 * Thrown when a loss read back at a log step is NaN or ±Infinity, or when a checkpoint about to be
 * written holds one (`metric` then names it: `'critics weights'`, `'value optimizer second
 * moment'`): training stops, the trainer is freed, and the last checkpoint on disk (if any) is left
 * as it was.
 *
 * @example
 * ```ts
 * try { await trainIQL(ds, cfg); } catch (err) { if (err instanceof NonFiniteLossError) console.log(err.metric, err.step); }
 * ```
 */
export class NonFiniteLossError extends Error {
  constructor(
    readonly metric: string,
    readonly step: number,
    readonly value: number,
    trainer: string,
  ) {
    super(`${trainer}: '${metric}' is ${value} at step ${step}; training stopped (non-finite values are checked at every log step; the last checkpoint, if any, is left intact)`);
    this.name = 'NonFiniteLossError';
  }
}

/** Resolves on the next turn of the event loop: setImmediate in Node, a message in browsers (no 4 ms clamp). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Reads and disposes metric scalars. */
function readMetrics(tensors: MetricTensors): Metrics {
  const out: Metrics = {};
  for (const [key, t] of Object.entries(tensors)) {
    out[key] = t.dataSync()[0];
    t.dispose();
  }
  return out;
}

/**
 * Throws when a non-finite value is about to be written to a checkpoint: a weight of any role
 * (targets included) or an Adam moment of any learner. Weights and losses can stay finite while a
 * moment overflows (a gradient above ~1.8e19 squares to Infinity in `v`, and `m / (√v + ε)` is then
 * 0); a checkpoint holding it would resume into a run that can no longer train.
 */
function checkStateFinite(trainerName: string, state: TrainerState): void {
  /** The first non-finite float32 in a serialized tensor, or undefined. */
  const firstNonFinite = (data: string): number | undefined => {
    const bytes = atob(data);
    const view = new DataView(new ArrayBuffer(bytes.length));
    for (let i = 0; i < bytes.length; i++) view.setUint8(i, bytes.charCodeAt(i));
    for (let i = 0; i < bytes.length; i += 4) {
      const x = view.getFloat32(i, true);
      if (!Number.isFinite(x)) return x;
    }
    return undefined;
  };
  const check = (what: string, tensors: Array<{ data: string }>) => {
    for (const t of tensors) {
      const value = firstNonFinite(t.data);
      if (value !== undefined) throw new NonFiniteLossError(what, state.step, value, trainerName);
    }
  };
  for (const [role, tensors] of Object.entries(state.weights)) check(`${role} weights`, tensors);
  for (const [learner, opt] of Object.entries(state.optimizers)) {
    check(`${learner} optimizer first moment`, opt.m);
    check(`${learner} optimizer second moment`, opt.v);
  }
}

/**
 * Runs a trainer to `cfg.steps` updates (from wherever it stands, e.g. after a resume) with metrics
 * read back only at log steps, progress reports, time-based yields to the event loop, checkpoints,
 * the non-finite guard and abort; returns the agent. On error the trainer is disposed, so a failed run
 * leaks nothing.
 *
 * When `cfg.signal` is aborted, training stops before the next update and resolves with the agent
 * trained so far (`agent.spec.trainedSteps` says how far; a checkpoint is written first when
 * `checkpointPath` is set, so the run can be resumed).
 *
 * @example
 * ```ts
 * const agent = await runTrainer(createTrainer('bc', dataset, cfg), cfg);
 * ```
 */
export async function runTrainer(trainer: Trainer, cfg: CommonConfig, trainerName = trainer.algorithm): Promise<Agent> {
  const { steps, logInterval, onProgress, signal, checkpointPath, checkpointInterval } = cfg;
  const start = performance.now();
  const startStep = trainer.step;
  let lastYield = start;
  let lastCheckpoint = -1;
  const checkpoint = async () => {
    if (checkpointPath === undefined || lastCheckpoint === trainer.step) return;
    const state = trainer.state();
    checkStateFinite(trainerName, state);
    await writeCheckpoint(checkpointPath, state);
    lastCheckpoint = trainer.step;
  };
  try {
    while (trainer.step < steps) {
      if (signal?.aborted) break;
      const done = trainer.step + 1;
      const checkpointDue = checkpointPath !== undefined && done % checkpointInterval === 0;
      const log = done % logInterval === 0 || done === steps || checkpointDue;
      const tensors = trainer.update(log);
      if (log) {
        const metrics = readMetrics(tensors);
        for (const [key, value] of Object.entries(metrics)) {
          if (!Number.isFinite(value)) throw new NonFiniteLossError(key, done, value, trainerName);
        }
        if (checkpointDue) await checkpoint();
        const elapsedMs = performance.now() - start;
        const stepsPerSecond = (done - startStep) / (elapsedMs / 1000);
        onProgress?.({ step: done, steps, metrics, elapsedMs, etaMs: ((steps - done) / stepsPerSecond) * 1000, stepsPerSecond });
      } else {
        tf.dispose(Object.values(tensors));
      }
      if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    await checkpoint();
  } catch (err) {
    trainer.dispose();
    throw err;
  }
  return trainer.finish();
}

/**
 * Trains an algorithm (by definition) on a dataset: selects the backend (`cfg.backend`, or keeps the
 * active one), creates the trainer, resumes from `cfg.resume` when given, and runs it with
 * {@link runTrainer}. The one-line trainers are this with their algorithm.
 *
 * @example
 * ```ts
 * const agent = await trainAlgorithm(IQL, dataset, { steps: 10_000 });
 * ```
 */
export async function trainAlgorithm<N extends string, C extends CommonConfig, R extends Record<string, RoleDeclaration>, L extends string>(
  algorithm: AlgorithmDefinition<N, C, R, L>,
  dataset: Dataset,
  config: Partial<C> = {},
  options: TrainerOptions = {},
): Promise<Agent> {
  const cfg = resolveConfig(algorithm, config);
  if (cfg.backend) await useBackend(cfg.backend);
  else await ensureBackend();
  const saved = cfg.resume !== undefined ? await readCheckpoint(cfg.resume) : undefined;
  const trainer = createTrainerFor(algorithm, dataset, cfg, options);
  if (saved) {
    try {
      trainer.restore(saved);
    } catch (err) {
      trainer.dispose();
      throw err;
    }
  }
  return runTrainer(trainer, cfg, algorithm.trainer);
}
