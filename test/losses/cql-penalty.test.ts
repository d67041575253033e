/**
 * cqlGaps / cqlPenalty / cqlAlphaPrimeLoss against values worked out by hand and against a float64
 * implementation written here from the formula, on both forms, both action spaces and the Lagrange
 * form; gradients flow only into the Q-values (log-probabilities and one-hot actions are constants),
 * and equal the float64 analytic gradient, itself checked by central finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cqlAlphaPrimeLoss, cqlGaps, cqlPenalty, type CqlContinuousArgs } from '../../src/losses';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, values } from '../helpers/tensor-expect';

const LOG2 = Math.log(2);

/** float64 `T·log Σ exp(x/T)`. */
function lse64(xs: number[], t = 1): number {
  const m = Math.max(...xs);
  return m + t * Math.log(xs.reduce((s, x) => s + Math.exp((x - m) / t), 0));
}

/** float64 continuous gap of one critic, from the published formula. */
function gap64(
  c: { data: number[]; unif: number[][]; pi: number[][]; lp: number[][]; next: number[][]; lpn: number[][] },
  d: number,
  form: 'importance-sampled' | 'uniform',
  t = 1,
  clip: [number, number] = [-Infinity, Infinity],
): number {
  const rows = c.data.map((q, b) => {
    const terms = c.unif[b].map((u) => u - d * Math.log(0.5));
    if (form === 'importance-sampled') {
      c.pi[b].forEach((p, j) => terms.push(p - c.lp[b][j]));
      c.next[b].forEach((p, j) => terms.push(p - c.lpn[b][j]));
    }
    return Math.min(clip[1], Math.max(clip[0], lse64(terms, t) - q));
  });
  return rows.reduce((s, x) => s + x, 0) / rows.length;
}

// Two critics, B = 3, n = 2, d = 2.
const D = 2;
const CRITICS = [
  { data: [0.5, -1, 2], unif: [[0.1, -0.4], [1.5, 0.2], [-2, 0.3]], pi: [[1, 0.5], [0.2, 0.9], [2.5, 1.1]], next: [[0.7, -0.3], [0.4, 0.4], [1.9, 2.2]] },
  { data: [0.2, -0.5, 1.5], unif: [[0.3, 0.1], [1.2, -0.6], [-1.5, 0.8]], pi: [[0.8, 0.4], [0.5, 0.6], [2.1, 1.4]], next: [[0.2, 0.1], [0.9, -0.2], [1.6, 2.5]] },
];
const LP = [[-1.2, 0.3], [-0.5, -2], [0.8, -0.1]];
const LPN = [[0.4, -0.7], [-1.1, 0.2], [-0.3, 1.3]];

function continuousArgs(): CqlContinuousArgs {
  return {
    dataQ: CRITICS.map((c) => tf.tensor1d(c.data)),
    uniformQ: CRITICS.map((c) => tf.tensor2d(c.unif)),
    policyQ: CRITICS.map((c) => tf.tensor2d(c.pi)),
    policyLogProbs: tf.tensor2d(LP),
    nextPolicyQ: CRITICS.map((c) => tf.tensor2d(c.next)),
    nextPolicyLogProbs: tf.tensor2d(LPN),
  };
}

function disposeArgs(args: CqlContinuousArgs): void {
  tf.dispose([...args.dataQ, ...args.uniformQ, ...(args.policyQ ?? []), ...(args.nextPolicyQ ?? []), args.policyLogProbs!, args.nextPolicyLogProbs!]);
}

const full = (k: number) => ({ ...CRITICS[k], lp: LP, lpn: LPN });

