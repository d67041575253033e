import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { GaussianHead } from '../../src/heads/gaussian-head';
import { TanhGaussianHead } from '../../src/heads/tanh-gaussian-head';
import { DeterministicHead } from '../../src/heads/deterministic-head';
import { acBcLoss, awrLoss, bcLoss, cqlGaps, cqlPenalty, expectileLoss, mseBcLoss, tdLoss } from '../../src/losses';
import { acBcLossGradients, cqlCriticLossGradients, expectileLossGradients, tdLossGradients, type LossGradients } from '../../src/losses/loss-gradients';
import { actorThroughCriticsGradients } from '../../src/nets/actor-critic-gradients';
import { MLP } from '../../src/nets/mlp';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose } from '../helpers/tensor-expect';

/** Values of each tensor of a closed form: the loss, then the output gradients, then the extras. */
function valuesOf(closed: LossGradients | null): Float32Array[] {
  if (closed === null) throw new Error('the closed form did not run');
  return [closed.loss, ...closed.outputs, ...closed.extras].map((t) => t.dataSync() as Float32Array);
}

/** The same, differentiated on the tape: loss, then the gradients of `xs` in order. */
function tapeValues(loss: (...xs: tf.Tensor[]) => tf.Scalar, xs: tf.Tensor[]): Float32Array[] {
  const { value, grads } = tf.valueAndGrads(loss)(xs);
  return [value, ...grads].map((t) => t.dataSync() as Float32Array);
}

/** Within `rtol` of the reference's largest magnitude, element by element (near-zero entries included). */
function expectNormClose(actual: Float32Array, expected: Float32Array, rtol: number): void {
  const scale = Math.max(...Array.from(expected, Math.abs));
  expectClose(actual, expected, { atol: rtol * scale, rtol: 0 });
}

const column = (t: tf.Tensor): tf.Tensor1D => tf.reshape(t, [-1]);

