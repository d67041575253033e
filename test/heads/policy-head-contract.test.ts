import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CategoricalHead,
  DeterministicHead,
  DiscretizedHead,
  GaussianHead,
  TanhGaussianHead,
  type PolicyHead,
} from '../../src/heads';
import { awrLoss, bcLoss } from '../../src/losses';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

const ACTION_DIM = 2;
const BATCH = 3;

/** Every box head, built fresh for each test. */
const BOX_HEADS: Array<[string, () => PolicyHead]> = [
  ['gaussian', () => new GaussianHead(ACTION_DIM, { name: 'contract' })],
  ['gaussian (state-dependent std)', () => new GaussianHead(ACTION_DIM, { stateDependentStd: true })],
  ['tanh-gaussian', () => new TanhGaussianHead(ACTION_DIM)],
  ['deterministic', () => new DeterministicHead(ACTION_DIM)],
  ['discretized', () => new DiscretizedHead(ACTION_DIM, { bins: 7 })],
];

/** Deterministic pseudo-random raw output [BATCH, width]. */
function rawFor(head: PolicyHead): tf.Tensor2D {
  const data = Array.from({ length: BATCH * head.inputDim }, (_, i) => Math.sin(1.7 * i + 0.3));
  return tf.tensor2d(data, [BATCH, head.inputDim]);
}

const ACTIONS = [
  [0.3, -0.6],
  [-1, 1],
  [0.95, 0],
];

describe.each(TEST_BACKENDS)('PolicyHead contract (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  it.each(BOX_HEADS)('%s: shapes, actionDim, finite log-probs and actions in [−1, 1]', (_, make) => {
    const head = make();
    expect(head.actionDim).toBe(ACTION_DIM);
    const raw = rawFor(head);
    const actions = tf.tensor2d(ACTIONS);
    const logp = head.logProb(raw, actions);
    expect(logp.shape).toEqual([BATCH]);
    expect(values(logp).every(Number.isFinite)).toBe(true);
    for (const out of [head.mode(raw), head.sample(raw, 11)]) {
      expect(out.shape).toEqual([BATCH, ACTION_DIM]);
      expect(out.dtype).toBe('float32');
      expect(values(out).every((x) => x >= -1 && x <= 1)).toBe(true);
      out.dispose();
    }
    if (head.entropy) {
      const h = head.entropy(raw);
      expect(h.shape).toEqual([BATCH]);
      h.dispose();
    }
    tf.dispose([raw, actions, logp]);
    head.dispose();
  });

  it.each(BOX_HEADS)('%s: BC and AWR gradients reach raw; mode is differentiable except for discretized', (kind, make) => {
    const head = make();
    const raw = rawFor(head);
    const actions = tf.tensor2d(ACTIONS);
    const weights = tf.tensor1d([1, 2, 0.5]);
    const gBc = gradOf((x: tf.Tensor2D) => bcLoss(head.logProb(x, actions)), raw);
    const gAwr = gradOf((x: tf.Tensor2D) => awrLoss(head.logProb(x, actions), weights), raw);
    expect(values(gBc).some((g) => g !== 0)).toBe(true);
    expect(values(gAwr).some((g) => g !== 0)).toBe(true);
    const gMode = gradOf((x: tf.Tensor2D) => tf.sum(head.mode(x) as tf.Tensor2D), raw);
    expect(values(gMode).some((g) => g !== 0)).toBe(kind !== 'discretized');
    tf.dispose([raw, actions, weights, gBc, gAwr, gMode]);
    head.dispose();
  });

  it.each(BOX_HEADS)('%s: frees its intermediates', (_, make) => {
    const head = make();
    const raw = rawFor(head);
    const actions = tf.tensor2d(ACTIONS);
    expectNoLeak(() => head.logProb(raw, actions));
    expectNoLeak(() => head.mode(raw));
    expectNoLeak(() => head.sample(raw, 3));
    expectNoLeak(() => head.metrics(raw));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => bcLoss(head.logProb(x, actions)), raw));
    tf.dispose([raw, actions]);
    head.dispose();
  });

  it('categorical: actionDim 1 and int32 indices', () => {
    const head: PolicyHead = new CategoricalHead(4);
    expect(head.actionDim).toBe(1);
    const raw = rawFor(head);
    const mode = head.mode(raw);
    expect(mode.dtype).toBe('int32');
    expect(mode.shape).toEqual([BATCH]);
    tf.dispose([raw, mode]);
  });
});
