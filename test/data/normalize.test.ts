import { describe, expect, it } from 'vitest';
import {
  createDataset,
  normalizeDatasetObservations,
  normalizeObservations,
  OBSERVATION_NORM_EPSILON,
  observationStats,
} from '../../src/data';

const ds = createDataset({
  observations: [
    [1, 5],
    [3, 5],
  ],
  nextObservations: [
    [3, 5],
    [5, 5],
  ],
  actions: [[0], [0]],
  rewards: [0, 1],
  terminals: [0, 1],
});

describe('observation normalisation', () => {
  it('computes the mean and population std of observations', () => {
    expect(observationStats(ds)).toEqual({ mean: [2, 5], std: [1, 0] });
  });

  it('computes the stats in float64 (large offsets keep their small spread)', () => {
    const offset = createDataset({
      observations: [[1e6 + 1], [1e6 + 3], [1e6 + 1], [1e6 + 3]],
      actions: [[0], [0], [0], [0]],
      rewards: [0, 0, 0, 0],
      terminals: [0, 0, 0, 1],
    });
    expect(observationStats(offset)).toEqual({ mean: [1e6 + 2], std: [1] });
  });

  it('standardises (s − μ)/(σ + ε) with ε = 1e-3 by default', () => {
    expect(OBSERVATION_NORM_EPSILON).toBe(1e-3);
    const out = normalizeObservations(new Float32Array([1, 5, 3, 7]), { mean: [2, 5], std: [1, 0] });
    expect(out).toEqual(new Float32Array([-1 / 1.001, 0, 1 / 1.001, 2 / 0.001]));
    expect(normalizeObservations(new Float32Array([3, 5]), { mean: [1], std: [2] }, 0)).toEqual(new Float32Array([1, 2]));
  });

  it('returns a new array and rejects mismatched widths', () => {
    const input = new Float32Array([1, 2]);
    const out = normalizeObservations(input, { mean: [0, 0], std: [1, 1] }, 0);
    expect(out).not.toBe(input);
    expect(out).toEqual(input);
    expect(() => normalizeObservations(new Float32Array(3), { mean: [0, 0], std: [1, 1] })).toThrow(/width 2/);
    expect(() => normalizeObservations(new Float32Array(2), { mean: [0, 0], std: [1] })).toThrow(RangeError);
    expect(() => normalizeObservations(new Float32Array(2), { mean: [0, 0], std: [1, 1] }, -1)).toThrow(/epsilon/);
  });

  it('normalises observations and next observations of a dataset, sharing the other columns', () => {
    const stats = observationStats(ds);
    const normalized = normalizeDatasetObservations(ds, stats);
    const d = 1 + OBSERVATION_NORM_EPSILON;
    expect(normalized.observations).toEqual(new Float32Array([-1 / d, 0, 1 / d, 0]));
    expect(normalized.nextObservations).toEqual(new Float32Array([1 / d, 0, 3 / d, 0]));
    expect(normalized.rewards).toBe(ds.rewards);
    expect(normalized.episodeStarts).toBe(ds.episodeStarts);
    expect(ds.observations).toEqual(new Float32Array([1, 5, 3, 5]));
    expect(() => normalizeDatasetObservations(ds, { mean: [0], std: [1] })).toThrow(/observationDim is 2/);
  });
});
