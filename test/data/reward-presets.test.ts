import { describe, expect, it } from 'vitest';
import {
  ANTMAZE_REWARD_SHIFT,
  createDataset,
  DatasetError,
  LOCOMOTION_RETURN_RANGE,
  scaleRewards,
  type RewardPreset,
} from '../../src/data';

// Episode returns 2, 4, 2 → range 2.
const ds = createDataset({
  observations: [[0], [1], [2], [3]],
  actions: [[0], [0], [0], [0]],
  rewards: [1, 1, 4, 2],
  terminals: [0, 1, 1, 1],
});

describe('scaleRewards', () => {
  it('locomotion divides by the episode-return range and multiplies by 1000', () => {
    expect(LOCOMOTION_RETURN_RANGE).toBe(1000);
    const scaled = scaleRewards(ds, 'locomotion');
    expect(scaled.rewards).toEqual(new Float32Array([500, 500, 2000, 1000]));
    expect(scaled.observations).toBe(ds.observations);
    expect(ds.rewards).toEqual(new Float32Array([1, 1, 4, 2]));
  });

  it('locomotion uses episodes cut by timeouts', () => {
    const input = {
      observations: [[0], [1], [2], [3]],
      actions: [[0], [0], [0], [0]],
      rewards: [1, 1, 3, 1],
      terminals: [0, 0, 0, 0],
    };
    const cut = createDataset({ ...input, timeouts: [0, 1, 0, 0] }); // returns 2 and 4
    expect(scaleRewards(cut, 'locomotion').rewards).toEqual(new Float32Array([500, 500, 1500, 500]));
    // one episode only: the range is 0
    expect(() => scaleRewards(createDataset(input), 'locomotion')).toThrow(DatasetError);
    expect(() => scaleRewards(createDataset(input), 'locomotion')).toThrow(/same return \(6\)/);
  });

  it('antmaze subtracts 1', () => {
    expect(ANTMAZE_REWARD_SHIFT).toBe(-1);
    expect(scaleRewards(ds, 'antmaze').rewards).toEqual(new Float32Array([0, 0, 3, 1]));
  });

  it('none leaves the dataset unchanged', () => {
    expect(scaleRewards(ds, 'none')).toBe(ds);
  });

  it('rejects an unknown preset', () => {
    expect(() => scaleRewards(ds, 'kitchen' as RewardPreset)).toThrow(/unknown preset 'kitchen'/);
  });
});
