/**
 * One `awacUpdate` against an independent float64 reference of the published recipe
 * (test/helpers/reference/awac64.ts): critic towards the target critics at a policy sample of s',
 * actor by advantage-weighted regression with `A = min Q(s, a) − min Q(s, ã ~ π)` from the updated
 * critics, Polyak of the target critics. Fixed weights, a batch of 6 with terminals, Adam states
 * part-way through training, λ small enough that the weight clip at 100 acts. Both weightings; every
 * parameter, Adam moment and loss is compared, and each classic mistake must land far away.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AWAC_DEFAULTS, AWAC_LOG_STD_MIN, type AWACConfig } from '../../src/algorithms/awac/config';
import { awacUpdate, type AWACParts } from '../../src/algorithms/awac/update';
import { LOG_STD_MAX } from '../../src/heads';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { awacUpdate64, type AWACAdam64, type AWACMistakes64, type AWACNets64, type AWACResult64, type AWACSettings64 } from '../helpers/reference/awac64';
import { expectFarFrom, expectWithin, FAR, FLOAT32_TOLERANCE, namedOutcome } from '../helpers/reference/compare64';
import { randomAdamState64, randomBatch64, randomMlp64, Random64, type Fixture64 } from '../helpers/reference/fixture64';
import type { Batch64 } from '../helpers/reference/iql64';
import { batchFrom64, criticsFrom64, disposeAll, gaussianActorFrom64, learnerFrom64, readCritics64, readGaussianActor64, readLearner64, seededNormal64 } from '../helpers/reference/library-glue';
import { countMlp64 } from '../helpers/reference/mlp64';

const OBS = 3;
const ACT = 2;
const HIDDEN = [5, 4];
const BATCH = 6;
const SEEDS: Record<string, number> = { 'next-action': 4321, 'policy-action': 8765 };

const HP: AWACSettings64 = {
  discount: 0.99,
  targetUpdateRate: 0.1,
  lambda: 0.1,
  weighting: 'exp',
  maxWeight: 100,
  logStdMin: AWAC_LOG_STD_MIN,
  logStdMax: LOG_STD_MAX,
  learningRates: { actor: 0.05, critic: 0.05 },
};

// As the IQL and TD3+BC reference tests: float32 against float64 within FLOAT32_TOLERANCE, entry by
// entry, each mistake beyond FAR of it.

function fixture(): Fixture64<AWACNets64, AWACAdam64> {
  const rng = new Random64(2020_06);
  const criticDims = [OBS + ACT, ...HIDDEN, 1];
  const nets: AWACNets64 = {
    actor: randomMlp64(rng, [OBS, ...HIDDEN, ACT], { gain: 1.5 }),
    logStd: [-0.7, -1.2],
    critics: [randomMlp64(rng, criticDims, { gain: 2 }), randomMlp64(rng, criticDims, { gain: 2 })],
    targetCritics: [randomMlp64(rng, criticDims, { gain: 2 }), randomMlp64(rng, criticDims, { gain: 2 })],
  };
  const adam: AWACAdam64 = {
    actor: randomAdamState64(rng, countMlp64(nets.actor) + ACT),
    critic: randomAdamState64(rng, 2 * countMlp64(nets.critics[0])),
  };
  return { nets, adam, batch: randomBatch64(rng, OBS, ACT, [0, 1, 0, 0, 0, 1]) };
}

/** Every parameter, Adam moment and loss, by name. */
const everything = (r: Pick<AWACResult64, 'nets' | 'adam' | 'losses'>) => namedOutcome(r, ['critic', 'actor']);

