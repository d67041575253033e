import { describe, expect, it } from 'vitest';
import { createDataset, episodeCount, episodeLengths, episodeReturns } from '../../src/data';

// Episodes: rows 0–2 (terminal), rows 3–4 (timeout), row 5 (end of data).
const ds = createDataset({
  observations: [[0], [1], [2], [3], [4], [5]],
  actions: [[0], [0], [0], [0], [0], [0]],
  rewards: [1, 2, 4, 8, 16, 32],
  terminals: [0, 0, 1, 0, 0, 0],
  timeouts: [0, 0, 0, 0, 1, 0],
});

describe('episodeReturns / episodeLengths', () => {
  it('counts episodes and their lengths', () => {
    expect(episodeCount(ds)).toBe(3);
    expect(episodeLengths(ds)).toEqual(new Int32Array([3, 2, 1]));
  });

  it('sums rewards per episode', () => {
    expect(episodeReturns(ds)).toEqual(new Float64Array([7, 24, 32]));
  });

  it('discounts from the first row of each episode', () => {
    // 1 + 0.5·2 + 0.25·4 = 3; 8 + 0.5·16 = 16; 32
    expect(episodeReturns(ds, { discount: 0.5 })).toEqual(new Float64Array([3, 16, 32]));
    expect(episodeReturns(ds, { discount: 0 })).toEqual(new Float64Array([1, 8, 32]));
    expect(episodeReturns(ds, { discount: 1 })).toEqual(new Float64Array([7, 24, 32]));
  });

  it('splits episodes at the termination fix too', () => {
    const fixed = createDataset({
      observations: [[0], [1], [7]],
      nextObservations: [[1], [2], [8]],
      actions: [[0], [0], [0]],
      rewards: [1, 2, 4],
      terminals: [0, 0, 0],
    });
    expect(episodeReturns(fixed)).toEqual(new Float64Array([3, 4]));
  });

  it('rejects a discount outside [0, 1]', () => {
    expect(() => episodeReturns(ds, { discount: -0.1 })).toThrow(RangeError);
    expect(() => episodeReturns(ds, { discount: 1.5 })).toThrow(/discount must be in \[0, 1\], got 1.5/);
    expect(() => episodeReturns(ds, { discount: Number.NaN })).toThrow(/discount/);
  });
});
