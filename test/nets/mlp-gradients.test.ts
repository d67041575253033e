import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GaussianHead } from '../../src/heads';
import { awrLoss, tdLoss } from '../../src/losses';
import { Learner } from '../../src/nets/learner';
import { MLP } from '../../src/nets/mlp';
import { mlpLossGradients } from '../../src/nets/mlp-gradients';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose } from '../helpers/tensor-expect';

/** Relative 1e-5, with an absolute floor of 1e-7 × the array's largest magnitude (entries near 0). */
const expectRelClose = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expectClose(a, b, { atol: 1e-7 * Math.max(...Array.from(b, Math.abs), 1e-6), rtol: 1e-5 });

describe.each(TEST_BACKENDS)('hand-written MLP backprop on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));

  it('equals autodiff through MLP.apply: two networks, dropout, and an extra variable', () => {
    const rng = new Rng(3);
    const actor = new MLP({ inputDim: 5, hiddenDims: [16, 12], outputDim: 3, rng, name: 'a', dropoutRate: 0.2 });
    const critic = new MLP({ inputDim: 5, hiddenDims: [8], outputDim: 1, rng, name: 'c' });
    const head = new GaussianHead(3);
    tf.tidy(() => head.logStd.assign(tf.tensor1d([0.3, -0.2, 0.1])));
    const x = tf.randomNormal([9, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const a = tf.clipByValue(tf.randomNormal([9, 3], 0, 0.5, 'float32', 2), -0.9, 0.9) as tf.Tensor2D;
    const w = tf.randomUniform([9], 0.5, 2, 'float32', 3) as tf.Tensor1D;
    const y = tf.randomNormal([9], 0, 1, 'float32', 4) as tf.Tensor1D;
    const loss = ([raw, q]: tf.Tensor2D[]) => tf.add(awrLoss(head.logProb(raw, a), w), tdLoss([tf.reshape(q, [-1]) as tf.Tensor1D], y)) as tf.Scalar;
    const vars = [...actor.variables, ...critic.variables, head.logStd];
    const auto = tf.variableGrads(() => loss([actor.apply(x, { dropoutSeed: 11 }), critic.apply(x)]), vars);
    const manual = mlpLossGradients([{ mlp: actor, input: x, dropoutSeed: 11 }, { mlp: critic, input: x }], loss, [head.logStd]);
    expectRelClose(manual.loss.dataSync(), auto.value.dataSync());
    for (const v of vars) expectRelClose(manual.grads[v.name].dataSync(), auto.grads[v.name].dataSync());
    tf.dispose([auto.value, manual.loss, ...Object.values(auto.grads), ...Object.values(manual.grads), x, a, w, y]);
    actor.dispose();
    critic.dispose();
    head.dispose();
  });

  it('a Learner step via stepMLP updates the parameters exactly as a step via variableGrads, leaking nothing', () => {
    const run = (manual: boolean) => {
      const net = new MLP({ inputDim: 4, hiddenDims: [8, 8], outputDim: 1, rng: new Rng(5), name: 'v' });
      const learner = new Learner(net.variables, 1e-2);
      const x = tf.randomNormal([6, 4], 0, 1, 'float32', 7) as tf.Tensor2D;
      const y = tf.randomNormal([6], 0, 1, 'float32', 8) as tf.Tensor1D;
      const lossOf = (out: tf.Tensor2D) => tdLoss([tf.reshape(out, [-1]) as tf.Tensor1D], y);
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const l = manual ? learner.stepMLP([{ mlp: net, input: x }], ([o]) => lossOf(o)) : learner.step(() => lossOf(net.apply(x)));
        losses.push(l.dataSync()[0]);
        l.dispose();
      }
      const params = net.variables.map((v) => v.dataSync().slice());
      learner.dispose();
      net.dispose();
      tf.dispose([x, y]);
      return { losses, params };
    };
    const before = tf.memory().numTensors;
    const a = run(true);
    const b = run(false);
    expectRelClose(a.losses, b.losses);
    a.params.forEach((p, i) => expectRelClose(p, b.params[i]));
    expect(tf.memory().numTensors).toBe(before);
  });
  it('backward with inputColumns gives exactly those columns of ∂L/∂x, and rejects columns outside the input', () => {
    const critic = new MLP({ inputDim: 7, hiddenDims: [16, 12], outputDim: 1, rng: new Rng(8), name: 'c' });
    const x = tf.randomNormal([10, 7], 0, 1, 'float32', 9) as tf.Tensor2D;
    const dOut = tf.randomNormal([10, 1], 0, 1, 'float32', 10) as tf.Tensor2D;
    const trace = critic.forwardTrace(x);
    // Without a tidy, backward keeps its intermediate products; the kernel's rows must not be among them.
    const tensorsAfter = (f: () => tf.Tensor | null) => {
      const before = tf.memory().numTensors;
      const t = f()!;
      return { t, added: tf.memory().numTensors - before };
    };
    const all = tensorsAfter(() => critic.backward(trace, dOut, { inputGrad: true, weightGrads: false }).dx);
    const some = tensorsAfter(() => critic.backward(trace, dOut, { inputGrad: true, weightGrads: false, inputColumns: { begin: 4, size: 3 } }).dx);
    expect(some.added).toBe(all.added);
    expect(some.t.shape).toEqual([10, 3]);
    // Each element is the same sum in the same order: equal bit for bit, not only close.
    const full = all.t.arraySync() as number[][];
    expect(some.t.arraySync()).toEqual(full.map((row) => row.slice(4, 7)));
    expect(() => critic.backward(trace, dOut, { inputGrad: true, inputColumns: { begin: 5, size: 3 } })).toThrow(/inputColumns \[5, 5 \+ 3\) is not within the 7 input columns/);
    tf.dispose([x, dOut]);
    critic.dispose();
  });
  it('a call that brings its forward trace gives the same loss and gradients without a second forward pass', () => {
    const actor = new MLP({ inputDim: 5, hiddenDims: [16, 12], outputDim: 3, rng: new Rng(12), name: 'a' });
    const x = tf.randomNormal([9, 5], 0, 1, 'float32', 13) as tf.Tensor2D;
    const y = tf.randomNormal([9, 3], 0, 1, 'float32', 14) as tf.Tensor2D;
    const loss = ([out]: tf.Tensor2D[]) => tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
    const fresh = mlpLossGradients([{ mlp: actor, input: x }], loss);
    const trace = actor.forwardTrace(x);
    const forward = vi.spyOn(actor, 'forwardTrace');
    const reused = mlpLossGradients([{ mlp: actor, input: x, trace }], loss);
    expect(forward).not.toHaveBeenCalled();
    forward.mockRestore();
    expect(reused.loss.dataSync()).toEqual(fresh.loss.dataSync());
    for (const v of actor.variables) expect(reused.grads[v.name].dataSync()).toEqual(fresh.grads[v.name].dataSync());
    tf.dispose([x, y, fresh.loss, reused.loss, ...Object.values(fresh.grads), ...Object.values(reused.grads)]);
    actor.dispose();
  });
});