/** ONE awacUpdate on parts holding the reference state, read back as plain arrays. */
function libraryAWACUpdate(init: AWACNets64, adam: AWACAdam64, b: Batch64, hp: AWACSettings64): Omit<AWACResult64, 'details'> & { leaked: number } {
  const before = tf.memory().numTensors;
  const actor = gaussianActorFrom64(init.actor, init.logStd, { inputDim: OBS, hiddenDims: HIDDEN, logStdMin: hp.logStdMin, logStdMax: hp.logStdMax, name: 'actor' });
  const critics = criticsFrom64(init.critics, { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, trainable: true });
  const targetCritics = criticsFrom64(init.targetCritics, { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, trainable: false });
  const parts: AWACParts = {
    nets: { actor, critics, targetCritics },
    learners: { actor: learnerFrom64(actor.variables, hp.learningRates.actor, adam.actor), critic: learnerFrom64(critics.variables, hp.learningRates.critic, adam.critic) },
  };
  const batch = batchFrom64(b);
  const cfg: AWACConfig = { ...AWAC_DEFAULTS, discount: hp.discount, targetUpdateRate: hp.targetUpdateRate, lambda: hp.lambda, weighting: hp.weighting, maxAdvantageWeight: hp.maxWeight };
  const metrics = awacUpdate(parts, batch, cfg, { index: 0, log: false, seed: (name) => SEEDS[name] });
  const outcome = {
    nets: {
      ...readGaussianActor64(actor, init.actor),
      critics: readCritics64(critics, init.critics),
      targetCritics: readCritics64(targetCritics, init.targetCritics),
    },
    adam: { actor: readLearner64(parts.learners.actor), critic: readLearner64(parts.learners.critic) },
    losses: { critic: metrics['critic/loss'].dataSync()[0], actor: metrics['actor/loss'].dataSync()[0] },
  };
  disposeAll(metrics, batch, parts.learners, [actor, critics, targetCritics]);
  return { ...outcome, leaked: tf.memory().numTensors - before };
}

const MISTAKES: Record<'exp' | 'softmax', Record<string, AWACMistakes64 | { weighting: 'exp' | 'softmax' }>> = {
  exp: {
    'no clip of the weights at 100': { noWeightClip: true },
    'advantages from the critics before this step': { advantageFromOldCritics: true },
    'V(s) at the mean action instead of a policy sample': { valueAtMeanAction: true },
    'the next action at the mean instead of a policy sample': { nextActionAtMean: true },
    'exp(λ·A) instead of exp(A/λ)': { inverseLambda: true },
    'softmax weights instead of exp': { weighting: 'softmax' },
  },
  softmax: {
    'exp weights instead of softmax': { weighting: 'exp' },
    'advantages from the critics before this step': { advantageFromOldCritics: true },
  },
};

describe.each(TEST_BACKENDS)('one awacUpdate against the float64 reference on %s', (backend) => {
  const { nets, adam, batch } = fixture();
  let noise: { next: number[][]; policy: number[][] };

  beforeAll(async () => {
    await setTestBackend(backend);
    // The standard normal draws of the two policy samples, exactly as the Gaussian head draws them (inputs of the recipe).
    noise = { next: seededNormal64(BATCH, ACT, SEEDS['next-action']), policy: seededNormal64(BATCH, ACT, SEEDS['policy-action']) };
  });

  describe.each(['exp', 'softmax'] as const)('%s weights', (weighting) => {
    const hp: AWACSettings64 = { ...HP, weighting, lambda: weighting === 'exp' ? 0.1 : 0.5 };
    let library: ReturnType<typeof libraryAWACUpdate>;
    let reference: ReturnType<typeof awacUpdate64>;

    beforeAll(() => {
      library = libraryAWACUpdate(nets, adam, batch, hp);
      reference = awacUpdate64(nets, adam, batch, hp, noise);
    });

    it('exercises the recipe: weights spread out, and (exp) some clipped at 100', () => {
      const w = reference.details.weights;
      expect(Math.max(...w) / Math.min(...w)).toBeGreaterThan(5);
      if (weighting === 'exp') expect(reference.details.clipped).toBeGreaterThan(0);
      else expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(BATCH, 10);
    });

    it('updates every parameter, Adam moment and loss as the published recipe does, leaking nothing', () => {
      expectWithin(everything(library), everything(reference), FLOAT32_TOLERANCE);
      expect(library.leaked).toBe(0);
    });

    it.each(Object.keys(MISTAKES[weighting]))('is far from the reference computed with %s', (name) => {
      const mistake = MISTAKES[weighting][name];
      const wrong = 'weighting' in mistake ? awacUpdate64(nets, adam, batch, { ...hp, weighting: mistake.weighting }, noise) : awacUpdate64(nets, adam, batch, hp, noise, mistake);
      expectFarFrom(everything(library), everything(wrong), FLOAT32_TOLERANCE, FAR);
    });
  });
});
