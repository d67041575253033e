/**
 * Layer norm in the MLP (`Dense → ReLU → LayerNorm`, ReBRAC's critics) against an independent
 * float64 reference (test/helpers/reference/mlp64.ts), whose own hand-written gradient is first
 * checked against central finite differences. Both library paths are checked: the tape-free fast
 * path training uses (`forwardTrace` / `backward`, via `mlpLossGradients`, and the input gradient a
 * DDPG-style actor takes through a critic) and the autodiff path (`MLP.apply`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNetwork, criticsRole } from '../../src/agent/networks';
import { deserializeAgent, serializeAgent } from '../../src/agent/serialize';
import { layerNorm, MLP, mlpLossGradients } from '../../src/nets';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { mismatch, namedMlp, type Tolerance } from '../helpers/reference/compare64';
import { Random64, randomMlp64 } from '../helpers/reference/fixture64';
import { assignMlp64, mlpFrom64, readMlp64 } from '../helpers/reference/library-glue';
import { finiteDifferences64 } from '../helpers/reference/losses64';
import { backward64, flattenMlp64, forward64, unflattenMlp64, type Mlp64 } from '../helpers/reference/mlp64';

const IN = 4;
const HIDDEN = [6, 5];
const OUT = 2;
const B = 7;
/** float32 vs float64: observed ≤ 3e-7 absolute on cpu and wasm. */
const TOL: Tolerance = { atol: 1e-5, rtol: 1e-4 };

function fixture() {
  const rng = new Random64(99);
  const net = randomMlp64(rng, [IN, ...HIDDEN, OUT], { gain: 1.5, layerNorm: true });
  const x = rng.matrix(B, IN, -2, 2);
  // The loss Σ c ⊙ output²/2 + Σ d ⊙ output: ∂L/∂output = c ⊙ output + d.
  const c = rng.matrix(B, OUT, 0.5, 1.5);
  const d = rng.matrix(B, OUT, -1, 1);
  return { net, x, c, d };
}

function loss64(net: Mlp64, x: number[][], c: number[][], d: number[][]) {
  const trace = forward64(net, x);
  const out = trace.output;
  const loss = out.reduce((s, row, n) => s + row.reduce((t, o, j) => t + 0.5 * c[n][j] * o * o + d[n][j] * o, 0), 0);
  const dOut = out.map((row, n) => row.map((o, j) => c[n][j] * o + d[n][j]));
  const { grads, dx } = backward64(net, trace, dOut);
  return { loss, grad: flattenMlp64(grads), dx, output: out };
}

describe('float64 reference with layer norm', () => {
  it('has a hand-written gradient (parameters and input) equal to central finite differences', () => {
    const { net, x, c, d } = fixture();
    const r = loss64(net, x, c, d);
    const numeric = finiteDifferences64((p) => loss64(unflattenMlp64(p, net), x, c, d).loss, flattenMlp64(net));
    const m = mismatch({ g: r.grad }, { g: numeric }, { atol: 1e-7, rtol: 1e-6 });
    expect(m.score, m.worst).toBeLessThanOrEqual(1);
    const dxNumeric = finiteDifferences64((flat) => loss64(net, Array.from({ length: B }, (_, n) => flat.slice(n * IN, (n + 1) * IN)), c, d).loss, x.flat());
    const mx = mismatch({ dx: r.dx.flat() }, { dx: dxNumeric }, { atol: 1e-7, rtol: 1e-6 });
    expect(mx.score, mx.worst).toBeLessThanOrEqual(1);
  });
});

