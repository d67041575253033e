import { describe, expect, it } from 'vitest';
import { createDataset, episodeReturns, filterTopEpisodes, selectEpisodes } from '../../src/data';

const f32 = (values: number[]): Float32Array => new Float32Array(values);
const i32 = (values: number[]): Int32Array => new Int32Array(values);

// Episodes (rows): 0: 0–1 terminal, return 3; 1: 2–3 timeout, return 10; 2: 4 terminal, return 10;
// 3: 5 terminal, return −1; 4: 6 end of data, return 7.
const ds = createDataset({
  observations: [[0], [1], [2], [3], [4], [5], [6]],
  actions: [[0], [0.1], [0.2], [0.3], [0.4], [0.5], [0.6]],
  rewards: [1, 2, 5, 5, 10, -1, 7],
  terminals: [0, 1, 0, 0, 1, 1, 0],
  timeouts: [0, 0, 0, 1, 0, 0, 0],
});

describe('selectEpisodes', () => {
  it('starts from the expected fixture', () => {
    expect(ds.episodeStarts).toEqual(i32([0, 2, 4, 5, 6, 7]));
    expect(ds.transitionIndices).toEqual(i32([0, 1, 2, 4, 5]));
    expect(episodeReturns(ds)).toEqual(new Float64Array([3, 10, 10, -1, 7]));
  });

  it('copies the chosen episodes in the given order, duplicates included, and rebuilds the indices', () => {
    const picked = selectEpisodes(ds, [4, 0, 0]);
    expect(picked.size).toBe(5);
    expect(picked.observations).toEqual(f32([6, 0, 1, 0, 1]));
    expect(picked.nextObservations).toEqual(f32([6, 1, 1, 1, 1]));
    expect(picked.actions).toEqual(f32([0.6, 0, 0.1, 0, 0.1]));
    expect(picked.rewards).toEqual(f32([7, 1, 2, 1, 2]));
    expect(picked.terminals).toEqual(f32([0, 0, 1, 0, 1]));
    expect(picked.timeouts).toEqual(f32([0, 0, 0, 0, 0]));
    expect(picked.episodeStarts).toEqual(i32([0, 1, 3, 5]));
    expect(picked.transitionIndices).toEqual(i32([1, 2, 3, 4]));
    expect(picked.observationDim).toBe(1);
    expect(picked.actionSpace).toEqual(ds.actionSpace);
  });

  it('rejects empty lists and indices that are not episodes', () => {
    expect(() => selectEpisodes(ds, [])).toThrow(RangeError);
    expect(() => selectEpisodes(ds, [0, 5])).toThrow(/episodeIds\[1\] = 5 is not an episode index in 0 … 4/);
    expect(() => selectEpisodes(ds, [1.5])).toThrow(/episodeIds\[0\] = 1.5/);
    expect(() => selectEpisodes(ds, [-1])).toThrow(RangeError);
  });
});

describe('filterTopEpisodes', () => {
  it('keeps ceil(fraction × episodes) best episodes in their original order', () => {
    const top = filterTopEpisodes(ds, 0.5); // ceil(2.5) = 3 → episodes 1, 2, 4
    expect(top.observations).toEqual(f32([2, 3, 4, 6]));
    expect(top.rewards).toEqual(f32([5, 5, 10, 7]));
    expect(top.nextObservations).toEqual(f32([3, 3, 4, 6]));
    expect(top.terminals).toEqual(f32([0, 0, 1, 0]));
    expect(top.timeouts).toEqual(f32([0, 1, 0, 0]));
    expect(top.episodeStarts).toEqual(i32([0, 2, 3, 4]));
    expect(top.transitionIndices).toEqual(i32([0, 2]));
    expect(filterTopEpisodes(ds, 0.4).rewards).toEqual(f32([5, 5, 10])); // episodes 1, 2
    expect(filterTopEpisodes(ds, 1).size).toBe(7);
    expect(filterTopEpisodes(ds, 0.01).rewards).toEqual(f32([5, 5])); // at least one: episode 1
  });

  it('breaks ties by the lower episode index', () => {
    const tied = createDataset({
      observations: [[0], [1], [2], [3]],
      actions: [[0], [0], [0], [0]],
      rewards: [5, 9, 5, 5],
      terminals: [1, 1, 1, 1],
    });
    expect(filterTopEpisodes(tied, 0.5).observations).toEqual(f32([0, 1]));
    expect(filterTopEpisodes(tied, 0.75).observations).toEqual(f32([0, 1, 2]));
  });

  it('does not round 0.07 × 100 = 7.000000000000001 up to 8', () => {
    const hundred = createDataset({
      observations: Array.from({ length: 100 }, (_, i) => [i]),
      actions: Array.from({ length: 100 }, () => [0]),
      rewards: Array.from({ length: 100 }, (_, i) => i),
      terminals: Array.from({ length: 100 }, () => 1),
    });
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(filterTopEpisodes(hundred, 0.07).observations).toEqual(f32([93, 94, 95, 96, 97, 98, 99]));
  });

  it('rejects a fraction outside (0, 1], naming topFraction', () => {
    expect(() => filterTopEpisodes(ds, 0)).toThrow(/topFraction must be in \(0, 1\], got 0/);
    expect(() => filterTopEpisodes(ds, 1.1)).toThrow(RangeError);
    expect(() => filterTopEpisodes(ds, Number.NaN)).toThrow(/topFraction/);
  });
});
