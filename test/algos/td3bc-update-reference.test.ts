/**
 * One `td3bcUpdate` against an independent float64 reference of the published recipe
 * (test/helpers/reference/td3bc64.ts), at step 0 (critic only: the actor and the targets stay) and
 * at step 1 (critic, then actor through the updated critic, then Polyak of the target critics and
 * the target actor). Fixed weights (target actor and target critics different from the online
 * ones), a fixed batch of 5, Adam states part-way through training, policy noise 1.0 clipped at 0.3
 * so that the clip acts on most entries. Every parameter, Adam moment and loss is compared, and the
 * reference computed with each classic mistake must be far from the library's result.
 *
 * Checked by planting each bug of issue 14 in src/algorithms/td3bc/update.ts (then reverting), on
 * cpu and wasm:
 * - no clip on the smoothing noise → 'updates every parameter…' fails at steps 0 and 1, and
 *   'is far from … no clip on the smoothing noise' fails (the library now equals that mistake);
 * - the online actor instead of the target actor for the next action → the same two tests fail,
 *   at steps 0 and 1 ('… the online actor for the next action');
 * - the targets moved on every update → at step 0 'leaves the actor, its Adam state and both
 *   target networks exactly as they were', 'updates every parameter…' and '… targets moved on
 *   every step' fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TD3BC_DEFAULTS, type TD3BCConfig } from '../../src/algorithms/td3bc/config';
import { td3bcUpdate } from '../../src/algorithms/td3bc/update';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectFarFrom, expectWithin, FAR, FLOAT32_TOLERANCE, GRADIENT_TOLERANCE, namedOutcome } from '../helpers/reference/compare64';
import { randomAdamState64, randomBatch64, randomMlp64, Random64, type Fixture64 } from '../helpers/reference/fixture64';
import type { Batch64 } from '../helpers/reference/iql64';
import { libraryTD3Update64, seededNormal64 } from '../helpers/reference/library-glue';
import { criticLoss64, finiteDifferences64, td3bcActorLoss64, unflattenNets64 } from '../helpers/reference/losses64';
import { concatRows64, countMlp64, flattenMlp64, unflattenMlp64, type Mlp64 } from '../helpers/reference/mlp64';
import { td3bcUpdate64, type TD3BCAdam64, type TD3BCMistakes64, type TD3BCNets64, type TD3BCResult64, type TD3BCSettings64 } from '../helpers/reference/td3bc64';

const OBS = 3;
const ACT = 2;
const HIDDEN = [4, 4];
const BATCH = 5;
const NOISE_SEED = 1234;

const HP: TD3BCSettings64 = {
  discount: 0.99,
  targetUpdateRate: 0.1,
  qWeight: 2.5,
  policyNoise: 1.0,
  noiseClip: 0.3,
  policyDelay: 2,
  learningRates: { actor: 0.05, critic: 0.05 },
};

// Library vs reference within FLOAT32_TOLERANCE (atol 1e-5, rtol 1e-4), each mistake beyond FAR (20)
// of it. Observed on cpu and wasm: at most 0.002 of the tolerance (max abs error 5e-6, max relative
// error 2e-6), while the mistakes land 1,000× (λ not detached) to 29,000× beyond it.

function fixture(): Fixture64<TD3BCNets64, TD3BCAdam64> {
  const rng = new Random64(7_2021);
  const criticDims = [OBS + ACT, ...HIDDEN, 1];
  const nets: TD3BCNets64 = {
    actor: randomMlp64(rng, [OBS, ...HIDDEN, ACT], { gain: 1.5 }),
    // A different target actor, large enough that some next actions reach the box edge.
    targetActor: randomMlp64(rng, [OBS, ...HIDDEN, ACT], { gain: 2.5 }),
    critics: [randomMlp64(rng, criticDims, { gain: 1.5 }), randomMlp64(rng, criticDims, { gain: 1.5 })],
    targetCritics: [randomMlp64(rng, criticDims, { gain: 1.5 }), randomMlp64(rng, criticDims, { gain: 1.5 })],
  };
  const adam: TD3BCAdam64 = {
    actor: randomAdamState64(rng, countMlp64(nets.actor)),
    critic: randomAdamState64(rng, nets.critics.reduce((s, n) => s + countMlp64(n), 0)),
  };
  const batch: Batch64 = randomBatch64(rng, OBS, ACT, [0, 0, 1, 0, 0]);
  return { nets, adam, batch };
}

/** Every parameter, Adam moment and loss, by name (the actor loss empty when absent: both sides must agree on whether the actor stepped). */
const everything = (r: Pick<TD3BCResult64, 'nets' | 'adam' | 'losses'>) => namedOutcome(r, ['critic', 'actor']);

/** ONE td3bcUpdate on parts holding the reference state, read back as plain arrays. */
function libraryTD3BCUpdate(init: TD3BCNets64, adam: TD3BCAdam64, batch64: Batch64, hp: TD3BCSettings64, step: number, noiseSeed: number): ReturnType<typeof libraryTD3Update64> {
  const { discount, targetUpdateRate, qWeight, policyNoise, noiseClip, policyDelay } = hp;
  const cfg: TD3BCConfig = { ...TD3BC_DEFAULTS, discount, targetUpdateRate, qWeight, policyNoise, noiseClip, policyDelay };
  // The update draws its noise seed from the named stream 'target-noise'; hand it the reference's.
  const dims = { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN };
  return libraryTD3Update64(init, adam, batch64, hp.learningRates, dims, (parts, batch) => td3bcUpdate(parts, batch, cfg, { index: step, log: false, seed: () => noiseSeed }));
}

