import * as tf from '@tensorflow/tfjs-core';
import type { Metrics } from '../types';
import type { TrainingProgress } from './config';

/**
 * Scalars an update returns; read back only at log steps.
 *
 * @example
 * ```ts
 * const m: MetricTensors = trainer.update(0, true); disposeAll(m);
 * ```
 */
export type MetricTensors = Record<string, tf.Scalar>;

/**
 * Options of {@link runTrainingLoop}.
 *
 * @example
 * ```ts
 * const opts: TrainingLoopOptions = { steps: 100, logInterval: 10, update: (step, log) => iqlUpdate(parts, batch, cfg, log) };
 * ```
 */
export interface TrainingLoopOptions {
  steps: number;
  logInterval: number;
  /** One update. `log` says whether metrics are wanted this step; return them (or `{}`). */
  update: (step: number, log: boolean) => MetricTensors;
  onProgress?: (progress: TrainingProgress) => void;
}

/**
 * Runs `steps` updates, reading metrics back from the device only every `logInterval` steps (and at
 * the last step) so no update waits on a `dataSync`, and yields to the event loop at log steps.
 *
 * @returns the metrics of the last logged step.
 * @example
 * ```ts
 * const last = await runTrainingLoop({ steps: 1000, logInterval: 100, update: (i, log) => step(i, log) });
 * ```
 */
export async function runTrainingLoop(options: TrainingLoopOptions): Promise<Metrics> {
  const { steps, logInterval, update, onProgress } = options;
  const start = performance.now();
  let last: Metrics = {};
  for (let step = 0; step < steps; step++) {
    const done = step + 1;
    const log = done % logInterval === 0 || done === steps;
    const tensors = update(step, log);
    if (!log) {
      tf.dispose(Object.values(tensors));
      continue;
    }
    last = readMetrics(tensors);
    const elapsedMs = performance.now() - start;
    const stepsPerSecond = done / (elapsedMs / 1000);
    onProgress?.({ step: done, steps, metrics: last, elapsedMs, etaMs: ((steps - done) / stepsPerSecond) * 1000, stepsPerSecond });
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return last;
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
