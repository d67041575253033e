/**
 * One `iqlUpdate` against an independent float64 reference of the published recipe
 * (test/helpers/reference/iql64.ts): fixed weights (target critics different from the critics, a
 * non-zero log-std), a fixed batch of 5 and Adam states part-way through training; every parameter,
 * Adam moment and loss after the update is compared. The reference computed with each classic
 * mistake (online critics in the value step, the old V in the advantage or the TD target, Polyak
 * before the critic step) must be far from the library's result, so the test tells them apart.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { IQL_DEFAULTS, type IQLConfig } from '../../src/algorithms/iql/config';
import { iqlUpdate, type IQLParts } from '../../src/algorithms/iql/update';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectFarFrom, expectWithin, FAR, FLOAT32_TOLERANCE, GRADIENT_TOLERANCE, namedOutcome } from '../helpers/reference/compare64';
import { randomAdamState64, randomBatch64, randomMlp64, Random64, type Fixture64 } from '../helpers/reference/fixture64';
import { batchFrom64, criticsFrom64, disposeAll, gaussianActorFrom64, learnerFrom64, mlpFrom64, readCritics64, readGaussianActor64, readLearner64, readMlp64 } from '../helpers/reference/library-glue';
import { iqlUpdate64, type Batch64, type IQLAdam64, type IQLMistakes64, type IQLNets64, type IQLResult64, type IQLSettings64 } from '../helpers/reference/iql64';
import { awrLoss64, criticLoss64, expectileValueLoss64, finiteDifferences64, unflattenNets64 } from '../helpers/reference/losses64';
import { concatRows64, countMlp64, flattenMlp64, predict64, unflattenMlp64, type Mlp64 } from '../helpers/reference/mlp64';

const OBS = 3;
const ACT = 2;
const HIDDEN = [4, 4];

const HP: IQLSettings64 = {
  expectile: 0.7,
  beta: 5,
  discount: 0.99,
  targetUpdateRate: 0.1,
  maxAdvantageWeight: 100,
  logStdMin: -5,
  logStdMax: 2,
  learningRates: { actor: 0.05, critic: 0.05, value: 0.1 },
};

// Library vs reference within FLOAT32_TOLERANCE (atol 1e-5, rtol 1e-4), each mistake beyond FAR (20)
// of it. Observed on cpu and wasm: at most 0.01 of the tolerance (max abs error 8e-6 on an Adam second
// moment of 1.5, max relative error 4e-5), while the mistakes land 68× (old V(s′)) to 17,800× (online
// critics for V) beyond it.

function fixture(): Fixture64<IQLNets64, IQLAdam64> {
  const rng = new Random64(20240607);
  const criticDims = [OBS + ACT, ...HIDDEN, 1];
  const nets: IQLNets64 = {
    actor: randomMlp64(rng, [OBS, ...HIDDEN, ACT], { gain: 1.5 }),
    logStd: [Math.fround(-0.4), Math.fround(0.3)],
    critics: [randomMlp64(rng, criticDims, { gain: 1.5 }), randomMlp64(rng, criticDims, { gain: 1.5 })],
    // Different weights from the critics, and a higher output bias so that some advantages are large.
    targetCritics: [randomMlp64(rng, criticDims, { gain: 1.5, outputBias: 0.6 }), randomMlp64(rng, criticDims, { gain: 1.5, outputBias: 0.6 })],
    value: randomMlp64(rng, [OBS, ...HIDDEN, 1], { gain: 1.5 }),
  };
  const count = (nets2: Mlp64[]) => nets2.reduce((s, n) => s + countMlp64(n), 0);
  const adam: IQLAdam64 = {
    actor: randomAdamState64(rng, countMlp64(nets.actor) + ACT),
    critic: randomAdamState64(rng, count(nets.critics)),
    value: randomAdamState64(rng, countMlp64(nets.value)),
  };
  const batch: Batch64 = randomBatch64(rng, OBS, ACT, [0, 1, 0, 0, 1]);
  return { nets, adam, batch };
}

/** Every parameter, Adam moment and loss, by name. */
const everything = (r: Pick<IQLResult64, 'nets' | 'adam' | 'losses'>) => namedOutcome(r, ['value', 'actor', 'critic']);

// ---------------------------------------------------------------------------------------------
// Glue to the library: builds the parts from plain arrays, runs ONE iqlUpdate, reads everything
// back as plain arrays. The only place that knows the library's update signature.
// ---------------------------------------------------------------------------------------------

interface UpdateOutcome {
  nets: IQLNets64;
  adam: IQLAdam64;
  losses: { value: number; actor: number; critic: number };
  /** Tensors alive after the update and the disposal of everything built here, minus before. */
  leaked: number;
}

