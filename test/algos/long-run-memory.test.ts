import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, disposeAll, type Trainer } from '../../src/algorithms';
import { createDataset, type Dataset } from '../../src/data';
import { setTestBackend } from '../helpers/backend';
import { continuousDataset } from './fixtures';

/** Tiny networks, so that thousands of updates take seconds; the bookkeeping per update is the same as at full size. */
const TINY = { hiddenDims: [8], batchSize: 32 };
/** Updates with `log: true` (the diagnostics path) once every this many steps, as the default `logInterval`. */
const LOG_EVERY = 1000;

interface RunCounts {
  /** Tensor count before the trainer was created. */
  baseline: number;
  /** `[numTensors, numBytes]` after every `checkEvery`-th update. */
  checkpoints: [number, number][];
  /** Tensor count after `trainer.dispose()`. */
  afterDispose: number;
}

/** Runs `steps` updates, logging every LOG_EVERY steps, recording tf.memory() every `checkEvery` steps. */
function runCounting(create: () => Trainer, steps: number, checkEvery: number): RunCounts {
  const baseline = tf.memory().numTensors;
  const trainer = create();
  const checkpoints: [number, number][] = [];
  try {
    for (let i = 0; i < steps; i++) {
      disposeAll(trainer.update(i % LOG_EVERY === LOG_EVERY - 1));
      if (i % checkEvery === checkEvery - 1) {
        const { numTensors, numBytes } = tf.memory();
        checkpoints.push([numTensors, numBytes]);
      }
    }
  } finally {
    trainer.dispose();
  }
  return { baseline, checkpoints, afterDispose: tf.memory().numTensors };
}

function expectFlat(counts: RunCounts, expectedCheckpoints: number): void {
  expect(counts.checkpoints).toHaveLength(expectedCheckpoints);
  const [first] = counts.checkpoints;
  // Every checkpoint holds exactly the trainer's state: no tensor (and no byte) accumulates per update.
  expect(counts.checkpoints).toEqual(counts.checkpoints.map(() => first));
  expect(first[0]).toBeGreaterThan(counts.baseline);
  expect(counts.afterDispose).toBe(counts.baseline);
}

describe('long runs keep the tensor count flat', () => {
  let dataset: Dataset;

  beforeAll(async () => {
    await setTestBackend('wasm');
    dataset = createDataset(continuousDataset(512, 21));
  });

  it('IQL: 10,000 updates, checked every 1,000, logging every 1,000; dispose() returns to the baseline', () => {
    const counts = runCounting(() => createTrainer('iql', dataset, { ...TINY, steps: 10_000, seed: 1 }), 10_000, 1000);
    expectFlat(counts, 10);
  });

  it('TD3+BC: 2,000 updates (delayed actor steps included), checked every 250', () => {
    const counts = runCounting(() => createTrainer('td3bc', dataset, { ...TINY, steps: 2000, seed: 2 }), 2000, 250);
    expectFlat(counts, 8);
  });

  it('BC: 2,000 updates, checked every 250', () => {
    const counts = runCounting(() => createTrainer('bc', dataset, { ...TINY, steps: 2000, seed: 3 }), 2000, 250);
    expectFlat(counts, 8);
  });
});
