import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DeterministicHead, TanhGaussianHead } from '../../src/heads';
import { acBcLoss, mseBcLoss } from '../../src/losses';
import { actorThroughCriticsGradients } from '../../src/nets/actor-critic-gradients';
import { Learner } from '../../src/nets/learner';
import { MLP } from '../../src/nets/mlp';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose } from '../helpers/tensor-expect';

/** Relative 1e-5, with an absolute floor of 1e-6 × the array's largest magnitude (entries near 0). */
const expectRelClose = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expectClose(a, b, { atol: 1e-6 * Math.max(...Array.from(b, Math.abs), 1e-6), rtol: 1e-5 });

function setup(dropoutRate: number) {
  const rng = new Rng(21);
  const [obsDim, actDim, batch] = [5, 3, 11];
  const actor = new MLP({ inputDim: obsDim, hiddenDims: [16, 12], outputDim: actDim, rng, name: 'actor', dropoutRate });
  const critics = [0, 1].map((k) => new MLP({ inputDim: obsDim + actDim, hiddenDims: [10, 9], outputDim: 1, rng, name: `q${k}` }));
  const head = new DeterministicHead(actDim);
  const s = tf.randomNormal([batch, obsDim], 0, 1, 'float32', 1) as tf.Tensor2D;
  const a = tf.clipByValue(tf.randomNormal([batch, actDim], 0, 0.5, 'float32', 2), -0.9, 0.9) as tf.Tensor2D;
  const loss = (pi: tf.Tensor2D, qs: tf.Tensor1D[]) =>
    acBcLoss({ q: qs.reduce((x, y) => tf.minimum(x, y)), bc: mseBcLoss(pi, a) }, { qWeight: 2.5, alpha: 1, normalizeQ: true });
  const dispose = () => {
    [actor, ...critics].forEach((m) => m.dispose());
    tf.dispose([s, a]);
  };
  return { actor, critics, head, s, a, loss, dispose };
}

/** Seed of the reparameterised sample ã = tanh(μ + σ·ε): the same ε in `toActions` and in the loss. */
const SAC_SEED = 31;
const SAC_ALPHA = 0.2;

/**
 * A SAC-style actor: a TanhGaussianHead with state-dependent std (raw = [means | log-stds], width
 * 2·actionDim) over the same observations and twin critics as {@link setup}.
 */
function sacSetup() {
  const rng = new Rng(23);
  const [obsDim, actDim, batch] = [5, 3, 11];
  const head = new TanhGaussianHead(actDim, { logStdMin: -20, logStdMax: 2 });
  const actor = new MLP({ inputDim: obsDim, hiddenDims: [16, 12], outputDim: head.inputDim, rng, name: 'sac_actor' });
  const critics = [0, 1].map((k) => new MLP({ inputDim: obsDim + actDim, hiddenDims: [10, 9], outputDim: 1, rng, name: `sac_q${k}` }));
  const s = tf.randomNormal([batch, obsDim], 0, 1, 'float32', 3) as tf.Tensor2D;
  const toActions = (raw: tf.Tensor2D) => head.sampleWithLogProb(raw, SAC_SEED).actions;
  const minQ = (qs: tf.Tensor1D[]) => qs.reduce((x, y) => tf.minimum(x, y));
  /** mean(α·log π(ã|s) − min_k Q_k(s, ã)), log π recomputed from raw with the sample's seed. */
  const sacLoss = (raw: tf.Tensor2D, qs: tf.Tensor1D[]) =>
    tf.mean(tf.sub(tf.mul(SAC_ALPHA, head.sampleWithLogProb(raw, SAC_SEED).logProb), minQ(qs))) as tf.Scalar;
  /** −mean(min_k Q_k(s, ã)): a loss that reads neither the actions nor raw directly. */
  const qOnlyLoss = (_raw: tf.Tensor2D, qs: tf.Tensor1D[]) => tf.neg(tf.mean(minQ(qs))) as tf.Scalar;
  /** The composed loss with autodiff over the actor's variables: actor → sample → critics → loss. */
  const autodiff = (loss: (raw: tf.Tensor2D, qs: tf.Tensor1D[]) => tf.Scalar) =>
    tf.variableGrads(() => {
      const raw = actor.apply(s);
      const input = tf.concat([s, toActions(raw)], 1) as tf.Tensor2D;
      return loss(raw, critics.map((c) => tf.reshape(c.apply(input, { inputGrad: true }), [-1]) as tf.Tensor1D));
    }, actor.variables);
  const manual = (loss: (raw: tf.Tensor2D, qs: tf.Tensor1D[]) => tf.Scalar) =>
    // tidy: toActions' log π (discarded) and the traces are freed; the loss and grads are kept.
    tf.tidy(() => actorThroughCriticsGradients({ actor, observations: s, toActions, critics, loss: (_a, qs, _obs, { raw }) => loss(raw, qs) }));
  const dispose = () => {
    [actor, ...critics].forEach((m) => m.dispose());
    s.dispose();
  };
  return { actor, critics, head, s, toActions, sacLoss, qOnlyLoss, autodiff, manual, dispose };
}