function libraryIQLUpdate(init: IQLNets64, adam: IQLAdam64, batch64: Batch64, hp: IQLSettings64): UpdateOutcome {
  const before = tf.memory().numTensors;
  const newCritics = (nets: Mlp64[], trainable: boolean) => criticsFrom64(nets, { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, trainable });

  const actor = gaussianActorFrom64(init.actor, init.logStd, { inputDim: OBS, hiddenDims: HIDDEN, logStdMin: hp.logStdMin, logStdMax: hp.logStdMax, name: 'actor' });
  const critics = newCritics(init.critics, true);
  const targetCritics = newCritics(init.targetCritics, false);
  const value = mlpFrom64(init.value, { inputDim: OBS, hiddenDims: HIDDEN, outputDim: 1, name: 'value' });
  const parts: IQLParts = {
    nets: { actor, critics, targetCritics, value },
    learners: {
      actor: learnerFrom64(actor.variables, hp.learningRates.actor, adam.actor),
      critic: learnerFrom64(critics.variables, hp.learningRates.critic, adam.critic),
      value: learnerFrom64(value.variables, hp.learningRates.value, adam.value),
    },
  };
  const batch = batchFrom64(batch64);
  // The actor's learning rate is set by the update from the schedule: 'constant' keeps hp's.
  const cfg: IQLConfig = {
    ...IQL_DEFAULTS,
    expectile: hp.expectile,
    beta: hp.beta,
    discount: hp.discount,
    targetUpdateRate: hp.targetUpdateRate,
    maxAdvantageWeight: hp.maxAdvantageWeight,
    learningRate: hp.learningRates.actor,
    actorSchedule: 'constant',
    extraction: 'awr',
    bcAlpha: 0,
  };
  const metrics = iqlUpdate(parts, batch, cfg, { index: 0, log: false, seed: () => 1 });
  const scalar = (key: string) => metrics[key].dataSync()[0];
  const outcome = {
    nets: {
      ...readGaussianActor64(actor, init.actor),
      critics: readCritics64(critics, init.critics),
      targetCritics: readCritics64(targetCritics, init.targetCritics),
      value: readMlp64(value, init.value),
    },
    adam: { actor: readLearner64(parts.learners.actor), critic: readLearner64(parts.learners.critic), value: readLearner64(parts.learners.value) },
    losses: { value: scalar('value/loss'), actor: scalar('actor/loss'), critic: scalar('critic/loss') },
  };
  disposeAll(metrics, batch, parts.learners, [actor, critics, targetCritics, value]);
  return { ...outcome, leaked: tf.memory().numTensors - before };
}

// ---------------------------------------------------------------------------------------------

const MISTAKES: Record<string, IQLMistakes64> = {
  'online critics in the value step': { onlineCriticsForValue: true },
  'old V in the advantage': { oldValueForAdvantage: true },
  'old V(s′) in the TD target': { oldValueForTarget: true },
  'Polyak before the critic step': { polyakBeforeCritic: true },
};

describe('IQL float64 reference (test/helpers/reference/iql64.ts)', () => {
  const { nets, adam, batch } = fixture();
  const reference = iqlUpdate64(nets, adam, batch, HP);

  it("has hand-written gradients equal to central finite differences", () => {
    const s = batch.observations;
    const sa = concatRows64(s, batch.actions);
    const { qTarget, weights, tdTarget } = reference.details;
    const check = (analytic: number[], numeric: number[]) => expectWithin({ grad: analytic }, { grad: numeric }, GRADIENT_TOLERANCE);
    const v0 = flattenMlp64(nets.value);
    check(expectileValueLoss64(nets.value, s, qTarget, HP.expectile).grad, finiteDifferences64((p) => expectileValueLoss64(unflattenMlp64(p, nets.value), s, qTarget, HP.expectile).loss, v0));
    const a0 = [...flattenMlp64(nets.actor), ...nets.logStd];
    const awr = (p: number[]) => awrLoss64(unflattenMlp64(p.slice(0, -ACT), nets.actor), p.slice(-ACT), s, batch.actions, weights, HP.logStdMin, HP.logStdMax);
    check(awr(a0).grad, finiteDifferences64((p) => awr(p).loss, a0));
    const c0 = nets.critics.flatMap(flattenMlp64);
    check(criticLoss64(nets.critics, sa, tdTarget).grad, finiteDifferences64((p) => criticLoss64(unflattenNets64(p, nets.critics), sa, tdTarget).loss, c0));
  });

  it('runs on a fixture that exercises every branch of the recipe', () => {
    const { weights, advantages, qTarget } = reference.details;
    // AWR weights both clipped at 100 and not, advantages of both signs.
    expect(weights.filter((w) => w === HP.maxAdvantageWeight).length).toBeGreaterThan(0);
    expect(weights.filter((w) => w < HP.maxAdvantageWeight && w > 1e-3).length).toBeGreaterThan(1);
    expect(advantages.some((x) => x < 0) && advantages.some((x) => x > 0)).toBe(true);
    // Expectile residuals on both sides of V (weights τ and 1 − τ both in play).
    const v = predict64(nets.value, batch.observations).map((row) => row[0]);
    const u = qTarget.map((q, n) => q - v[n]);
    expect(u.some((x) => x < 0) && u.some((x) => x > 0)).toBe(true);
    // Target critics differ from the critics; a non-zero log-std inside the clip range; terminals of both kinds.
    expect(flattenMlp64(nets.targetCritics[0])).not.toEqual(flattenMlp64(nets.critics[0]));
    expect(nets.logStd.every((x) => x !== 0 && x > HP.logStdMin && x < HP.logStdMax)).toBe(true);
    expect(batch.terminals).toContain(1);
    expect(batch.terminals).toContain(0);
  });
});

describe.each(TEST_BACKENDS)('one iqlUpdate against the float64 reference on %s', (backend) => {
  const { nets, adam, batch } = fixture();
  const reference = iqlUpdate64(nets, adam, batch, HP);
  let library: UpdateOutcome;

  beforeAll(async () => {
    await setTestBackend(backend);
    library = libraryIQLUpdate(nets, adam, batch, HP);
  });

  it('updates every parameter, Adam moment and loss as the published recipe does', () => {
    expectWithin(everything(library), everything(reference), FLOAT32_TOLERANCE);
    expect(library.leaked).toBe(0);
  });

  it.each(Object.keys(MISTAKES))('is far from the reference computed with %s', (name) => {
    const wrong = iqlUpdate64(nets, adam, batch, HP, MISTAKES[name]);
    expectFarFrom(everything(library), everything(wrong), FLOAT32_TOLERANCE, FAR);
  });
});
