import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { YIELD_INTERVAL_MS } from '../../src/algorithms';
import { train } from '../../src/algorithms/registry';
import type { Dataset } from '../../src/data';
import { setTestBackend } from '../helpers/backend';
import { episodicContinuousDataset } from './fixtures';

const TINY = { hiddenDims: [8, 8], batchSize: 16, seed: 1 };

let dataset: Dataset;
let tensors: number;

beforeAll(async () => {
  await setTestBackend('cpu');
  dataset = episodicContinuousDataset(256, 2);
});

// Every run below disposes its agent: an aborted run leaks nothing.
beforeEach(() => {
  tensors = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensors);
});

/** Whether `agent.act` gives one finite 2-d action per observation. */
function acts(agent: { act(obs: number[][]): unknown }): boolean {
  const out = agent.act([[0, 0], [1, -1]]) as number[][];
  return out.length === 2 && out.every((a) => a.length === 2 && a.every(Number.isFinite));
}

describe('abort through cfg.signal', () => {
  it('an already-aborted signal returns an untrained agent at once', async () => {
    for (const name of ['iql', 'td3bc', 'bc'] as const) {
      const controller = new AbortController();
      controller.abort();
      const t0 = performance.now();
      const agent = await train(name, dataset, { ...TINY, steps: 100_000, signal: controller.signal });
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(agent.spec.trainedSteps).toBe(0);
      expect(acts(agent)).toBe(true);
      agent.dispose();
    }
  });

  it('aborting from onProgress at step k returns an agent trained k steps', async () => {
    for (const [name, k] of [['iql', 30], ['td3bc', 15], ['bc', 5]] as const) {
      const controller = new AbortController();
      const seen: number[] = [];
      const agent = await train(name, dataset, {
        ...TINY,
        steps: 200,
        logInterval: 5,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.step);
          if (p.step === k) controller.abort();
        },
      });
      expect(agent.spec.trainedSteps).toBe(k);
      // No progress report after the abort (and none at a "last step" that never came).
      expect(seen.at(-1)).toBe(k);
      agent.dispose();
    }
  });

  it('aborting from a timer stops a long run within a moment, and the agent acts', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 300);
    const agent = await train('iql', dataset, { ...TINY, steps: 100_000, signal: controller.signal });
    const lag = performance.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect(lag).toBeLessThan(1000);
    expect(agent.spec.trainedSteps).toBeGreaterThan(0);
    expect(agent.spec.trainedSteps).toBeLessThan(100_000);
    expect(acts(agent)).toBe(true);
    agent.dispose();
  });

  it(`training yields to the event loop (every ${YIELD_INTERVAL_MS} ms): a 10 ms interval keeps ticking`, async () => {
    const controller = new AbortController();
    let ticks = 0;
    const interval = setInterval(() => (ticks += 1), 10);
    const timeout = setTimeout(() => controller.abort(), 1500);
    const t0 = performance.now();
    try {
      const agent = await train('td3bc', dataset, { ...TINY, steps: 100_000, signal: controller.signal });
      agent.dispose();
    } finally {
      clearInterval(interval);
      clearTimeout(timeout);
    }
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThan(1400);
    expect(elapsed).toBeLessThan(2500);
    // Unstarved, 1.5 s of 10 ms ticks is ~150; a loop that yields every 25 ms still allows ≥ 40.
    expect(ticks).toBeGreaterThanOrEqual(20);
  });
});
