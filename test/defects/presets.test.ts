/**
 * Defect 1: `preset` is accepted (and silently ignored) by trainers that have no presets.
 *
 * Intended: trainBC and trainTD3BC have no published presets, so `preset` is an error there: a
 * RangeError whose message mentions `preset` and names the trainer. trainMany checks every config
 * before starting a worker, so the same mistake rejects there with `configs[i]` in the message and no
 * run ever starts. trainIQL keeps its presets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, trainBC, trainIQL, trainTD3BC } from '../../src';
import { trainMany } from '../../src/node';
import { continuousDataset } from '../algos/fixtures';
import { rejection, selectBackend, TINY } from './helpers';

describe('defect 1: preset on trainers without presets', () => {
  const dataset = createDataset(continuousDataset(128, 3));
  beforeAll(async () => selectBackend('cpu'));

  it('trainBC(ds, { preset }) rejects with a RangeError naming preset and trainBC', async () => {
    const err = await rejection(trainBC(dataset, { ...TINY, preset: 'locomotion' } as never));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(/preset/);
    expect(err.message).toMatch(/trainBC/);
  });

  it('trainTD3BC(ds, { preset }) rejects with a RangeError naming preset and trainTD3BC', async () => {
    const err = await rejection(trainTD3BC(dataset, { ...TINY, preset: 'locomotion' } as never));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(/preset/);
    expect(err.message).toMatch(/trainTD3BC/);
  });

  for (const algorithm of ['td3bc', 'bc'] as const) {
    it(`trainMany('${algorithm}', ds, [{ preset }]) rejects with a RangeError naming configs[0] and preset before any run starts`, async () => {
      let progressCalls = 0;
      const config = { ...TINY, steps: 5, logInterval: 1, preset: 'locomotion', onProgress: () => progressCalls++ } as never;
      const err = await rejection(trainMany(algorithm, dataset, [config], { workers: 1 }));
      expect(err).toBeInstanceOf(RangeError);
      expect(err.message).toMatch(/configs\[0\].*preset/s);
      expect(progressCalls).toBe(0); // no worker trained anything
    });
  }

  it('trainIQL(ds, { preset: "locomotion" }) still trains (IQL has presets)', async () => {
    // continuousDataset's rows are one-step episodes with different rewards, so the return range is not 0.
    const agent = await trainIQL(dataset, { ...TINY, preset: 'locomotion', seed: 1 });
    expect(agent.spec.config.rewardPreset).toBe('locomotion');
    expect(agent.spec.config.expectile).toBe(0.7);
    expect(agent.spec.config.beta).toBe(3);
    agent.dispose();
  });
});