describe.each(TEST_BACKENDS)('cqlGaps and cqlPenalty (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  it('one state, one sample of each kind: worked by hand', () => {
    // d = 1: the uniform term is Q + log 2. All three terms equal log 2 → logsumexp = log 2 + log 3 = log 6.
    const args: CqlContinuousArgs = {
      dataQ: [tf.tensor1d([0.5])],
      uniformQ: [tf.tensor2d([[0]])],
      policyQ: [tf.tensor2d([[1 + LOG2]])],
      policyLogProbs: tf.tensor2d([[1]]),
      nextPolicyQ: [tf.tensor2d([[LOG2 - 2]])],
      nextPolicyLogProbs: tf.tensor2d([[-2]]),
    };
    const is = cqlGaps(args, { actionDim: 1 });
    expectClose(values(is), [Math.log(6) - 0.5]);
    // The uniform form: log 2 − 0.5 (only the uniform term).
    const uniform = cqlGaps(args, { actionDim: 1, form: 'uniform' });
    expectClose(values(uniform), [LOG2 - 0.5]);
    // Temperature 2 on three equal terms: 2·log(3·e^{log2/2}) = log 2 + 2 log 3.
    const warm = cqlGaps(args, { actionDim: 1, temperature: 2 });
    expectClose(values(warm), [LOG2 + 2 * Math.log(3) - 0.5]);
    // α·Σ_k gap_k with one critic.
    const p = cqlPenalty(is, { cqlAlpha: 10 });
    expectClose(values(p), [10 * (Math.log(6) - 0.5)]);
    tf.dispose([is, uniform, warm, p]);
    disposeArgs(args);
  });

  it.each(['importance-sampled', 'uniform'] as const)('%s form: two critics, a batch of 3, 2 samples each, d = 2, equals the float64 formula', (form) => {
    const args = continuousArgs();
    for (const [t, clip] of [
      [1, undefined],
      [0.5, undefined],
      [1, [-0.5, 1.2]],
    ] as const) {
      const gaps = cqlGaps(args, { actionDim: D, form, temperature: t, clipMin: clip?.[0], clipMax: clip?.[1] });
      const expected = [0, 1].map((k) => gap64(full(k), D, form, t, clip ? [clip[0], clip[1]] : undefined));
      expectClose(values(gaps), expected, { atol: 1e-5, rtol: 1e-5 });
      const penalty = cqlPenalty(gaps, { cqlAlpha: 5 });
      expectClose(values(penalty), [5 * (expected[0] + expected[1])], { atol: 1e-4, rtol: 1e-5 });
      tf.dispose([gaps, penalty]);
    }
    // The clip acts (the comparison above is not vacuous): without it the gaps differ.
    expect(gap64(full(0), D, form, 1, [-0.5, 1.2])).not.toBeCloseTo(gap64(full(0), D, form), 3);
    disposeArgs(args);
  });

  it('discrete: logsumexp_a Q(s, a) − Q(s, a_data), by hand', () => {
    const q = tf.tensor2d([[1, 2, 3], [0, 0, 0]]);
    const actions = tf.tensor2d([[1, 0, 0], [0, 0, 1]]);
    const gaps = cqlGaps({ allQ: [q], actions });
    const row0 = Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 1;
    const row1 = Math.log(3);
    expectClose(values(gaps), [(row0 + row1) / 2]);
    const warm = cqlGaps({ allQ: [q], actions }, { temperature: 2 });
    expectClose(values(warm), [(2 * Math.log(Math.exp(0.5) + Math.E + Math.exp(1.5)) - 1 + 2 * Math.log(3)) / 2]);
    // At T = 1 the gap is the mean negative log-likelihood of the data under softmax(Q).
    const nll = -(Math.log(Math.E / (Math.E + Math.E ** 2 + Math.E ** 3)) + Math.log(1 / 3)) / 2;
    expectClose(values(gaps), [nll]);
    const p = cqlPenalty(gaps, { cqlAlpha: 1 });
    expectClose(values(p), [nll]);
    tf.dispose([q, actions, gaps, warm, p]);
  });

  it("Lagrange: α'·α·Σ(gap − τ) for the critics, −α'·α·mean(gap − τ) for α', and each is constant in the other", () => {
    const gaps = tf.tensor1d([3, 4]);
    const alphaPrime = tf.scalar(2);
    const p = cqlPenalty(gaps, { cqlAlpha: 5, alphaPrime, targetGap: 1 });
    expectClose(values(p), [2 * 5 * (2 + 3)]);
    const l = cqlAlphaPrimeLoss(alphaPrime, gaps, { cqlAlpha: 5, targetGap: 1 });
    expectClose(values(l), [-2 * 5 * 2.5]);
    // Critic side: ∂/∂gaps = α'·α each, ∂/∂α' = 0 (α' is a constant of the critic loss).
    const [dGaps, dAlphaP] = tf.grads((g: tf.Tensor, ap: tf.Tensor) => cqlPenalty(g as tf.Tensor1D, { cqlAlpha: 5, alphaPrime: ap as tf.Scalar, targetGap: 1 }))([gaps, alphaPrime]);
    expectClose(values(dGaps), [10, 10]);
    expectClose(values(dAlphaP), [0]);
    // α' side: ∂/∂α' = −α·mean(gap − τ), ∂/∂gaps = 0 (the gaps are constants of the α' loss).
    const [dAp2, dGaps2] = tf.grads((ap: tf.Tensor, g: tf.Tensor) => cqlAlphaPrimeLoss(ap as tf.Scalar, g as tf.Tensor1D, { cqlAlpha: 5, targetGap: 1 }))([alphaPrime, gaps]);
    expectClose(values(dAp2), [-12.5]);
    expectClose(values(dGaps2), [0, 0]);
    // Below the target gap, gradient descent lowers α'.
    const low = tf.tensor1d([0.2, 0.4]);
    const dLow = tf.grad((ap: tf.Tensor) => cqlAlphaPrimeLoss(ap as tf.Scalar, low, { cqlAlpha: 5, targetGap: 1 }))(alphaPrime);
    expect(values(dLow)[0]).toBeGreaterThan(0);
    tf.dispose([gaps, alphaPrime, p, l, dGaps, dAlphaP, dAp2, dGaps2, low, dLow]);
  });

  it('gradient flows into the Q-values only, equal to the float64 gradient (softmax/B on samples, −1/B on data)', () => {
    const args = continuousArgs();
    const tensors = [...args.dataQ, ...args.uniformQ, ...args.policyQ!, ...args.nextPolicyQ!, args.policyLogProbs!, args.nextPolicyLogProbs!];
    const f = (...xs: tf.Tensor[]) => {
      const [d0, d1, u0, u1, p0, p1, n0, n1, lp, lpn] = xs;
      const g = cqlGaps(
        { dataQ: [d0, d1] as tf.Tensor1D[], uniformQ: [u0, u1] as tf.Tensor2D[], policyQ: [p0, p1] as tf.Tensor2D[], nextPolicyQ: [n0, n1] as tf.Tensor2D[], policyLogProbs: lp as tf.Tensor2D, nextPolicyLogProbs: lpn as tf.Tensor2D },
        { actionDim: D },
      );
      // Different weights per critic, so a gradient routed to the wrong critic shows.
      return tf.sum(tf.mul(g, tf.tensor1d([1, 3])));
    };
    const grads = tf.grads(f)(tensors).map((g) => values(g));
    // float64: flatten every input, differentiate the same weighted sum by central differences.
    const flat = [...CRITICS.map((c) => c.data), ...CRITICS.map((c) => c.unif.flat()), ...CRITICS.map((c) => c.pi.flat()), ...CRITICS.map((c) => c.next.flat()), LP.flat(), LPN.flat()];
    const objective = (xs: number[][]) => {
      const shape = (v: number[]) => [v.slice(0, 2), v.slice(2, 4), v.slice(4, 6)];
      const crit = (k: number) => ({ data: xs[k], unif: shape(xs[2 + k]), pi: shape(xs[4 + k]), next: shape(xs[6 + k]), lp: shape(xs[8]), lpn: shape(xs[9]) });
      return gap64(crit(0), D, 'importance-sampled') + 3 * gap64(crit(1), D, 'importance-sampled');
    };
    const h = 1e-6;
    const numeric = flat.map((v, i) =>
      v.map((_, j) => {
        const plus = flat.map((w, a) => (a === i ? w.map((x, b) => (b === j ? x + h : x)) : w));
        const minus = flat.map((w, a) => (a === i ? w.map((x, b) => (b === j ? x - h : x)) : w));
        return (objective(plus) - objective(minus)) / (2 * h);
      }),
    );
    grads.slice(0, 8).forEach((g, i) => expectClose(g, numeric[i], { atol: 1e-5, rtol: 1e-4 }));
    // Data Q: exactly −weight/B per row.
    expectClose(grads[0], [-1 / 3, -1 / 3, -1 / 3]);
    expectClose(grads[1], [-1, -1, -1]);
    // The log-probabilities are constants here, although the formula depends on them.
    expect(grads[8]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(grads[9]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(numeric[8].some((x) => Math.abs(x) > 1e-3)).toBe(true);
    disposeArgs(args);
  });

  it('discrete gradient: (softmax(Q) − onehot)/B into Q, nothing into the actions', () => {
    const q = tf.tensor2d([[1, 2, 3], [0, -1, 0.5]]);
    const actions = tf.tensor2d([[1, 0, 0], [0, 0, 1]]);
    const [dq, da] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(cqlGaps({ allQ: [x as tf.Tensor2D], actions: y as tf.Tensor2D })))([q, actions]);
    const softmax = (row: number[]) => row.map((v) => Math.exp(v) / row.reduce((s, w) => s + Math.exp(w), 0));
    const expected = [[1, 2, 3], [0, -1, 0.5]].flatMap((row, b) => softmax(row).map((p, j) => (p - (b === 0 ? [1, 0, 0] : [0, 0, 1])[j]) / 2));
    expectClose(values(dq), expected);
    expect(values(da)).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([q, actions, dq, da]);
  });

  it('rejects bad shapes and options naming the argument, and frees its intermediates', () => {
    const args = continuousArgs();
    expect(() => cqlGaps(args, {})).toThrow(/actionDim must be a positive integer/);
    expect(() => cqlGaps({ ...args, policyQ: undefined }, { actionDim: D })).toThrow(/policyQ must hold one \[B, n\] tensor per critic \(2\)/);
    expect(cqlGaps({ dataQ: args.dataQ, uniformQ: args.uniformQ }, { actionDim: D, form: 'uniform' }).shape).toEqual([2]);
    const wide = tf.zeros([3, 5]) as tf.Tensor2D;
    expect(() => cqlGaps({ ...args, nextPolicyQ: [wide, wide] }, { actionDim: D })).toThrow(/nextPolicyQ\[0\] must have shape \[3, 2\]/);
    expect(() => cqlGaps(args, { actionDim: D, temperature: 0 })).toThrow(/temperature must be a finite number > 0/);
    expect(() => cqlGaps(args, { actionDim: D, clipMin: 1, clipMax: 0 })).toThrow(/clipMin \(1\) must be below clipMax \(0\)/);
    const gaps = tf.tensor1d([1, 2]);
    expect(() => cqlPenalty(gaps, { cqlAlpha: -1 })).toThrow(/cqlAlpha must be a finite number >= 0/);
    expect(() => cqlPenalty(gaps, { cqlAlpha: 1, alphaPrime: tf.scalar(1) })).toThrow(/needs a finite targetGap/);
    expect(() => cqlGaps({ allQ: [tf.zeros([2, 3]) as tf.Tensor2D], actions: tf.zeros([2, 4]) as tf.Tensor2D })).toThrow(/allQ\[0\] shape \[2,3\] must match the one-hot actions' shape \[2,4\]/);
    expectNoLeak(() => {
      const g = cqlGaps(args, { actionDim: D, clipMin: -1 });
      const ap = tf.scalar(1.5);
      return [g, ap, cqlPenalty(g, { cqlAlpha: 2, alphaPrime: ap, targetGap: 0.5 }), cqlAlphaPrimeLoss(ap, g, { cqlAlpha: 2, targetGap: 1 })];
    });
    expectNoLeak(() => tf.grads((x: tf.Tensor) => cqlPenalty(cqlGaps({ ...args, dataQ: [x as tf.Tensor1D, args.dataQ[1]] }, { actionDim: D }), { cqlAlpha: 2 }))([args.dataQ[0]]));
    tf.dispose([wide, gaps]);
    disposeArgs(args);
  });
});