describe.each(TEST_BACKENDS)('actor gradients through critics, by hand, on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));

  for (const dropoutRate of [0, 0.25]) {
    it(`equal autodiff through actor and both critics (min of twins, TD3+BC loss, dropout ${dropoutRate})`, () => {
      const { actor, critics, head, s, loss, dispose } = setup(dropoutRate);
      const seed = dropoutRate > 0 ? 17 : undefined;
      const auto = tf.variableGrads(() => {
        const pi = head.mode(actor.apply(s, { dropoutSeed: seed })) as tf.Tensor2D;
        const input = tf.concat([s, pi], 1) as tf.Tensor2D;
        return loss(pi, critics.map((c) => tf.reshape(c.apply(input, { inputGrad: true }), [-1]) as tf.Tensor1D));
      }, actor.variables);
      const manual = actorThroughCriticsGradients({ actor, observations: s, dropoutSeed: seed, toActions: (raw) => head.mode(raw) as tf.Tensor2D, critics, loss });
      expectRelClose(manual.loss.dataSync(), auto.value.dataSync());
      expect(Object.keys(manual.grads).sort()).toEqual(actor.variables.map((v) => v.name).sort());
      for (const v of actor.variables) expectRelClose(manual.grads[v.name].dataSync(), auto.grads[v.name].dataSync());
      // The critics' weights are untouched and get no gradient.
      tf.dispose([auto.value, manual.loss, ...Object.values(auto.grads), ...Object.values(manual.grads)]);
      dispose();
    });
  }

  it('an actor trace brought by the caller gives the same loss and gradients without a second actor pass', () => {
    const { actor, critics, head, s, loss, dispose } = setup(0);
    const args = { actor, observations: s, toActions: (raw: tf.Tensor2D) => head.mode(raw) as tf.Tensor2D, critics, loss };
    const fresh = tf.tidy(() => actorThroughCriticsGradients(args));
    const trace = actor.forwardTrace(s);
    const forward = vi.spyOn(actor, 'forwardTrace');
    const reused = tf.tidy(() => actorThroughCriticsGradients({ ...args, trace }));
    expect(forward).not.toHaveBeenCalled();
    forward.mockRestore();
    expect(reused.loss.dataSync()).toEqual(fresh.loss.dataSync());
    for (const v of actor.variables) expect(reused.grads[v.name].dataSync()).toEqual(fresh.grads[v.name].dataSync());
    tf.dispose([fresh.loss, reused.loss, ...Object.values(fresh.grads), ...Object.values(reused.grads)]);
    dispose();
  });

  it('a Learner step through the critics moves the actor toward higher Q, leaves the critics alone, and leaks nothing', () => {
    const { actor, critics, head, s, dispose } = setup(0);
    const learner = new Learner(actor.variables, 1e-2);
    const criticBefore = critics.map((c) => c.variables.map((v) => v.dataSync().slice()));
    const qMean = () => tf.tidy(() => tf.mean(critics[0].predict(tf.concat([s, head.mode(actor.predict(s)) as tf.Tensor2D], 1) as tf.Tensor2D)).dataSync()[0]);
    const q0 = qMean();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      learner
        .stepThroughCritics({ actor, observations: s, toActions: (raw) => head.mode(raw) as tf.Tensor2D, critics: [critics[0]], loss: (_pi, [q]) => tf.neg(tf.mean(q)) as tf.Scalar })
        .dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(qMean()).toBeGreaterThan(q0);
    critics.forEach((c, k) => c.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(criticBefore[k][i]))));
    learner.dispose();
    dispose();
  });

  it('equal autodiff for a SAC-style loss α·log π(ã|s) − min Q(s, ã) with a reparameterised tanh-Gaussian sample (log π from extra.raw)', () => {
    const { actor, head, s, sacLoss, autodiff, manual, dispose } = sacSetup();
    // The log-stds are inside the clip, so the gradient through them is not cut.
    const logStd = tf.tidy(() => tf.slice(actor.predict(s), [0, head.actionDim], [-1, head.actionDim]).dataSync());
    expect(Math.max(...logStd)).toBeLessThan(2);
    expect(Math.min(...logStd)).toBeGreaterThan(-20);
    const before = tf.memory().numTensors;
    const auto = autodiff(sacLoss);
    const hand = manual(sacLoss);
    expectRelClose(hand.loss.dataSync(), auto.value.dataSync());
    expect(Object.keys(hand.grads).sort()).toEqual(actor.variables.map((v) => v.name).sort());
    for (const v of actor.variables) expectRelClose(hand.grads[v.name].dataSync(), auto.grads[v.name].dataSync());
    tf.dispose([auto.value, hand.loss, ...Object.values(auto.grads), ...Object.values(hand.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });

  it('a loss that ignores extra.raw gets no direct gradient: same as autodiff of −min Q(s, ã), and the α·log π term is what changes the SAC gradient', () => {
    const { actor, qOnlyLoss, sacLoss, autodiff, manual, dispose } = sacSetup();
    const auto = autodiff(qOnlyLoss);
    const hand = manual(qOnlyLoss);
    expectRelClose(hand.loss.dataSync(), auto.value.dataSync());
    for (const v of actor.variables) expectRelClose(hand.grads[v.name].dataSync(), auto.grads[v.name].dataSync());
    // The entropy term's gradient reaches the actor only through extra.raw; it is not negligible here,
    // so the SAC comparison above would fail if the direct gradient were dropped.
    const sac = manual(sacLoss);
    const last = actor.variables[actor.variables.length - 2]; // the output layer's kernel
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(sac.grads[last.name], hand.grads[last.name]))).dataSync()[0]);
    const scale = tf.tidy(() => tf.max(tf.abs(hand.grads[last.name])).dataSync()[0]);
    expect(diff).toBeGreaterThan(0.05 * scale);
    tf.dispose([auto.value, hand.loss, sac.loss, ...Object.values(auto.grads), ...Object.values(hand.grads), ...Object.values(sac.grads)]);
    dispose();
  });

  it('a Learner step with the SAC loss leaks nothing', () => {
    const { actor, critics, s, toActions, sacLoss, dispose } = sacSetup();
    const learner = new Learner(actor.variables, 1e-3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      learner.stepThroughCritics({ actor, observations: s, toActions, critics, loss: (_a, qs, _obs, { raw }) => sacLoss(raw, qs) }).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    learner.dispose();
    dispose();
  });

  it('rejects a critic that does not take concat(observation, action)', () => {
    const { actor, head, s, loss, dispose } = setup(0);
    const wrong = new MLP({ inputDim: 4, hiddenDims: [4], outputDim: 1, rng: new Rng(1), name: 'wrong' });
    expect(() => actorThroughCriticsGradients({ actor, observations: s, toActions: (raw) => head.mode(raw) as tf.Tensor2D, critics: [wrong], loss })).toThrow(
      /each critic must map \[B, 8\] to \[B, 1\]; got 4 → 1/,
    );
    wrong.dispose();
    dispose();
  });
});