const MISTAKES: Record<number, Record<string, TD3BCMistakes64 | 'off-by-one delay'>> = {
  0: {
    'no clip on the smoothing noise': { noNoiseClip: true },
    'the online actor for the next action': { onlineActorForNext: true },
    'targets moved on every step': { targetsEveryStep: true },
    'the delay off by one (actor on step 0)': 'off-by-one delay',
  },
  1: {
    'no clip on the smoothing noise': { noNoiseClip: true },
    'the online actor for the next action': { onlineActorForNext: true },
    'the actor on the critic before this step': { actorOnOldCritic: true },
    'λ differentiated through mean|Q|': { lambdaNotDetached: true },
    'the actor on min(Q1, Q2) instead of Q1': { actorOnMinQ: true },
    'the delay off by one (no actor on step 1)': 'off-by-one delay',
  },
};

describe('TD3+BC float64 reference (test/helpers/reference/td3bc64.ts)', () => {
  const { nets, batch } = fixture();

  it('has hand-written gradients equal to central finite differences', () => {
    const check = (analytic: number[], numeric: number[]) => expectWithin({ grad: analytic }, { grad: numeric }, GRADIENT_TOLERANCE);
    const sa = concatRows64(batch.observations, batch.actions);
    const y = batch.rewards.map((r) => r + 0.5);
    const c0 = nets.critics.flatMap(flattenMlp64);
    check(criticLoss64(nets.critics, sa, y).grad, finiteDifferences64((p) => criticLoss64(unflattenNets64(p, nets.critics), sa, y).loss, c0));
    const a0 = flattenMlp64(nets.actor);
    for (const critics of [[nets.critics[0]], nets.critics]) {
      // λ is a constant of the gradient: hold it at its value at a0 while differencing.
      const { lambda, grad } = td3bcActorLoss64(nets.actor, critics, batch.observations, batch.actions, HP.qWeight);
      const lossAtFixedLambda = (p: number[]) => {
        const r = td3bcActorLoss64(unflattenMlp64(p, nets.actor), critics, batch.observations, batch.actions, HP.qWeight);
        return -lambda * r.meanQ + r.bc;
      };
      check(grad, finiteDifferences64(lossAtFixedLambda, a0));
      // Not detached: the gradient of the loss as written, λ moving with the parameters.
      const full = td3bcActorLoss64(nets.actor, critics, batch.observations, batch.actions, HP.qWeight, true).grad;
      check(full, finiteDifferences64((p) => td3bcActorLoss64(unflattenMlp64(p, nets.actor), critics, batch.observations, batch.actions, HP.qWeight).loss, a0));
    }
  });
});

describe.each(TEST_BACKENDS)('one td3bcUpdate against the float64 reference on %s', (backend) => {
  const { nets, adam, batch } = fixture();
  let noise: number[][];

  beforeAll(async () => {
    await setTestBackend(backend);
    // The smoothing noise ε, drawn exactly as td3bcUpdate draws it: an input of the recipe
    // (`torch.randn_like` in the authors' code), not part of what is checked.
    noise = seededNormal64(BATCH, ACT, NOISE_SEED);
  });

  describe.each([0, 1])('step %i', (step) => {
    let library: ReturnType<typeof libraryTD3BCUpdate>;
    let reference: ReturnType<typeof td3bcUpdate64>;

    beforeAll(() => {
      library = libraryTD3BCUpdate(nets, adam, batch, HP, step, NOISE_SEED);
      reference = td3bcUpdate64(nets, adam, batch, HP, step, noise);
    });

    it('exercises the noise clip, the action clip and (on step 1) the actor', () => {
      const { clippedNoise, clippedActions } = reference.details;
      expect(clippedNoise).toBeGreaterThanOrEqual(BATCH);
      expect(clippedActions).toBeGreaterThan(0);
      expect(reference.losses.actor !== undefined).toBe(step === 1);
    });

    if (step === 0) {
      it('leaves the actor, its Adam state and both target networks exactly as they were', () => {
        const same = (a: Mlp64, b: Mlp64) => expect(flattenMlp64(a)).toEqual(flattenMlp64(b));
        same(library.nets.actor, nets.actor);
        same(library.nets.targetActor, nets.targetActor);
        library.nets.targetCritics.forEach((c, k) => same(c, nets.targetCritics[k]));
        expect(library.adam.actor).toEqual(adam.actor);
        expect(library.losses.actor).toBeUndefined();
      });
    }

    it('updates every parameter, Adam moment and loss as the published recipe does', () => {
      expectWithin(everything(library), everything(reference), FLOAT32_TOLERANCE);
      expect(library.leaked).toBe(0);
    });

    it.each(Object.keys(MISTAKES[step]))('is far from the reference computed with %s', (name) => {
      const mistake = MISTAKES[step][name];
      const wrong = mistake === 'off-by-one delay' ? td3bcUpdate64(nets, adam, batch, HP, step + 1, noise) : td3bcUpdate64(nets, adam, batch, HP, step, noise, mistake);
      expectFarFrom(everything(library), everything(wrong), FLOAT32_TOLERANCE, FAR);
    });
  });
});