describe.each(TEST_BACKENDS)('closed-form loss gradients on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));
  afterEach(() => setFusedKernelsEnabled(true));

  // B = 256 (a power of two, as in training) and 100 (1/B is rounded in float32).
  it.each([256, 100])('tdLossGradients gives the tape gradients of tdLoss bit for bit (B = %i, one and two critics)', (size) => {
    tf.tidy(() => {
      const y = tf.randomNormal([size], 0, 3, 'float32', 1) as tf.Tensor1D;
      const qs = [tf.randomNormal([size, 1], 0, 3, 'float32', 2), tf.randomNormal([size, 1], 0, 3, 'float32', 3)];
      // A few rows where a critic equals the target exactly.
      const q0 = tf.concat([tf.reshape(tf.slice(y, 0, 4), [4, 1]), tf.slice(qs[0], [4, 0], [size - 4, 1])]);
      for (const outputs of [[q0], [q0, qs[1]]]) {
        const closed = valuesOf(tdLossGradients(outputs, y));
        const tape = tapeValues((...xs) => tdLoss(xs.map(column), y), outputs);
        for (let k = 1; k < tape.length; k++) expect(Array.from(closed[k])).toEqual(Array.from(tape[k]));
        expectClose(closed[0], tape[0], { atol: 0, rtol: 1e-6 });
      }
    });
  });

  it.each([256, 100])('expectileLossGradients gives the tape gradient of expectileLoss bit for bit (B = %i)', (size) => {
    tf.tidy(() => {
      const q = tf.randomNormal([size], 0, 2, 'float32', 4) as tf.Tensor1D;
      // Residuals of both signs, and exact zeros (u = 0 takes the weight τ, as tf.step(−0) = 0).
      const v = tf.concat([tf.reshape(tf.slice(q, 0, 5), [5, 1]), tf.randomNormal([size - 5, 1], 0, 2, 'float32', 5)]);
      for (const tau of [0.7, 0.9, 0.5]) {
        const closed = valuesOf(expectileLossGradients(v, q, tau));
        const tape = tapeValues((x) => expectileLoss(tf.sub(q, column(x)), tau) as tf.Scalar, [v]);
        expect(Array.from(closed[1])).toEqual(Array.from(tape[1]));
        expectClose(closed[0], tape[0], { atol: 0, rtol: 1e-6 });
      }
    });
  });

  it('GaussianHead.nllGradients equals the tape gradients of the BC and AWR losses (raw and log-std, clipped entries included)', () => {
    const head = new GaussianHead(3);
    // One log-std below its lower clip (no gradient), one on the upper bound (gradient passes), one inside.
    head.logStd.assign(tf.tensor1d([-6, 2, 0.3]));
    tf.tidy(() => {
      const size = 64;
      const raw = tf.randomNormal([size, 3], 0, 1.5, 'float32', 6) as tf.Tensor2D;
      const actions = tf.clipByValue(tf.randomNormal([size, 3], 0, 0.7, 'float32', 7), -1, 1) as tf.Tensor2D;
      const weights = tf.exp(tf.randomNormal([size], 0, 1, 'float32', 8)) as tf.Tensor1D;
      const cases: Array<[LossGradients | null, Float32Array[]]> = [
        [head.nllGradients(raw, actions), tapeValues((r) => bcLoss(head.logProb(r as tf.Tensor2D, actions)), [raw, head.logStd])],
        [head.nllGradients(raw, actions, weights), tapeValues((r) => awrLoss(head.logProb(r as tf.Tensor2D, actions), weights), [raw, head.logStd])],
      ];
      for (const [closedForm, tape] of cases) {
        const closed = valuesOf(closedForm);
        expect(closed.map((x) => x.length)).toEqual([1, size * 3, 3]);
        closed.forEach((values, i) => expectNormClose(values, tape[i], 1e-5));
        expect(closed[2][0]).toBe(0); // clipped below: no gradient
        expect(Math.abs(closed[2][1])).toBeGreaterThan(0); // on the bound: the gradient passes
      }
    });
    head.dispose();
  });

  it('acBcLossGradients equals the tape gradients of acBcLoss over min_k Q_k (one and two critics, ties, with and without normalisation)', () => {
    tf.tidy(() => {
      const size = 50;
      const pi = tf.tanh(tf.randomNormal([size, 3], 0, 1, 'float32', 9)) as tf.Tensor2D;
      const a = tf.clipByValue(tf.randomNormal([size, 3], 0, 0.6, 'float32', 10), -1, 1) as tf.Tensor2D;
      const q1 = tf.randomNormal([size, 1], 5, 3, 'float32', 11);
      // The second critic ties the first on 5 rows (the gradient goes to the first, as tf.minimum's).
      const q2 = tf.concat([tf.slice(q1, [0, 0], [5, 1]), tf.randomNormal([size - 5, 1], 5, 3, 'float32', 12)]);
      const cases: Array<[tf.Tensor[], { qWeight?: number; alpha?: number; normalizeQ?: boolean }]> = [
        [[q1], { qWeight: 2.5, alpha: 1, normalizeQ: true }],
        [[q1, q2], { alpha: 0.1, normalizeQ: true }],
        [[q1, q2], { qWeight: 0.7, alpha: 3, normalizeQ: false }],
      ];
      for (const [qs, options] of cases) {
        const closed = valuesOf(acBcLossGradients(pi, a, qs, options));
        const tape = tapeValues(
          (p, ...q) => acBcLoss({ q: q.map(column).reduce((x, y) => tf.minimum(x, y)), bc: mseBcLoss(p as tf.Tensor2D, a) }, options),
          [pi, ...qs],
        );
        expect(closed.length).toBe(tape.length);
        closed.forEach((values, i) => expectNormClose(values, tape[i], 1e-5));
      }
    });
  });

  it('cqlCriticLossGradients equals the tape gradients of tdLoss + cqlPenalty(cqlGaps) (both forms, temperature, clip, Lagrange)', () => {
    tf.tidy(() => {
      const [size, n, actionDim] = [12, 3, 2];
      const rows = size * (1 + 3 * n);
      const y = tf.randomNormal([size], 0, 2, 'float32', 15) as tf.Tensor1D;
      const outputs = [tf.randomNormal([rows, 1], 0, 2, 'float32', 16), tf.randomNormal([rows, 1], 0, 2, 'float32', 17)];
      const logPi = tf.randomNormal([size, n], -1, 1, 'float32', 18) as tf.Tensor2D;
      const logPiNext = tf.randomNormal([size, n], -1, 1, 'float32', 19) as tf.Tensor2D;
      const alphaPrime = tf.scalar(1.7);
      // The first critic's per-row differences logsumexp − Q(s, a); clipping near their quartiles
      // leaves 3 of the 12 rows below, 3 above (no gradient there) and 6 inside.
      const [data, uniform, policy, next] = tf.split(tf.reshape(outputs[0], [-1]), [size, size * n, size * n, size * n]);
      const terms = tf.concat([tf.sub(tf.reshape(uniform, [size, n]), actionDim * Math.log(0.5)), tf.sub(tf.reshape(policy, [size, n]), logPi), tf.sub(tf.reshape(next, [size, n]), logPiNext)], 1);
      const differences = Array.from(tf.sub(tf.logSumExp(terms, 1), data).dataSync()).sort((p, q) => p - q);
      // Bounds between two rows' values: a row exactly on a bound would compare differently in
      // float64 (here) and float32 (the tape).
      const [clipMin, clipMax] = [(differences[2] + differences[3]) / 2, (differences[8] + differences[9]) / 2];
      const cases = [
        { gaps: { actionDim }, penalty: { cqlAlpha: 5 } },
        { gaps: { actionDim, form: 'uniform' as const, temperature: 0.5 }, penalty: { cqlAlpha: 1 } },
        { gaps: { actionDim, clipMin, clipMax }, penalty: { cqlAlpha: 2, alphaPrime, targetGap: 0.8 } },
      ];
      for (const { gaps, penalty } of cases) {
        const tapeLoss = (...qs: tf.Tensor[]) => {
          const blocks = qs.map((q) => tf.split(tf.reshape(q, [-1]), [size, size * n, size * n, size * n]) as tf.Tensor1D[]);
          const asSamples = (q: tf.Tensor1D) => tf.reshape(q, [size, n]) as tf.Tensor2D;
          const g = cqlGaps(
            {
              dataQ: blocks.map(([q]) => q),
              uniformQ: blocks.map(([, q]) => asSamples(q)),
              policyQ: blocks.map(([, , q]) => asSamples(q)),
              policyLogProbs: logPi,
              nextPolicyQ: blocks.map(([, , , q]) => asSamples(q)),
              nextPolicyLogProbs: logPiNext,
            },
            gaps,
          );
          return tf.add(tdLoss(blocks.map(([q]) => q), y), cqlPenalty(g, penalty)) as tf.Scalar;
        };
        const closed = cqlCriticLossGradients({ outputs, target: y, samples: n, policyLogProbs: logPi, nextPolicyLogProbs: logPiNext }, gaps, penalty);
        const values = valuesOf(closed);
        const tape = tapeValues(tapeLoss, outputs);
        values.forEach((v, i) => expectNormClose(v, tape[i], 1e-5));
        expect(closed!.gaps.shape).toEqual([2]);
      }
    });
  });

  it("TanhGaussianHead.sampleValues and sampleGradient equal sampleWithLogProb's values and tape gradients (clipped log-stds included)", () => {
    const head = new TanhGaussianHead(2, { logStdMin: -3, logStdMax: 1 });
    tf.tidy(() => {
      const size = 40;
      // Log-std columns spread over both clips; mean columns over the tanh's flat parts too.
      const raw = tf.concat([tf.randomNormal([size, 2], 0, 2, 'float32', 20), tf.randomNormal([size, 2], -1, 2.5, 'float32', 21)], 1) as tf.Tensor2D;
      const seed = 77;
      const fused = head.sampleValues(raw, seed);
      const taped = head.sampleWithLogProb(raw, seed);
      expectNormClose(fused.actions.dataSync() as Float32Array, taped.actions.dataSync() as Float32Array, 1e-6);
      expectNormClose(fused.logProb.dataSync() as Float32Array, taped.logProb.dataSync() as Float32Array, 1e-6);
      const dActions = tf.randomNormal([size, 2], 0, 1, 'float32', 22) as tf.Tensor2D;
      const weight = tf.scalar(0.3);
      const gradient = head.sampleGradient(raw, seed, dActions, weight);
      const tape = tf.grad((r: tf.Tensor) => {
        const { actions, logProb } = head.sampleWithLogProb(r as tf.Tensor2D, seed);
        return tf.add(tf.sum(tf.mul(actions, dActions)), tf.mul(tf.sum(logProb), weight)) as tf.Scalar;
      })(raw);
      expectNormClose(gradient!.dataSync() as Float32Array, tape.dataSync() as Float32Array, 1e-5);
      // Some log-stds lie outside the clip: their gradient is exactly zero on both paths.
      const outside = Array.from(tf.slice(raw, [0, 2], [-1, 2]).dataSync()).filter((x) => x < -3 || x > 1).length;
      expect(outside).toBeGreaterThan(0);
      const logProbOnly = head.sampleGradient(raw, seed, undefined, weight);
      const tapeLogProb = tf.grad((r: tf.Tensor) => tf.mul(tf.sum(head.sampleWithLogProb(r as tf.Tensor2D, seed).logProb), weight) as tf.Scalar)(raw);
      expectNormClose(logProbOnly!.dataSync() as Float32Array, tapeLogProb.dataSync() as Float32Array, 1e-5);
    });
  });

  it('a TD3+BC actor step with the closed forms gives the gradients of the taped step', () => {
    const rng = new Rng(3);
    const actor = new MLP({ inputDim: 4, hiddenDims: [16, 16], outputDim: 2, rng, name: 'actor' });
    const critic = new MLP({ inputDim: 6, hiddenDims: [16, 16], outputDim: 1, rng, name: 'critic' });
    const head = new DeterministicHead(2);
    tf.tidy(() => {
      const s = tf.randomNormal([32, 4], 0, 1, 'float32', 13) as tf.Tensor2D;
      const a = tf.clipByValue(tf.randomNormal([32, 2], 0, 0.5, 'float32', 14), -1, 1) as tf.Tensor2D;
      const options = { qWeight: 2.5, alpha: 1, normalizeQ: true };
      const base = { actor, observations: s, toActions: (raw: tf.Tensor2D) => head.mode(raw), critics: [critic], loss: (pi: tf.Tensor2D, [q]: tf.Tensor1D[]) => acBcLoss({ q, bc: mseBcLoss(pi, a) }, options) };
      const taped = actorThroughCriticsGradients(base);
      const closed = actorThroughCriticsGradients({
        ...base,
        closedForm: (pi, qs) => acBcLossGradients(pi, a, qs, options),
        actionsGradient: (raw, pi, dPi) => head.modeGradient(raw, pi, dPi),
      });
      expectNormClose(closed.loss.dataSync() as Float32Array, taped.loss.dataSync() as Float32Array, 1e-5);
      for (const v of actor.variables) expectNormClose(closed.grads[v.name].dataSync() as Float32Array, taped.grads[v.name].dataSync() as Float32Array, 1e-5);
    });
    actor.dispose();
    critic.dispose();
  });

  it('is null where the fused kernels are off, or the outputs are not one column', () => {
    const head = new GaussianHead(2);
    const stateDependent = new GaussianHead(2, { stateDependentStd: true });
    tf.tidy(() => {
      const y = tf.zeros([8]) as tf.Tensor1D;
      expect(tdLossGradients([tf.zeros([8, 3])], y)).toBeNull(); // discrete critic outputs
      expect(stateDependent.nllGradients(tf.zeros([8, 4]) as tf.Tensor2D, tf.zeros([8, 2]) as tf.Tensor2D)).toBeNull();
      setFusedKernelsEnabled(false);
      expect(tdLossGradients([tf.zeros([8, 1])], y)).toBeNull();
      expect(expectileLossGradients(tf.zeros([8, 1]), y, 0.7)).toBeNull();
      expect(head.nllGradients(tf.zeros([8, 2]) as tf.Tensor2D, tf.zeros([8, 2]) as tf.Tensor2D)).toBeNull();
      expect(acBcLossGradients(tf.zeros([8, 2]) as tf.Tensor2D, tf.zeros([8, 2]) as tf.Tensor2D, [tf.zeros([8, 1])])).toBeNull();
      expect(cqlCriticLossGradients({ outputs: [tf.zeros([8 * 7, 1])], target: y, samples: 2 }, { actionDim: 2, form: 'uniform' }, { cqlAlpha: 1 })).toBeNull();
    });
    head.dispose();
    stateDependent.dispose();
  });

  it('leaks no tensors', () => {
    const head = new GaussianHead(2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        tdLossGradients([tf.ones([4, 1]), tf.zeros([4, 1])], tf.zeros([4]) as tf.Tensor1D);
        expectileLossGradients(tf.ones([4, 1]), tf.zeros([4]) as tf.Tensor1D, 0.7);
        head.nllGradients(tf.zeros([4, 2]) as tf.Tensor2D, tf.zeros([4, 2]) as tf.Tensor2D, tf.ones([4]) as tf.Tensor1D);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    head.dispose();
  });
});
