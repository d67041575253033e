import { describe, expect, it } from 'vitest';
import { createDataset, MinibatchSampler, type Dataset } from '../../src/data';
import { Rng } from '../../src/rng';
import type { HostBatch } from '../../src/types';

const ROWS = 12;

/** Row i: observation [i, 100 + i], next [i + 0.5, 200 + i], action [−i, i], reward 2i, terminal when i % 3 = 2. */
function fixture(): Dataset {
  const rows = Array.from({ length: ROWS }, (_, i) => i);
  return createDataset({
    observations: rows.map((i) => [i, 100 + i]),
    nextObservations: rows.map((i) => [i + 0.5, 200 + i]),
    actions: rows.map((i) => [-i, i]),
    rewards: rows.map((i) => 2 * i),
    terminals: rows.map((i) => (i % 3 === 2 ? 1 : 0)),
    actionSpace: { type: 'box', low: [-ROWS, -ROWS], high: [ROWS, ROWS] },
  });
}

function copyBatch(batch: HostBatch): HostBatch {
  return {
    size: batch.size,
    observations: batch.observations.slice(),
    actions: batch.actions.slice(),
    rewards: batch.rewards.slice(),
    nextObservations: batch.nextObservations.slice(),
    terminals: batch.terminals.slice(),
  };
}

/** The dataset row of each batch entry, checking every field matches that row. */
function rowsOf(batch: HostBatch): number[] {
  const rows: number[] = [];
  for (let b = 0; b < batch.size; b++) {
    const i = batch.observations[2 * b];
    expect([
      batch.observations[2 * b + 1],
      batch.nextObservations[2 * b],
      batch.nextObservations[2 * b + 1],
      batch.actions[2 * b],
      batch.actions[2 * b + 1],
      batch.rewards[b],
      batch.terminals[b],
    ]).toEqual([100 + i, i + 0.5, 200 + i, -i, i, 2 * i, i % 3 === 2 ? 1 : 0]);
    rows.push(i);
  }
  return rows;
}

describe('MinibatchSampler', () => {
  const ds = fixture();

  it('draws indices[rng.int(indices.length)] for each entry, with matching row contents', () => {
    const indices = new Int32Array([1, 4, 7, 10]);
    const sampler = new MinibatchSampler(ds, { batchSize: 16, rng: new Rng(3), indices });
    const reference = new Rng(3);
    for (let call = 0; call < 3; call++) {
      const expected = Array.from({ length: 16 }, () => indices[reference.int(indices.length)]);
      expect(rowsOf(sampler.sample())).toEqual(expected);
    }
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const a = new MinibatchSampler(ds, { batchSize: 32, rng: new Rng(5) });
    const b = new MinibatchSampler(ds, { batchSize: 32, rng: new Rng(5) });
    const c = new MinibatchSampler(ds, { batchSize: 32, rng: new Rng(6) });
    for (let call = 0; call < 3; call++) {
      const batchA = copyBatch(a.sample());
      expect(b.sample()).toEqual(batchA);
      expect(c.sample().observations).not.toEqual(batchA.observations);
    }
  });

  it('only returns rows from indices, and every one of them', () => {
    const sampler = new MinibatchSampler(ds, { batchSize: 64, rng: new Rng(1), indices: new Int32Array([3, 5, 11]) });
    const seen = new Set<number>();
    for (let call = 0; call < 20; call++) for (const row of rowsOf(sampler.sample())) seen.add(row);
    expect([...seen].sort((x, y) => x - y)).toEqual([3, 5, 11]);
  });

  it('defaults to transitionIndices, skipping rows whose next observation is unknown', () => {
    const derived = createDataset({
      observations: [[0], [1], [2], [3]],
      actions: [[0], [0], [0], [0]],
      rewards: [0, 1, 2, 3],
      terminals: [0, 0, 0, 0],
      timeouts: [0, 1, 0, 0],
    });
    expect(derived.transitionIndices).toEqual(new Int32Array([0, 2]));
    const sampler = new MinibatchSampler(derived, { batchSize: 50, rng: new Rng(2) });
    const rows = new Set(sampler.sample().rewards);
    expect([...rows].sort()).toEqual([0, 2]);
  });

  it('samples uniformly', () => {
    const sampler = new MinibatchSampler(ds, { batchSize: 1000, rng: new Rng(9), indices: new Int32Array([0, 6]) });
    let zeros = 0;
    for (let call = 0; call < 10; call++) for (const r of sampler.sample().rewards) if (r === 0) zeros++;
    expect(Math.abs(zeros - 5000)).toBeLessThan(250);
  });

  it('reuses one batch object and its buffers', () => {
    const sampler = new MinibatchSampler(ds, { batchSize: 8, rng: new Rng(4) });
    const first = sampler.sample();
    const observations = first.observations;
    const second = sampler.sample();
    expect(second).toBe(first);
    expect(second.observations).toBe(observations);
    expect(first.size).toBe(8);
    expect(first.observations.length).toBe(16);
    expect(first.actions.length).toBe(16);
  });

  it('does not see later changes to the indices it was given', () => {
    const indices = new Int32Array([2]);
    const sampler = new MinibatchSampler(ds, { batchSize: 4, rng: new Rng(0), indices });
    indices[0] = 3;
    expect(rowsOf(sampler.sample())).toEqual([2, 2, 2, 2]);
  });

  it('validates batchSize, rng and indices', () => {
    const rng = new Rng(0);
    expect(() => new MinibatchSampler(ds, { batchSize: 0, rng })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => new MinibatchSampler(ds, { batchSize: 2.5, rng })).toThrow(RangeError);
    expect(() => new MinibatchSampler(ds, { batchSize: -1, rng })).toThrow(/batchSize/);
    expect(() => new MinibatchSampler(ds, { batchSize: 4, rng: undefined as never })).toThrow(/rng is required/);
    expect(() => new MinibatchSampler(ds, { batchSize: 4, rng, indices: new Int32Array(0) })).toThrow(/indices is empty/);
    expect(() => new MinibatchSampler(ds, { batchSize: 4, rng, indices: new Int32Array([0, 12]) })).toThrow(
      /indices\[1\] = 12 is not a row in 0 … 11/,
    );
    const noTransitions = createDataset({ observations: [[0]], actions: [[0]], rewards: [0], terminals: [0] });
    expect(noTransitions.transitionIndices.length).toBe(0);
    expect(() => new MinibatchSampler(noTransitions, { batchSize: 4, rng })).toThrow(/transitionIndices is empty/);
  });
});
