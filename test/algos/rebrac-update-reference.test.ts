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
import { beforeAll, describe, expect, it } from 'vitest';
import { REBRAC_DEFAULTS, type ReBRACConfig } from '../../src/algorithms/rebrac/config';
import { rebracUpdate } from '../../src/algorithms/rebrac/update';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectFarFrom, expectWithin, FAR, FLOAT32_TOLERANCE, GRADIENT_TOLERANCE, namedOutcome } from '../helpers/reference/compare64';
import { randomAdamState64, randomBatch64, randomMlp64, Random64, type Fixture64 } from '../helpers/reference/fixture64';
import type { Batch64 } from '../helpers/reference/iql64';
import { libraryTD3Update64, seededNormal64 } from '../helpers/reference/library-glue';
import { finiteDifferences64 } from '../helpers/reference/losses64';
import { countMlp64, flattenMlp64, unflattenMlp64 } from '../helpers/reference/mlp64';
import { rebracActorLoss64, rebracUpdate64, type ReBRACAdam64, type ReBRACMistakes64, type ReBRACNets64, type ReBRACResult64, type ReBRACSettings64 } from '../helpers/reference/rebrac64';

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

// float32 against float64 within FLOAT32_TOLERANCE, each mistake beyond FAR of it (as the other reference tests).

type Batch64WithNext = Batch64 & { nextActions: number[][] };

function fixture(): Fixture64<ReBRACNets64, ReBRACAdam64, Batch64WithNext> {
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

const everything = (r: Pick<ReBRACResult64, 'nets' | 'adam' | 'losses'>) => namedOutcome(r, ['critic', 'actor']);

/** ONE rebracUpdate on parts holding the reference state (layer-norm critics), read back as plain arrays. */
function libraryReBRACUpdate(init: ReBRACNets64, adam: ReBRACAdam64, b: Batch64WithNext, hp: ReBRACSettings64, step: number): ReturnType<typeof libraryTD3Update64> {
  const { discount, targetUpdateRate, actorBcWeight, criticBcWeight, policyNoise, noiseClip, policyDelay } = hp;
  const cfg: ReBRACConfig = { ...REBRAC_DEFAULTS, discount, targetUpdateRate, actorBcWeight, criticBcWeight, policyNoise, noiseClip, policyDelay };
  const dims = { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, layerNorm: true };
  return libraryTD3Update64(init, adam, b, hp.learningRates, dims, (parts, batch) => rebracUpdate(parts, batch, cfg, { index: step, log: false, seed: () => NOISE_SEED }));
}

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
    expectWithin({ g: grad }, { g: finiteDifferences64(atFixedLambda, a0) }, GRADIENT_TOLERANCE);
  });
});

describe.each(TEST_BACKENDS)('one rebracUpdate against the float64 reference on %s', (backend) => {
  const { nets, adam, batch } = fixture();
  let noise: number[][];

  beforeAll(async () => {
    await setTestBackend(backend);
    // The smoothing noise, drawn exactly as rebracUpdate draws it (an input of the recipe).
    noise = seededNormal64(BATCH, ACT, NOISE_SEED);
  });

  describe.each([0, 1])('step %i', (step) => {
    let library: ReturnType<typeof libraryReBRACUpdate>;
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
      expectWithin(everything(library), everything(reference), FLOAT32_TOLERANCE);
      expect(library.leaked).toBe(0);
    });

    it.each(Object.keys(MISTAKES[step]))('is far from the reference computed with %s', (name) => {
      const mistake = MISTAKES[step][name];
      const wrong = mistake === 'td3bc delay' ? rebracUpdate64(nets, adam, batch, HP, step + 1, noise) : rebracUpdate64(nets, adam, batch, HP, step, noise, mistake);
      expectFarFrom(everything(library), everything(wrong), FLOAT32_TOLERANCE, FAR);
    });
  });
});
