/**
 * One `rebracUpdate` against an independent float64 reference of the published recipe
 * (test/helpers/reference/rebrac64.ts), at step 0 (critic, then the actor through the updated
 * layer-norm critics, then Polyak of both targets: CORL updates the actor on steps 0, 2, 4, …) and
 * at step 1 (critic only). Fixed weights (targets different from the online networks), layer norms
 * with scales and offsets away from their init, a batch of 6 with terminals and dataset next actions,
 * Adam states part-way through training, policy noise 1.0 clipped at 0.3. Every parameter, Adam
 * moment and loss is compared, and the reference computed with each classic mistake (the critic
 * penalty missing, on the wrong action, averaged instead of summed, outside the bootstrap; the actor
 * on Q_1 only or with TD3+BC's averaged BC term; TD3+BC's delay) must land far away.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Actor } from '../../src/agent/networks';
import { REBRAC_DEFAULTS, type ReBRACConfig } from '../../src/algorithms/rebrac/config';
import { rebracUpdate, type ReBRACParts } from '../../src/algorithms/rebrac/update';
import { DeterministicHead } from '../../src/heads';
import type { Batch } from '../../src/types';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { mismatch, namedAdam, namedMlp, type Named, type Tolerance } from '../helpers/reference/compare64';
import { randomAdamState64, randomBatch64, randomMlp64, Random64 } from '../helpers/reference/fixture64';
import type { Batch64 } from '../helpers/reference/iql64';
import { criticsFrom64, learnerFrom64, mlpFrom64, readLearner64, readMlp64 } from '../helpers/reference/library-glue';
import { finiteDifferences64 } from '../helpers/reference/losses64';
import { countMlp64, flattenMlp64, type Mlp64, unflattenMlp64 } from '../helpers/reference/mlp64';
import { rebracActorLoss64, rebracUpdate64, type ReBRACAdam64, type ReBRACMistakes64, type ReBRACNets64, type ReBRACSettings64 } from '../helpers/reference/rebrac64';

const OBS = 3;
const ACT = 2;
const HIDDEN = [5, 4];
const BATCH = 6;
const NOISE_SEED = 2023;

const HP: ReBRACSettings64 = {
  discount: 0.99,
  targetUpdateRate: 0.1,
  actorBcWeight: 0.4,
  criticBcWeight: 0.7,
  policyNoise: 1.0,
  noiseClip: 0.3,
  policyDelay: 2,
  learningRates: { actor: 0.05, critic: 0.02 },
};

/** float32 against float64, entry by entry (as the other reference tests). */
const TOL: Tolerance = { atol: 1e-5, rtol: 1e-4 };
const FAR = 20;

type Batch64WithNext = Batch64 & { nextActions: number[][] };

function fixture(): { nets: ReBRACNets64; adam: ReBRACAdam64; batch: Batch64WithNext } {
  const rng = new Random64(2023_05);
  const criticDims = [OBS + ACT, ...HIDDEN, 1];
  const critic = () => randomMlp64(rng, criticDims, { gain: 1.5, layerNorm: true, outputBias: 0.5 });
  const nets: ReBRACNets64 = {
    actor: randomMlp64(rng, [OBS, ...HIDDEN, ACT], { gain: 1.5 }),
    targetActor: randomMlp64(rng, [OBS, ...HIDDEN, ACT], { gain: 2.5 }),
    critics: [critic(), critic()],
    targetCritics: [critic(), critic()],
  };
  const adam: ReBRACAdam64 = {
    actor: randomAdamState64(rng, countMlp64(nets.actor)),
    critic: randomAdamState64(rng, 2 * countMlp64(nets.critics[0])),
  };
  const batch = { ...randomBatch64(rng, OBS, ACT, [0, 0, 1, 0, 0, 1]), nextActions: rng.matrix(BATCH, ACT, -0.95, 0.95) };
  return { nets, adam, batch };
}

interface Outcome {
  nets: ReBRACNets64;
  adam: ReBRACAdam64;
  losses: { critic: number; actor?: number };
}

