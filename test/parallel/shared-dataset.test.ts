import { describe, expect, it } from 'vitest';
import { createDataset, type Dataset } from '../../src/data';
import { banditDataset } from '../../src/envs/bandit';
import { datasetFromShared, shareDataset } from '../../src/parallel/shared-dataset';
import { continuousDataset } from '../algos/fixtures';

const COLUMNS = ['observations', 'actions', 'rewards', 'nextObservations', 'terminals', 'timeouts', 'episodeStarts', 'transitionIndices'] as const;

describe('shareDataset / datasetFromShared', () => {
  it.each([
    ['box', createDataset(continuousDataset(50, 2))],
    ['discrete', createDataset(banditDataset({ size: 40 }))],
  ] as Array<[string, Dataset]>)('round-trips a %s dataset through one SharedArrayBuffer', (_, dataset) => {
    const shared = shareDataset(dataset);
    const copy = structuredClone(shared); // what a worker receives: the buffer is shared, not copied
    expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
    const rebuilt = datasetFromShared(copy);
    expect(rebuilt.size).toBe(dataset.size);
    expect(rebuilt.observationDim).toBe(dataset.observationDim);
    expect(rebuilt.actionDim).toBe(dataset.actionDim);
    expect(rebuilt.actionSpace).toEqual(dataset.actionSpace);
    for (const name of COLUMNS) {
      expect(rebuilt[name].constructor).toBe(dataset[name].constructor);
      expect(rebuilt[name].buffer).toBe(copy.buffer);
      expect(Array.from(rebuilt[name])).toEqual(Array.from(dataset[name]));
    }
    new Float32Array(copy.buffer)[0] = 123; // same memory as the sender's view
    expect(datasetFromShared(shared).observations[0]).toBe(123);
  });

  it('rejects what is not a Dataset, naming the field', () => {
    const dataset = createDataset(continuousDataset(10, 1));
    expect(() => shareDataset({ ...dataset, rewards: Array.from(dataset.rewards) } as unknown as Dataset)).toThrow(/dataset\.rewards must be a Float32Array/);
    expect(() => shareDataset({ ...dataset, size: -1 })).toThrow(/dataset\.size must be a non-negative integer/);
    expect(() => shareDataset(null as unknown as Dataset)).toThrow(TypeError);
  });
});
