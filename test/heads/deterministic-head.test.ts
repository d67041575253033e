import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeterministicHead } from '../../src/heads';
import { awrLoss, bcLoss, mseBcLoss } from '../../src/losses';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

describe.each(TEST_BACKENDS)('DeterministicHead (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  const raw = [
    [0.5, -1],
    [2, 0],
  ];
  const actions = [
    [0.3, -0.2],
    [0.9, 0.1],
  ];
  const sqErr = raw.map((row, b) => row.reduce((acc, r, d) => acc + (actions[b][d] - Math.tanh(r)) ** 2, 0));

  it('reads actionDim values and has no variables', () => {
    const head = new DeterministicHead(3);
    expect(head.kind).toBe('deterministic');
    expect([head.inputDim, head.actionDim]).toEqual([3, 3]);
    expect(head.variables).toEqual([]);
    expect('entropy' in head).toBe(false);
    head.dispose();
  });

  it('logProb is −Σ(a − tanh(raw))², so bcLoss is actionDim · mseBcLoss and awrLoss a weighted MSE', () => {
    const head = new DeterministicHead(2);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const logp = head.logProb(r, a);
    expect(logp.shape).toEqual([2]);
    expectClose(values(logp), sqErr.map((e) => -e));
    const bc = bcLoss(logp);
    const mse = mseBcLoss(head.mode(r), a);
    expectClose(values(bc), [2 * values(mse)[0]]);
    const w = tf.tensor1d([1, 3]);
    const awr = awrLoss(logp, w);
    expectClose(values(awr), [(sqErr[0] + 3 * sqErr[1]) / 2]);
    tf.dispose([r, a, logp, bc, mse, w, awr]);
  });

  it('mode = sample = tanh(raw), differentiable: d tanh/d raw = 1 − tanh²', () => {
    const head = new DeterministicHead(2);
    const r = tf.tensor2d(raw);
    const mode = head.mode(r);
    const s1 = head.sample(r, 1);
    const s2 = head.sample(r, 2);
    expectClose(values(mode), raw.flat().map(Math.tanh));
    expect(values(s1)).toEqual(values(mode));
    expect(values(s2)).toEqual(values(mode));
    const g = gradOf((x: tf.Tensor2D) => tf.sum(head.mode(x)), r);
    expectClose(values(g), raw.flat().map((x) => 1 - Math.tanh(x) ** 2));
    tf.dispose([r, mode, s1, s2, g]);
  });

  it('the gradient of logProb is 2(a − tanh(raw))(1 − tanh²(raw))', () => {
    const head = new DeterministicHead(2);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const g = gradOf((x: tf.Tensor2D) => tf.sum(head.logProb(x, a)), r);
    const expected = raw.flatMap((row, b) =>
      row.map((x, d) => 2 * (actions[b][d] - Math.tanh(x)) * (1 - Math.tanh(x) ** 2)),
    );
    expectClose(values(g), expected, { atol: 1e-5 });
    tf.dispose([r, a, g]);
  });

  it('metrics report the mean |action| when raw is given', () => {
    const head = new DeterministicHead(2);
    const r = tf.tensor2d(raw);
    const m = head.metrics(r);
    expect(Object.keys(m)).toEqual(['actor/action_abs']);
    expectClose(values(m['actor/action_abs']), [raw.flat().reduce((acc, x) => acc + Math.abs(Math.tanh(x)), 0) / 4]);
    expect(head.metrics()).toEqual({});
    tf.dispose([r, m]);
  });

  it('rejects a bad actionDim, wrong shapes and a non-finite seed', () => {
    expect(() => new DeterministicHead(0)).toThrow(RangeError);
    expect(() => new DeterministicHead(1.5)).toThrow(/actionDim must be a positive integer/);
    const head = new DeterministicHead(2);
    const r3 = tf.zeros([4, 3]) as tf.Tensor as tf.Tensor2D;
    const r = tf.zeros([4, 2]) as tf.Tensor as tf.Tensor2D;
    const a = tf.zeros([3, 2]) as tf.Tensor as tf.Tensor2D;
    expect(() => head.mode(r3)).toThrow(/DeterministicHead.mode: raw must have shape \[B, 2\], got \[4,3\]/);
    expect(() => head.logProb(r, a)).toThrow(/actions shape \[3,2\] must match raw shape \[4,2\]/);
    expect(() => head.sample(r, Number.NaN)).toThrow(/seed/);
    tf.dispose([r3, r, a]);
  });

  it('frees its intermediates', () => {
    const head = new DeterministicHead(2);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    expectNoLeak(() => head.logProb(r, a));
    expectNoLeak(() => head.mode(r));
    expectNoLeak(() => head.sample(r, 3));
    expectNoLeak(() => head.metrics(r));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => bcLoss(head.logProb(x, a)), r));
    tf.dispose([r, a]);
  });
});