const everything = ({ nets, adam, losses }: Outcome): Named => ({
  ...namedMlp('actor', nets.actor),
  ...namedMlp('targetActor', nets.targetActor),
  ...nets.critics.reduce((acc, c, k) => ({ ...acc, ...namedMlp(`critic${k + 1}`, c) }), {}),
  ...nets.targetCritics.reduce((acc, c, k) => ({ ...acc, ...namedMlp(`targetCritic${k + 1}`, c) }), {}),
  ...namedAdam('adam/actor', adam.actor),
  ...namedAdam('adam/critic', adam.critic),
  'critic/loss': [losses.critic],
  'actor/loss': losses.actor === undefined ? [] : [losses.actor],
});

function libraryReBRACUpdate(init: ReBRACNets64, adam: ReBRACAdam64, b: Batch64WithNext, hp: ReBRACSettings64, step: number): Outcome & { leaked: number } {
  const before = tf.memory().numTensors;
  const space = { type: 'box' as const, low: new Array(ACT).fill(-1), high: new Array(ACT).fill(1) };
  const newActor = (net: Mlp64, name: string, trainable: boolean) => new Actor(mlpFrom64(net, { inputDim: OBS, hiddenDims: HIDDEN, outputDim: ACT, name, trainable }), new DeterministicHead(ACT));
  const newCritics = (nets: Mlp64[], trainable: boolean) => criticsFrom64(nets, { observationDim: OBS, actionSpace: space, hiddenDims: HIDDEN, trainable, layerNorm: true });
  const actor = newActor(init.actor, 'actor', true);
  const targetActor = newActor(init.targetActor, 'targetActor', false);
  const critics = newCritics(init.critics, true);
  const targetCritics = newCritics(init.targetCritics, false);
  const parts: ReBRACParts = {
    nets: { actor, targetActor, critics, targetCritics },
    learners: { actor: learnerFrom64(actor.variables, hp.learningRates.actor, adam.actor), critic: learnerFrom64(critics.variables, hp.learningRates.critic, adam.critic) },
  };
  const batch: Batch = {
    observations: tf.tensor2d(b.observations),
    actions: tf.tensor2d(b.actions),
    rewards: tf.tensor1d(b.rewards),
    nextObservations: tf.tensor2d(b.nextObservations),
    terminals: tf.tensor1d(b.terminals),
    nextActions: tf.tensor2d(b.nextActions),
  };
  const { discount, targetUpdateRate, actorBcWeight, criticBcWeight, policyNoise, noiseClip, policyDelay } = hp;
  const cfg: ReBRACConfig = { ...REBRAC_DEFAULTS, discount, targetUpdateRate, actorBcWeight, criticBcWeight, policyNoise, noiseClip, policyDelay };
  const metrics = rebracUpdate(parts, batch, cfg, { index: step, log: false, seed: () => NOISE_SEED });
  const outcome: Outcome = {
    nets: {
      actor: readMlp64(actor.mlp, init.actor),
      targetActor: readMlp64(targetActor.mlp, init.targetActor),
      critics: critics.members.map((m, k) => readMlp64(m, init.critics[k])),
      targetCritics: targetCritics.members.map((m, k) => readMlp64(m, init.targetCritics[k])),
    },
    adam: { actor: readLearner64(parts.learners.actor), critic: readLearner64(parts.learners.critic) },
    losses: { critic: metrics['critic/loss'].dataSync()[0], actor: metrics['actor/loss']?.dataSync()[0] },
  };
  tf.dispose([...Object.values(metrics), ...Object.values(batch)]);
  Object.values(parts.learners).forEach((l) => l.dispose());
  [actor, targetActor, critics, targetCritics].forEach((x) => x.dispose());
  return { ...outcome, leaked: tf.memory().numTensors - before };
}

/** The smoothing noise, drawn exactly as rebracUpdate draws it (an input of the recipe). */
const drawNoise = (seed: number): number[][] => tf.tidy(() => tf.randomNormal([BATCH, ACT], 0, 1, 'float32', seed).arraySync() as number[][]);