describe.each(TEST_BACKENDS)('MLP with layer norm on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));

  const libraryLoss = (c: tf.Tensor2D, d: tf.Tensor2D) => (outs: tf.Tensor2D[]) => tf.sum(tf.add(tf.mul(0.5, tf.mul(c, tf.square(outs[0]))), tf.mul(d, outs[0]))) as tf.Scalar;

  it('has layer-norm variables after each hidden layer, labelled, initialised to scale 1 and offset 0', () => {
    const mlp = new MLP({ inputDim: IN, hiddenDims: HIDDEN, outputDim: OUT, rng: new Rng(1), name: 'n', layerNorm: true });
    expect(mlp.variables.map((v) => v.shape)).toEqual([[IN, 6], [6], [6], [6], [6, 5], [5], [5], [5], [5, OUT], [OUT]]);
    expect(mlp.variableLabels()).toEqual([
      'layer 0 kernel', 'layer 0 bias', 'layer 0 norm scale', 'layer 0 norm offset',
      'layer 1 kernel', 'layer 1 bias', 'layer 1 norm scale', 'layer 1 norm offset',
      'layer 2 kernel', 'layer 2 bias',
    ]);
    expect(Array.from(mlp.variables[2].dataSync())).toEqual(new Array(6).fill(1));
    expect(Array.from(mlp.variables[3].dataSync())).toEqual(new Array(6).fill(0));
    mlp.dispose();
  });

  it('fast path (forwardTrace / backward): output, loss, every parameter gradient and ∂L/∂input equal the float64 reference', () => {
    const { net, x, c, d } = fixture();
    const ref = loss64(net, x, c, d);
    const mlp = mlpFrom64(net, { inputDim: IN, hiddenDims: HIDDEN, outputDim: OUT, name: 'ln', layerNorm: true });
    const before = tf.memory().numTensors;
    const [xt, ct, dt] = [tf.tensor2d(x), tf.tensor2d(c), tf.tensor2d(d)];
    const { loss, grads } = tf.tidy(() => mlpLossGradients([{ mlp, input: xt }], libraryLoss(ct, dt)));
    const flat = mlp.variables.flatMap((v) => Array.from(grads[v.name].dataSync()));
    // ∂L/∂input through the hand-written backward pass (what an actor's gradient through a critic uses).
    const dx = tf.tidy(() => {
      const trace = mlp.forwardTrace(xt);
      const dOut = tf.add(tf.mul(ct, trace.output), dt) as tf.Tensor2D;
      return mlp.backward(trace, dOut, { inputGrad: true, weightGrads: false }).dx!;
    });
    const output = tf.tidy(() => mlp.predict(xt));
    const got = { loss: [loss.dataSync()[0]], ...namedMlp('g', unflattenMlp64(flat, net)), dx: Array.from(dx.dataSync()), out: Array.from(output.dataSync()) };
    const want = { loss: [ref.loss], ...namedMlp('g', unflattenMlp64(ref.grad, net)), dx: ref.dx.flat(), out: ref.output.flat() };
    const m = mismatch(got, want, TOL);
    expect(m.score, m.worst).toBeLessThanOrEqual(1);
    tf.dispose([loss, ...Object.values(grads), dx, output, xt, ct, dt]);
    expect(tf.memory().numTensors).toBe(before);
    mlp.dispose();
  });

  it('autodiff path (MLP.apply): output and gradients equal the float64 reference', () => {
    const { net, x, c, d } = fixture();
    const ref = loss64(net, x, c, d);
    const mlp = mlpFrom64(net, { inputDim: IN, hiddenDims: HIDDEN, outputDim: OUT, name: 'ln', layerNorm: true });
    const [xt, ct, dt] = [tf.tensor2d(x), tf.tensor2d(c), tf.tensor2d(d)];
    const { value, grads } = tf.variableGrads(() => libraryLoss(ct, dt)([mlp.apply(xt)]), mlp.variables);
    const flat = mlp.variables.flatMap((v) => Array.from(grads[v.name].dataSync()));
    const m = mismatch({ loss: [value.dataSync()[0]], g: flat }, { loss: [ref.loss], g: ref.grad }, TOL);
    expect(m.score, m.worst).toBeLessThanOrEqual(1);
    tf.dispose([value, ...Object.values(grads), xt, ct, dt]);
    mlp.dispose();
  });

  it('fast path equals autodiff with dropout after the layer norm', () => {
    const mlp = new MLP({ inputDim: IN, hiddenDims: HIDDEN, outputDim: OUT, rng: new Rng(4), name: 'd', dropoutRate: 0.3, layerNorm: true });
    const { net } = fixture();
    assignMlp64(mlp, net);
    const x = tf.randomNormal([B, IN], 0, 1, 'float32', 5) as tf.Tensor2D;
    const c = tf.randomUniform([B, OUT], 0.5, 1.5, 'float32', 6) as tf.Tensor2D;
    const d = tf.randomNormal([B, OUT], 0, 1, 'float32', 7) as tf.Tensor2D;
    const auto = tf.variableGrads(() => libraryLoss(c, d)([mlp.apply(x, { dropoutSeed: 13 })]), mlp.variables);
    const fast = mlpLossGradients([{ mlp, input: x, dropoutSeed: 13 }], libraryLoss(c, d));
    const named = (g: tf.NamedTensorMap) => Object.fromEntries(mlp.variables.map((v) => [v.name, Array.from(g[v.name].dataSync())]));
    const m = mismatch({ ...named(fast.grads), loss: [fast.loss.dataSync()[0]] }, { ...named(auto.grads), loss: [auto.value.dataSync()[0]] }, TOL);
    expect(m.score, m.worst).toBeLessThanOrEqual(1);
    tf.dispose([auto.value, fast.loss, ...Object.values(auto.grads), ...Object.values(fast.grads), x, c, d]);
    mlp.dispose();
  });

  it('layerNorm() normalises rows, then scales and offsets', () => {
    const out = tf.tidy(() => layerNorm(tf.tensor2d([[1, 2, 3], [0, 0, 6]]), tf.tensor1d([1, 2, 1]), tf.tensor1d([0, 0, 10])).arraySync());
    const s = Math.sqrt(2 / 3 + 1e-6);
    const t = Math.sqrt(8 + 1e-6);
    const want = [[-1 / s, 0, 1 / s + 10], [-2 / t, -4 / t, 4 / t + 10]];
    out.forEach((row, n) => row.forEach((v, j) => expect(v).toBeCloseTo(want[n][j], 5)));
  });

  it('a critics record with layerNorm builds, saves and loads with its norm weights; a record without it has none; a bad value is rejected', () => {
    const space = { type: 'box' as const, low: [-1], high: [1] };
    const shape = { observationDim: 2, actionSpace: space };
    const arch = criticsRole(shape, [4, 4], 2, { layerNorm: true });
    expect(arch.layerNorm).toBe(true);
    expect('layerNorm' in criticsRole(shape, [4, 4])).toBe(false);
    const plain = buildNetwork(criticsRole(shape, [4, 4]), new Rng(0), 'c');
    const normed = buildNetwork(arch, new Rng(0), 'c');
    expect(normed.variables.length).toBe(plain.variables.length + 2 * 2 * 2);
    // Move the norm parameters away from their init, save, load: identical values.
    tf.tidy(() => normed.variables.forEach((v, i) => v.assign(tf.add(v, tf.fill(v.shape, 0.01 * (i + 1))))));
    const actor = buildNetwork({ kind: 'actor', inputDim: 2, actionSpace: space, hiddenDims: [4], head: { kind: 'deterministic' }, dropoutRate: 0 }, new Rng(1), 'actor');
    const spec = {
      algorithm: 'test', observationDim: 2, actionSpace: space, observationStats: null, config: {}, trainedSteps: 0,
      networks: { actor: { architecture: { kind: 'actor' as const, inputDim: 2, actionSpace: space, hiddenDims: [4], head: { kind: 'deterministic' as const }, dropoutRate: 0 } }, critics: { architecture: arch } },
    };
    const doc = JSON.parse(JSON.stringify(serializeAgent(spec, { actor, critics: normed })));
    const loaded = deserializeAgent(doc);
    expect(loaded.networks.critics.variables.map((v) => Array.from(v.dataSync()))).toEqual(normed.variables.map((v) => Array.from(v.dataSync())));
    const bad = JSON.parse(JSON.stringify(doc));
    bad.spec.networks.critics.architecture.layerNorm = 'yes';
    expect(() => deserializeAgent(bad)).toThrow(/layerNorm must be a boolean/);
    const dropped = JSON.parse(JSON.stringify(doc));
    delete dropped.spec.networks.critics.architecture.layerNorm;
    expect(() => deserializeAgent(dropped)).toThrow(/network 'critics' has 20 saved tensors, expected 12/);
    [plain, normed, actor].forEach((n) => n.dispose());
    Object.values(loaded.networks).forEach((n) => n.dispose());
  });

  it('readMlp64 round-trips a normed network', () => {
    const { net } = fixture();
    const mlp = mlpFrom64(net, { inputDim: IN, hiddenDims: HIDDEN, outputDim: OUT, name: 'r', layerNorm: true });
    const m = mismatch({ p: flattenMlp64(readMlp64(mlp, net)) }, { p: flattenMlp64(net) }, { atol: 0, rtol: 1e-7 });
    expect(m.score, m.worst).toBeLessThanOrEqual(1);
    mlp.dispose();
  });
});
