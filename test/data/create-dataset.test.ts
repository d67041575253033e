import { describe, expect, it } from 'vitest';
import { createDataset, TERMINATION_FIX_TOLERANCE } from '../../src/data';

const f32 = (values: number[]): Float32Array => new Float32Array(values);
const i32 = (values: number[]): Int32Array => new Int32Array(values);

describe('createDataset: episodes and next observations', () => {
  // Rows 0–2: an episode ending in a terminal; rows 3–4: cut by a timeout; row 5: cut by the end of data.
  const input = {
    observations: [
      [0, 10],
      [1, 11],
      [2, 12],
      [3, 13],
      [4, 14],
      [5, 15],
    ],
    actions: [[0.5], [-0.5], [0], [1], [-1], [0.25]],
    rewards: [1, 2, 3, 4, 5, 6],
    terminals: [0, 0, 1, 0, 0, 0],
    timeouts: [0, 0, 0, 0, 1, 0],
  };

  it('derives next observations inside episodes and leaves unknown ones out of transitionIndices', () => {
    const ds = createDataset(input);
    expect(ds.size).toBe(6);
    expect(ds.observationDim).toBe(2);
    expect(ds.actionDim).toBe(1);
    expect(ds.observations).toEqual(f32([0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15]));
    expect(ds.actions).toEqual(f32([0.5, -0.5, 0, 1, -1, 0.25]));
    expect(ds.rewards).toEqual(f32([1, 2, 3, 4, 5, 6]));
    expect(ds.terminals).toEqual(f32([0, 0, 1, 0, 0, 0]));
    expect(ds.timeouts).toEqual(f32([0, 0, 0, 0, 1, 0]));
    expect(ds.episodeStarts).toEqual(i32([0, 3, 5, 6]));
    // row 2: terminal, own observation as placeholder; rows 4 (timeout) and 5 (end of data): own observation.
    expect(ds.nextObservations).toEqual(f32([1, 11, 2, 12, 2, 12, 4, 14, 4, 14, 5, 15]));
    expect(ds.transitionIndices).toEqual(i32([0, 1, 2, 3]));
  });

  it('ends the episode at a row with both terminal and timeout set and keeps it for TD (bootstrap cut)', () => {
    const ds = createDataset({
      observations: [[0], [1], [2]],
      actions: [[0], [0], [0]],
      rewards: [0, 0, 0],
      terminals: [0, 1, 0],
      timeouts: [0, 1, 1],
    });
    expect(ds.episodeStarts).toEqual(i32([0, 2, 3]));
    expect(ds.nextObservations).toEqual(f32([1, 1, 2]));
    expect(ds.transitionIndices).toEqual(i32([0, 1]));
  });

  it('ends episodes where nextObservations differ from the next row (termination fix) and keeps every row', () => {
    const ds = createDataset({
      observations: [[0], [1], [5], [6]],
      nextObservations: [[1], [2], [6], [7]],
      actions: [[0], [0], [0], [0]],
      rewards: [0, 0, 0, 0],
      terminals: [0, 0, 0, 0],
    });
    expect(ds.episodeStarts).toEqual(i32([0, 2, 4]));
    expect(ds.nextObservations).toEqual(f32([1, 2, 6, 7]));
    expect(ds.transitionIndices).toEqual(i32([0, 1, 2, 3]));
  });

  it('treats differences within the tolerance as the same observation, and above it as a new episode', () => {
    const tiny = 2 ** -21; // ≈ 4.8e-7, exact in float32 near 1
    const small = 2 ** -19; // ≈ 1.9e-6
    expect(tiny).toBeLessThan(TERMINATION_FIX_TOLERANCE);
    expect(small).toBeGreaterThan(TERMINATION_FIX_TOLERANCE);
    const make = (delta: number) =>
      createDataset({
        observations: [[0], [1]],
        nextObservations: [[1 + delta], [2]],
        actions: [[0], [0]],
        rewards: [0, 0],
        terminals: [0, 0],
      });
    expect(make(tiny).episodeStarts).toEqual(i32([0, 2]));
    expect(make(small).episodeStarts).toEqual(i32([0, 1, 2]));
  });

  it('keeps terminal and timeout boundaries when nextObservations are given, and every row for TD', () => {
    const ds = createDataset({
      observations: [[0], [1], [2], [3]],
      nextObservations: [[1], [2], [3], [4]],
      actions: [[0], [0], [0], [0]],
      rewards: [0, 0, 0, 0],
      terminals: [1, 0, 0, 0],
      timeouts: [0, 0, 1, 0],
    });
    expect(ds.episodeStarts).toEqual(i32([0, 1, 3, 4]));
    expect(ds.transitionIndices).toEqual(i32([0, 1, 2, 3]));
  });

  it('accepts flat typed arrays, typed-array rows, booleans and discrete index arrays', () => {
    const ds = createDataset({
      observations: new Float64Array([0, 1, 2, 3, 4, 5]),
      actions: new Int32Array([2, 0, 1]),
      rewards: new Float64Array([0.5, 0, 1]),
      terminals: [false, false, true],
      timeouts: new Uint8Array([0, 0, 0]),
      nextObservations: [f32([2, 3]), f32([4, 5]), f32([6, 7])],
      actionSpace: { type: 'discrete', n: 3 },
    });
    expect(ds.observationDim).toBe(2);
    expect(ds.actionDim).toBe(1);
    expect(ds.observations).toEqual(f32([0, 1, 2, 3, 4, 5]));
    expect(ds.actions).toEqual(f32([2, 0, 1]));
    expect(ds.terminals).toEqual(f32([0, 0, 1]));
    expect(ds.nextObservations).toEqual(f32([2, 3, 4, 5, 6, 7]));
    expect(ds.actionSpace).toEqual({ type: 'discrete', n: 3 });
  });

  it('reads a flat number[] of box actions with the width it implies', () => {
    const ds = createDataset({
      observations: [[0], [1]],
      actions: [0.1, 0.2, 0.3, 0.4],
      rewards: [0, 0],
      terminals: [0, 1],
    });
    expect(ds.actionDim).toBe(2);
    expect(ds.actions).toEqual(f32([0.1, 0.2, 0.3, 0.4]));
    expect(ds.actionSpace).toEqual({ type: 'box', low: [-1, -1], high: [1, 1] });
  });

  it('copies its input and the action space instead of aliasing them', () => {
    const observations = new Float32Array([0, 1]);
    const rewards = new Float32Array([1, 2]);
    const space = { type: 'box' as const, low: [-2], high: [2] };
    const ds = createDataset({ observations, actions: [[0], [1]], rewards, terminals: [0, 1], actionSpace: space });
    observations[0] = 99;
    rewards[0] = 99;
    space.low[0] = -99;
    expect(ds.observations[0]).toBe(0);
    expect(ds.rewards[0]).toBe(1);
    expect(ds.actionSpace).toEqual({ type: 'box', low: [-2], high: [2] });
    expect(ds.observations).not.toBe(observations);
  });
});