const CRITIC_MISTAKES: Record<string, ReBRACMistakes64> = {
  'no penalty in the critic target (TD3+BC)': { noCriticPenalty: true },
  'the penalty against the dataset action a instead of the next action a′': { penaltyOnAction: true },
  'the penalty averaged over action dimensions': { penaltyMeanOverDims: true },
  'the penalty outside the (1 − terminal) bootstrap': { penaltyOutsideBootstrap: true },
};
const MISTAKES: Record<number, Record<string, ReBRACMistakes64 | 'td3bc delay'>> = {
  0: {
    ...CRITIC_MISTAKES,
    'the actor on Q_1 only (TD3+BC)': { actorOnQ1: true },
    'the actor BC term averaged over dimensions (TD3+BC)': { bcMeanOverDims: true },
    "TD3+BC's delay (no actor on step 0)": 'td3bc delay',
  },
  1: { ...CRITIC_MISTAKES, "TD3+BC's delay (an actor on step 1)": 'td3bc delay' },
};

describe('ReBRAC float64 reference (test/helpers/reference/rebrac64.ts)', () => {
  const { nets, batch } = fixture();

  it('has a hand-written actor gradient (through layer-norm critics) equal to central finite differences at fixed λ', () => {
    const a0 = flattenMlp64(nets.actor);
    const { lambda, grad } = rebracActorLoss64(nets.actor, nets.critics, batch.observations, batch.actions, HP.actorBcWeight);
    const atFixedLambda = (p: number[]) => {
      const r = rebracActorLoss64(unflattenMlp64(p, nets.actor), nets.critics, batch.observations, batch.actions, HP.actorBcWeight);
      return HP.actorBcWeight * r.bc - lambda * r.meanQ;
    };
    const m = mismatch({ g: grad }, { g: finiteDifferences64(atFixedLambda, a0) }, { atol: 1e-7, rtol: 1e-6 });
    expect(m.score, m.worst).toBeLessThanOrEqual(1);
  });
});

describe.each(TEST_BACKENDS)('one rebracUpdate against the float64 reference on %s', (backend) => {
  const { nets, adam, batch } = fixture();
  let noise: number[][];

  beforeAll(async () => {
    await setTestBackend(backend);
    noise = drawNoise(NOISE_SEED);
  });

  describe.each([0, 1])('step %i', (step) => {
    let library: Outcome & { leaked: number };
    let reference: ReturnType<typeof rebracUpdate64>;

    beforeAll(() => {
      library = libraryReBRACUpdate(nets, adam, batch, HP, step);
      reference = rebracUpdate64(nets, adam, batch, HP, step, noise);
    });

    it('exercises the noise clip, a non-trivial penalty on bootstrapped rows, and (on step 0) the actor', () => {
      expect(reference.details.clippedNoise).toBeGreaterThanOrEqual(BATCH);
      const bootstrapped = reference.details.penalty.filter((_, n) => batch.terminals[n] === 0);
      expect(Math.min(...bootstrapped)).toBeGreaterThan(0.05);
      expect(reference.losses.actor !== undefined).toBe(step === 0);
    });

    it('updates every parameter (layer norms included), Adam moment and loss as the published recipe does, leaking nothing', () => {
      const m = mismatch(everything(library), everything(reference), TOL);
      expect(m.score, m.worst).toBeLessThanOrEqual(1);
      expect(library.leaked).toBe(0);
    });

    it.each(Object.keys(MISTAKES[step]))('is far from the reference computed with %s', (name) => {
      const mistake = MISTAKES[step][name];
      const wrong = mistake === 'td3bc delay' ? rebracUpdate64(nets, adam, batch, HP, step + 1, noise) : rebracUpdate64(nets, adam, batch, HP, step, noise, mistake);
      const m = mismatch(everything(library), everything(wrong), TOL);
      expect(m.score, m.worst).toBeGreaterThan(FAR);
    });
  });
});
