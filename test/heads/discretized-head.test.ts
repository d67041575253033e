import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiscretizedHead, MIN_BINS } from '../../src/heads';
import { awrLoss } from '../../src/losses';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

function logSoftmax(row: number[]): number[] {
  const max = Math.max(...row);
  const lse = max + Math.log(row.reduce((acc, x) => acc + Math.exp(x - max), 0));
  return row.map((x) => x - lse);
}

function entropyOf(row: number[]): number {
  return -logSoftmax(row).reduce((acc, l) => acc + Math.exp(l) * l, 0);
}

function repeatRows(row: number[], n: number): tf.Tensor2D {
  return tf.tidy(() => tf.tile(tf.tensor2d([row]), [n, 1]) as tf.Tensor2D);
}

describe.each(TEST_BACKENDS)('DiscretizedHead (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  // actionDim 2, bins 3 (centres −1, 0, 1): logits of dimension 0, then of dimension 1.
  const dim0 = [0.5, -1, 2];
  const dim1 = [0, 0.3, -0.7];
  const raw = [
    [...dim0, ...dim1],
    [...dim1, ...dim0],
  ];

  it('has bins·actionDim inputs, evenly spaced centres with the bounds as centres, and no variables', () => {
    expect(MIN_BINS).toBe(2);
    const head = new DiscretizedHead(2, { bins: 5 });
    expect(head.kind).toBe('discretized');
    expect([head.inputDim, head.actionDim, head.bins]).toEqual([10, 2, 5]);
    expect([head.low, head.high, head.binWidth]).toEqual([-1, 1, 0.5]);
    expect(head.binCenters).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(head.variables).toEqual([]);
    const odd = new DiscretizedHead(1, { bins: 42, low: -1, high: 1 });
    expect(odd.binCenters[0]).toBe(-1);
    expect(odd.binCenters[41]).toBe(1);
    head.dispose();
  });

  it('binIndex maps to the nearest centre: edges, beyond the bounds, and half-way up', () => {
    const head = new DiscretizedHead(1, { bins: 5 });
    const a = tf.tensor2d([-1, -0.76, -0.74, 0, 1, 1.3, -1.3, -0.75, 0.25, 0.24, 0.26, 0.49, 0.74, 0.76], [14, 1]);
    const idx = head.binIndex(a);
    expect(idx.dtype).toBe('int32');
    expect(idx.shape).toEqual([14, 1]);
    expect(values(idx)).toEqual([0, 0, 1, 2, 4, 4, 0, 1, 3, 2, 3, 3, 3, 4]);
    const shifted = new DiscretizedHead(2, { bins: 3, low: 0, high: 10 });
    const b = tf.tensor2d([
      [2.4, 2.6],
      [7.6, -5],
      [10, 5],
    ]);
    const idx2 = shifted.binIndex(b);
    expect(values(idx2)).toEqual([0, 1, 2, 0, 2, 1]);
    tf.dispose([a, idx, b, idx2]);
  });

  it('logProb sums each dimension’s log-softmax at the action’s bin', () => {
    const head = new DiscretizedHead(2, { bins: 3 });
    const r = tf.tensor2d(raw);
    // Row 0: dim 0 at −0.9 → bin 0, dim 1 at 0.6 → bin 2. Row 1: dim 0 at 0.1 → bin 1, dim 1 at 1 → bin 2.
    const a = tf.tensor2d([
      [-0.9, 0.6],
      [0.1, 1],
    ]);
    const logp = head.logProb(r, a);
    expect(logp.shape).toEqual([2]);
    const expected = [logSoftmax(dim0)[0] + logSoftmax(dim1)[2], logSoftmax(dim1)[1] + logSoftmax(dim0)[2]];
    expectClose(values(logp), expected, { atol: 1e-6 });
    tf.dispose([r, a, logp]);
  });

  it('the gradient of logProb is onehot − softmax in every dimension', () => {
    const head = new DiscretizedHead(2, { bins: 3 });
    const r = tf.tensor2d([raw[0]]);
    const a = tf.tensor2d([[0, -1]]);
    const g = gradOf((x: tf.Tensor2D) => tf.sum(head.logProb(x, a)), r);
    const expected = [
      ...logSoftmax(dim0).map((l, k) => (k === 1 ? 1 : 0) - Math.exp(l)),
      ...logSoftmax(dim1).map((l, k) => (k === 0 ? 1 : 0) - Math.exp(l)),
    ];
    expectClose(values(g), expected, { atol: 1e-6 });
    tf.dispose([r, a, g]);
  });

  it('mode is the centre of each dimension’s most probable bin (float32 [B, actionDim])', () => {
    const head = new DiscretizedHead(2, { bins: 3 });
    const r = tf.tensor2d(raw);
    const mode = head.mode(r);
    expect(mode.dtype).toBe('float32');
    expect(mode.shape).toEqual([2, 2]);
    expect(values(mode)).toEqual([1, 0, 0, 1]);
    const wide = new DiscretizedHead(1, { bins: 42 });
    const logits = Array.from({ length: 42 }, (_, k) => (k === 41 ? 5 : 0));
    const r2 = tf.tensor2d([logits, logits.slice().reverse()]);
    const mode2 = wide.mode(r2);
    expect(values(mode2)).toEqual([1, -1]);
    tf.dispose([r, mode, r2, mode2]);
  });

  it('entropyPerDimension is −Σ p log p per dimension; entropy sums them; metrics average it', () => {
    const head = new DiscretizedHead(2, { bins: 3 });
    const r = tf.tensor2d(raw);
    const perDim = head.entropyPerDimension(r);
    expect(perDim.shape).toEqual([2, 2]);
    const h0 = entropyOf(dim0);
    const h1 = entropyOf(dim1);
    expectClose(values(perDim), [h0, h1, h1, h0], { atol: 1e-6 });
    const h = head.entropy(r);
    expect(h.shape).toEqual([2]);
    expectClose(values(h), [h0 + h1, h0 + h1], { atol: 1e-6 });
    const m = head.metrics(r);
    expect(Object.keys(m)).toEqual(['actor/entropy']);
    expectClose(values(m['actor/entropy']), [h0 + h1], { atol: 1e-6 });
    expect(head.metrics()).toEqual({});
    tf.dispose([r, perDim, h, m]);
  });

  it('samples bin centres with the softmax frequencies of each dimension', () => {
    const head = new DiscretizedHead(2, { bins: 3 });
    const n = 4000;
    const r = repeatRows(raw[0], n);
    const s = head.sample(r, 2024);
    expect(s.dtype).toBe('float32');
    expect(s.shape).toEqual([n, 2]);
    const v = s.dataSync();
    [dim0, dim1].forEach((logits, d) => {
      const counts = [0, 0, 0];
      for (let i = 0; i < n; i++) counts[[-1, 0, 1].indexOf(v[i * 2 + d])]++;
      expect(counts.reduce((x, y) => x + y)).toBe(n);
      logSoftmax(logits).forEach((l, k) => {
        const p = Math.exp(l);
        expect(Math.abs(counts[k] - p * n)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
      });
    });
    tf.dispose([r, s]);
  });

  it('repeats for the same seed (0 included) and changes with the seed', () => {
    const head = new DiscretizedHead(2, { bins: 4 });
    const r = repeatRows(new Array<number>(8).fill(0), 200);
    const [a, b, c, z1, z2] = [5, 5, 6, 0, 0].map((seed) => head.sample(r, seed));
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    expect(values(z1)).toEqual(values(z2));
    tf.dispose([r, a, b, c, z1, z2]);
  });

  it('AWR puts the mode on the highest-advantage token where a mean would fall between the modes', () => {
    const head = new DiscretizedHead(1, { bins: 5 });
    const actions = tf.tensor2d([0.5, 0.5, -0.5, -0.5], [4, 1]);
    const weights = tf.tensor1d([1, 1, 3, 3]);
    // One state: a single row of logits shared by the four transitions.
    const loss = (x: tf.Tensor2D): tf.Scalar => awrLoss(head.logProb(tf.tile(x, [4, 1]), actions), weights);
    let logits = tf.zeros([1, 5]) as tf.Tensor2D;
    for (let step = 0; step < 50; step++) {
      const g = gradOf(loss, logits);
      const next = tf.tidy(() => tf.sub(logits, tf.mul(g, 2)) as tf.Tensor2D);
      tf.dispose([g, logits]);
      logits = next;
    }
    const mode = head.mode(logits);
    expect(values(mode)).toEqual([-0.5]);
    // The probabilities approach the weight shares 2/8 and 6/8 (the AWR optimum).
    const p = values(tf.tidy(() => tf.softmax(logits)));
    expectClose([p[1], p[3]], [0.75, 0.25], { atol: 0.05 });
    tf.dispose([actions, weights, logits, mode]);
  });

  it('rejects bad bins, a bad range and wrong shapes', () => {
    expect(() => new DiscretizedHead(2, { bins: 1 })).toThrow(/bins must be an integer >= 2, got 1/);
    expect(() => new DiscretizedHead(2, { bins: 2.5 })).toThrow(RangeError);
    expect(() => new DiscretizedHead(0, { bins: 3 })).toThrow(/actionDim must be a positive integer/);
    expect(() => new DiscretizedHead(2, { bins: 3, low: 1, high: 1 })).toThrow(/low < high/);
    expect(() => new DiscretizedHead(2, { bins: 3, high: Infinity })).toThrow(RangeError);
    const head = new DiscretizedHead(2, { bins: 3 });
    const r = tf.zeros([4, 6]) as tf.Tensor as tf.Tensor2D;
    const r4 = tf.zeros([4, 4]) as tf.Tensor as tf.Tensor2D;
    const a3 = tf.zeros([4, 3]) as tf.Tensor as tf.Tensor2D;
    expect(() => head.mode(r4)).toThrow(/DiscretizedHead.mode: raw must have shape \[B, 6\], got \[4,4\]/);
    expect(() => head.logProb(r, a3)).toThrow(/actions shape \[4,3\] must be \[B, actionDim\] = \[4,2\]/);
    expect(() => head.binIndex(a3)).toThrow(/binIndex: actions must have shape \[B, 2\], got \[4,3\]/);
    expect(() => head.sample(r, Number.NaN)).toThrow(/seed/);
    tf.dispose([r, r4, a3]);
  });

  it('frees its intermediates', () => {
    const head = new DiscretizedHead(2, { bins: 3 });
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d([
      [-0.9, 0.6],
      [0.1, 1],
    ]);
    expectNoLeak(() => head.binIndex(a));
    expectNoLeak(() => head.logProb(r, a));
    expectNoLeak(() => head.mode(r));
    expectNoLeak(() => head.sample(r, 1));
    expectNoLeak(() => head.entropy(r));
    expectNoLeak(() => head.entropyPerDimension(r));
    expectNoLeak(() => head.metrics(r));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => tf.neg(tf.mean(head.logProb(x, a))), r));
    tf.dispose([r, a]);
  });
});

describe('DiscretizedHead across backends', () => {
  it('draws the same sample for the same seed on cpu and wasm', async () => {
    const head = new DiscretizedHead(2, { bins: 5 });
    const draw = async (backend: 'cpu' | 'wasm'): Promise<number[]> => {
      await setTestBackend(backend);
      const r = repeatRows([0.3, -0.2, 0.5, 0, 1, -1, 0.2, 0.1, 0, 0.4], 300);
      const s = head.sample(r, 31337);
      const out = values(s);
      tf.dispose([r, s]);
      return out;
    };
    expect(await draw('cpu')).toEqual(await draw('wasm'));
  });
});
