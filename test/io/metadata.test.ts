import { describe, expect, it } from 'vitest';
import {
  createDataset,
  D4RL_REFERENCE_SCORES,
  d4rlReferenceScores,
  DatasetError,
  envs,
  evaluate,
  filterTopEpisodes,
  normalizeDatasetObservations,
  normalizedScore,
  observationStats,
  scaleRewards,
  selectEpisodes,
  type Policy,
} from 'offline-rl';

const columns = () => ({
  observations: new Float32Array([0, 1, 2, 3, 4, 5]),
  actions: new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
  rewards: new Float32Array([1, 2, 3, 4, 5, 6]),
  terminals: new Float32Array([0, 1, 0, 0, 0, 1]),
});

describe('createDataset(input, { copy: false })', () => {
  it('adopts Float32Array columns of the right length instead of copying them, and still validates them', () => {
    const input = columns();
    const adopted = createDataset(input, { copy: false });
    expect(adopted.observations).toBe(input.observations);
    expect(adopted.actions).toBe(input.actions);
    expect(adopted.rewards).toBe(input.rewards);
    expect(adopted.terminals).toBe(input.terminals);
    const copied = createDataset(input);
    expect(copied.observations).not.toBe(input.observations);
    expect(copied).toEqual(adopted);
    const bad = columns();
    bad.observations[3] = Number.NaN;
    expect(() => createDataset(bad, { copy: false })).toThrow(new DatasetError('observations', 3, 'observations[3] is NaN'));
    const outside = columns();
    outside.actions[4] = 1.5;
    expect(() => createDataset(outside, { copy: false })).toThrow(/actions\[4\] = 1\.5 is outside the box \[-1, 1\]/);
    const flag = columns();
    flag.terminals[2] = 0.5;
    expect(() => createDataset(flag, { copy: false })).toThrow(/terminals\[2\] = 0\.5 is not 0, 1 or a boolean/);
  });
});

describe('Dataset.metadata', () => {
  const metadata = { format: 'd4rl', datasetId: 'walker2d-medium-v2', referenceScores: { min: 1.629008, max: 4592.3 }, extra: { note: 'x', n: [1, 2] } };

  it('is a frozen copy, kept by the transforms that keep the environment', () => {
    const ds = createDataset({ ...columns(), metadata });
    expect(ds.metadata).toEqual(metadata);
    expect(ds.metadata).not.toBe(metadata);
    expect(Object.isFrozen(ds.metadata) && Object.isFrozen(ds.metadata?.referenceScores) && Object.isFrozen(ds.metadata?.extra)).toBe(true);
    for (const transformed of [
      selectEpisodes(ds, [1]),
      filterTopEpisodes(ds, 0.5),
      scaleRewards(ds, 'antmaze'),
      scaleRewards(ds, 'locomotion'),
      normalizeDatasetObservations(ds, observationStats(ds)),
    ]) {
      expect(transformed.metadata).toBe(ds.metadata);
    }
    expect(createDataset(columns()).metadata).toBeUndefined();
  });

  it('rejects malformed metadata naming the key', () => {
    expect(() => createDataset({ ...columns(), metadata: { referenceScores: { min: 1, max: 1 } } })).toThrow(/metadata\.referenceScores must be \{ min, max \} with two different finite numbers/);
    expect(() => createDataset({ ...columns(), metadata: { datasetId: 3 as unknown as string } })).toThrow(/metadata\.datasetId must be a string/);
    expect(() => createDataset({ ...columns(), metadata: { extra: { bad: Number.NaN } } })).toThrow(/metadata\.extra\.bad = NaN is not a finite number/);
  });

  it('normalizedScore(return, dataset) equals normalizedScore(return, its reference scores)', () => {
    const ds = createDataset({ ...columns(), metadata });
    expect(normalizedScore(2000, ds)).toBe(normalizedScore(2000, metadata.referenceScores));
    expect(normalizedScore(4592.3, ds)).toBeCloseTo(100, 12);
  });

  it('evaluate(…, { referenceScores }) scores with the dataset’s reference returns instead of the environment’s', async () => {
    const env = envs.bandit();
    const policy: Policy = { observationDim: env.observationDim, actionSpace: env.actionSpace, act: (obs) => obs.map(() => 1) };
    const own = await evaluate(policy, env, { episodes: 3 });
    const ds = createDataset({ ...columns(), metadata: { referenceScores: { min: -1, max: 3 } } });
    const scored = await evaluate(policy, env, { episodes: 3, referenceScores: ds.metadata?.referenceScores });
    expect(scored.mean).toBe(own.mean);
    expect(scored.normalizedScore).toBeCloseTo((100 * (own.mean + 1)) / 4, 12);
    await expect(evaluate(policy, env, { referenceScores: { min: 2, max: 2 } })).rejects.toThrow(/ref\.max must differ from ref\.min/);
  });
});

describe('d4rlReferenceScores', () => {
  it("maps D4RL dataset names to D4RL's constants (peers.md §3)", () => {
    expect(d4rlReferenceScores('hopper-medium-replay-v2')).toBe(D4RL_REFERENCE_SCORES.hopper);
    expect(d4rlReferenceScores('halfcheetah-medium-expert-v0')).toEqual({ min: -280.178953, max: 12135.0 });
    expect(d4rlReferenceScores('ant-full-replay-v2')).toEqual({ min: -325.6, max: 3879.7 });
    expect(d4rlReferenceScores('antmaze-large-diverse-v2')).toEqual({ min: 0, max: 1 });
    expect(d4rlReferenceScores('maze2d-large-dense-v1')).toEqual({ min: 30.569041, max: 303.4857382709002 });
    expect(d4rlReferenceScores('pen-cloned-v1')).toEqual({ min: 96.262799, max: 3076.8331017826877 });
    expect(d4rlReferenceScores('kitchen-mixed-v0')).toEqual({ min: 0, max: 4 });
  });

  it('knows no antmaze -v1, no unknown task, no partial names', () => {
    for (const name of ['antmaze-umaze-v1', 'hopper', 'hopper-medium', 'my-robot-v0', 'maze2d-umaze-v0', 'xhopper-medium-v2']) {
      expect(d4rlReferenceScores(name), name).toBeUndefined();
    }
  });
});
