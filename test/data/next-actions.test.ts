/**
 * Next actions `a′`: the following row's action inside an episode, flagged unknown at each episode's
 * last row (terminal, timeout, termination fix, end of data); delivered by the sampler only when
 * asked, and uploaded by toDeviceBatch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, datasetNextActions, MinibatchSampler, nextActionKnown, selectEpisodes, toDeviceBatch } from '../../src/data';
import { Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';

/**
 * Rows 0–2: an episode ending in a terminal (row 2); rows 3–4: ended by a timeout (row 4); rows 5–6:
 * ended by the termination fix (row 6's next observation is not row 7's observation); rows 7–8: the
 * data ends. Row i's action is [i / 10, −i / 10].
 */
function fixture() {
  const n = 9;
  const observations = Array.from({ length: n }, (_, i) => [i]);
  const nextObservations = Array.from({ length: n }, (_, i) => [i + 1]);
  nextObservations[6] = [99];
  return createDataset({
    observations,
    nextObservations,
    actions: Array.from({ length: n }, (_, i) => [i / 10, -i / 10]),
    rewards: new Array(n).fill(0),
    terminals: [0, 0, 1, 0, 0, 0, 0, 0, 0],
    timeouts: [0, 0, 0, 0, 1, 0, 0, 0, 0],
  });
}

const rowOf = (xs: Float32Array, i: number, width = 2) => Array.from(xs.subarray(i * width, (i + 1) * width));

describe('datasetNextActions', () => {
  it('takes the next row of the same episode, and flags the last row of every episode (terminal, timeout, termination fix, end of data) as unknown', () => {
    const ds = fixture();
    expect(Array.from(ds.episodeStarts)).toEqual([0, 3, 5, 7, 9]);
    const { nextActions, known } = datasetNextActions(ds);
    expect(Array.from(known)).toEqual([1, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(nextActionKnown(ds))).toEqual(Array.from(known));
    for (const i of [0, 1, 3, 5, 7]) expect(rowOf(nextActions, i)).toEqual(rowOf(ds.actions, i + 1));
    // Unknown rows hold their own action, never the next episode's first action.
    for (const i of [2, 4, 6, 8]) expect(rowOf(nextActions, i)).toEqual(rowOf(ds.actions, i));
  });

  it('a timeout row keeps its next observation (it bootstraps) but has no next action; a terminal row has neither', () => {
    const ds = fixture();
    const known = nextActionKnown(ds);
    expect(ds.timeouts[4]).toBe(1);
    expect(Array.from(ds.transitionIndices)).toContain(4);
    expect(known[4]).toBe(0);
    expect(ds.terminals[2]).toBe(1);
    expect(known[2]).toBe(0);
  });

  it('follows the episodes of the dataset it is computed from (selectEpisodes reorders them)', () => {
    const ds = selectEpisodes(fixture(), [1, 0]);
    const { nextActions, known } = datasetNextActions(ds);
    expect(Array.from(known)).toEqual([1, 0, 1, 1, 0]);
    expect(rowOf(nextActions, 0)).toEqual(rowOf(ds.actions, 1));
    expect(rowOf(nextActions, 1)).toEqual(rowOf(ds.actions, 1));
  });

  it('without nextObservations, next observations and next actions come from the same following row', () => {
    const ds = createDataset({ observations: [[0], [1], [2]], actions: [[0.1], [0.2], [0.3]], rewards: [0, 0, 0], terminals: [0, 0, 0] });
    const { nextActions, known } = datasetNextActions(ds);
    expect(Array.from(known)).toEqual([1, 1, 0]);
    expect(Array.from(nextActions)).toEqual([0.2, 0.3, 0.3].map(Math.fround));
  });
});

describe('MinibatchSampler nextActions', () => {
  it('delivers each sampled row’s next action only when asked, leaving every other field and the draws unchanged', () => {
    const ds = fixture();
    const plain = new MinibatchSampler(ds, { batchSize: 32, rng: new Rng(5) });
    const withNext = new MinibatchSampler(ds, { batchSize: 32, rng: new Rng(5), nextActions: true });
    const { nextActions } = datasetNextActions(ds);
    for (let k = 0; k < 3; k++) {
      const a = plain.sample();
      const b = withNext.sample();
      expect(a.nextActions).toBeUndefined();
      for (const field of ['observations', 'actions', 'rewards', 'nextObservations', 'terminals'] as const) expect(Array.from(b[field])).toEqual(Array.from(a[field]));
      for (let r = 0; r < b.size; r++) {
        const row = b.observations[r];
        expect(rowOf(b.nextActions!, r)).toEqual(rowOf(nextActions, row));
      }
    }
  });
});

describe('toDeviceBatch nextActions', () => {
  beforeAll(async () => setTestBackend('cpu'));

  it('uploads next actions like actions: as given for box spaces, one-hot for discrete', () => {
    const host = { size: 2, observations: new Float32Array([0, 1]), actions: new Float32Array([1, 0]), rewards: new Float32Array(2), nextObservations: new Float32Array(2), terminals: new Float32Array(2), nextActions: new Float32Array([2, 1]) };
    const batch = toDeviceBatch(host, { type: 'discrete', n: 3 }, 1);
    expect(batch.nextActions!.arraySync()).toEqual([[0, 0, 1], [0, 1, 0]]);
    tf.dispose(Object.values(batch));
    const plain = toDeviceBatch({ ...host, nextActions: undefined }, { type: 'discrete', n: 3 }, 1);
    expect(plain.nextActions).toBeUndefined();
    tf.dispose(Object.values(plain));
    expect(() => toDeviceBatch({ ...host, nextActions: new Float32Array(3) }, { type: 'discrete', n: 3 }, 1)).toThrow(/nextActions has 3 values, expected 2/);
  });
});
