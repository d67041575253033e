import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset } from '../../src/data';
import { DatasetError } from '../../src/data/dataset-error';
import { banditDataset } from '../../src/envs/bandit';
import { TrainManyError, trainMany, type TrainManyAlgorithm } from '../../src/node';
import { continuousDataset } from '../algos/fixtures';
import { setTestBackend } from '../helpers/backend';
import { threadCount } from './threads';

const TINY = { hiddenDims: [8], batchSize: 16, logInterval: 5, steps: 10 };

/** One-step episodes that all return the same 0.5: IQL trains on it, but the locomotion preset (÷ return range) cannot. */
function equalReturnsDataset() {
  const observations = Array.from({ length: 64 }, (_, i) => [Math.sin(i), Math.cos(i)]);
  return createDataset({
    observations,
    actions: observations.map(([x]) => [Math.tanh(x)]),
    rewards: observations.map(() => 0.5),
    terminals: observations.map(() => 1),
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('trainMany errors', () => {
  const dataset = createDataset(continuousDataset(128, 5));
  beforeAll(async () => setTestBackend('cpu'));

  it('rejects bad arguments before starting any worker', async () => {
    await expect(trainMany('iql', dataset, [])).rejects.toThrow(/configs must be a non-empty array/);
    await expect(trainMany('iql', dataset, [{}], { workers: 0 })).rejects.toThrow(/workers must be an integer ≥ 1, got 0/);
    await expect(trainMany('iql', dataset, [{}], { workers: 1.5 })).rejects.toThrow(RangeError);
    await expect(trainMany('sac' as TrainManyAlgorithm, dataset, [{}])).rejects.toThrow(/unknown algorithm 'sac'; expected one of 'iql', 'bc', 'td3bc', 'cql', 'awac', 'rebrac'/);
    await expect(trainMany('iql', dataset, [{ seed: 0 }, { expectile: 1.5 }])).rejects.toThrow(/configs\[1\]: trainIQL: expectile must be/);
    // @ts-expect-error: a BC config has no expectile
    await expect(trainMany('bc', dataset, [{ expectile: 0.7 }])).rejects.toThrow(/configs\[0\]: trainBC: unknown config key 'expectile'/);
    await expect(trainMany('iql', { size: 3 } as never, [{}])).rejects.toThrow(TypeError);
    await expect(trainMany('iql', dataset, [{}], { backend: 'gpu' as never })).rejects.toThrow(/unknown backend 'gpu'/);
  });

  it('rejects with the run index and the original error, and stops the other workers at once', async () => {
    const threadsBefore = threadCount();
    const start = performance.now();
    // Run 0 would train for hours; run 1 fails as it starts (in its worker, where the dataset is prepared).
    const err = await rejection(trainMany('iql', equalReturnsDataset(), [{ ...TINY, steps: 10_000_000 }, { ...TINY, preset: 'locomotion' }], { workers: 2 }));
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(err).toBeInstanceOf(TrainManyError);
    expect((err as TrainManyError).runIndex).toBe(1);
    expect(err.message).toMatch(/^trainMany: run 1 failed: scaleRewards\('locomotion'\): all 64 episodes have the same return/);
    const cause = (err as TrainManyError).cause;
    expect(cause.name).toBe(DatasetError.name);
    expect(err.message).toBe(`trainMany: run 1 failed: ${cause.message}`);
    expect(cause.stack).toMatch(/scaleRewards|reward-presets/); // the worker's stack
    if (threadsBefore > 0) expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
  });

  it('keeps the error class of built-in errors thrown in a worker', async () => {
    const discrete = createDataset(banditDataset({ size: 64 }));
    const err = await rejection(trainMany('td3bc', discrete, [{ ...TINY }]));
    expect(err).toBeInstanceOf(TrainManyError);
    expect(err.message).toBe('trainMany: run 0 failed: trainTD3BC: needs a box action space (TD3+BC has a deterministic continuous actor)');
    expect((err as TrainManyError).cause).toBeInstanceOf(RangeError);
  });

  it('fails the run whose progress callback throws, and stops its worker', async () => {
    const threadsBefore = threadCount();
    const err = await rejection(
      trainMany('bc', dataset, [{ ...TINY, steps: 10_000_000 }], {
        onProgress: (_run, { step }) => {
          if (step >= 10) throw new Error(`stop at ${step}`);
        },
      }),
    );
    expect(err).toBeInstanceOf(TrainManyError);
    expect(err.message).toBe('trainMany: run 0 failed: stop at 10');
    if (threadsBefore > 0) expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
  });
});
