/**
 * One continuous `cqlUpdate` against an independent float64 reference of the published recipe
 * (test/helpers/reference/cql64.ts, from CORL's `ContinuousCQL.train`): fixed weights (target critics
 * different from the online ones), a batch of 5, 3 samples per proposal, Adam states part-way through
 * training, a tight log-std clip so that some of the policy's log-stds are clipped. Two settings:
 * the default recipe (fixed α, importance-sampled penalty, SAC actor), and the antmaze-like options
 * (BC actor step, Lagrange α', max-target backup, entropy backup, temperature 0.7, per-row clip).
 * Every parameter, Adam moment and loss is compared, and the reference computed with each classic
 * mistake must be far from the library's result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Actor } from '../../src/agent/networks';
import { CQL_DEFAULTS, type CQLConfig } from '../../src/algorithms/cql/config';
import type { CQLParts } from '../../src/algorithms/cql/roles';
import { cqlUpdate, INITIAL_LOG_ALPHA_PRIME } from '../../src/algorithms/cql/update';
import { TanhGaussianHead } from '../../src/heads';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectFarFrom, expectWithin, FAR, FLOAT32_TOLERANCE, namedAdams, namedNets, type Named } from '../helpers/reference/compare64';
import { cqlUpdate64, type CQLAdam64, type CQLMistakes64, type CQLNets64, type CQLNoise64, type CQLSettings64 } from '../helpers/reference/cql64';
import { randomAdamState64, randomBatch64, randomMlp64, Random64, type Fixture64 } from '../helpers/reference/fixture64';
import type { Batch64 } from '../helpers/reference/iql64';
import { batchFrom64, criticsFrom64, disposeAll, learnerFrom64, mlpFrom64, readCritics64, readLearner64, readMlp64, seededNormal64 } from '../helpers/reference/library-glue';
import { countMlp64, predict64 } from '../helpers/reference/mlp64';

const OBS = 3;
const ACT = 2;
const HIDDEN = [4, 4];
const BATCH = 5;
const SAMPLES = 3;
/** The seed the update gets for each named draw, and the reference's copy of the draw. */
const SEEDS: Record<string, number> = { policy: 11, 'next-action': 12, 'cql-uniform': 13, 'cql-policy': 14, 'cql-next-policy': 15 };

const BASE: CQLSettings64 = {
  discount: 0.99,
  targetUpdateRate: 0.1,
  cqlAlpha: 3,
  samples: SAMPLES,
  temperature: 1,
  targetGap: null,
  clipMin: -Infinity,
  clipMax: Infinity,
  maxTargetBackup: false,
  backupEntropy: false,
  bcSteps: 0,
  logStdMin: -1.5,
  logStdMax: 0.3,
  logAlphaPrimeOffset: INITIAL_LOG_ALPHA_PRIME,
  learningRates: { actor: 0.03, critic: 0.05, temperature: 0.02, lagrange: 0.04 },
};

const SETTINGS: Record<string, CQLSettings64> = {
  'default recipe': BASE,
  'BC step, Lagrange, max-target and entropy backup, T 0.7, clip': {
    ...BASE,
    bcSteps: 1,
    targetGap: 1.5,
    maxTargetBackup: true,
    backupEntropy: true,
    temperature: 0.7,
    clipMin: 0.6,
  },
};

const MISTAKES: Record<string, Record<string, CQLMistakes64>> = {
  'default recipe': {
    'no uniform density log 0.5^d': { noUniformDensity: true },
    'log-probabilities added, not subtracted': { logProbSignFlipped: true },
    "π(s') samples evaluated at s'": { nextSamplesAtNextState: true },
    'the penalty on min(Q1, Q2)': { penaltyOnMinQ: true },
    'entropy in the backup': { entropyInBackup: true },
    'no α·log π in the actor loss': { noEntropyInActor: true },
    'no −Q(s, a_data) term': { noDataTerm: true },
  },
  'BC step, Lagrange, max-target and entropy backup, T 0.7, clip': {
    'temperature ignored': { noTemperature: true },
    'no uniform density log 0.5^d': { noUniformDensity: true },
    'log-probabilities added, not subtracted': { logProbSignFlipped: true },
    'no α·log π in the BC actor loss': { noEntropyInActor: true },
    "α' and the target gap left out of the critics' penalty": { lagrangeIgnoredByCritics: true },
    'one next action instead of the max over samples': { noMaxBackup: true },
  },
};

// float32 vs float64 per entry within FLOAT32_TOLERANCE, each mistake beyond FAR of it (as in the IQL
// and TD3+BC reference tests). Observed on cpu and wasm: at most 0.02 of the tolerance (max abs error
// 5e-6), while every mistake lands more than 1,000× beyond it.

function fixture(): Fixture64<CQLNets64, CQLAdam64> {
  const rng = new Random64(2020_06);
  const criticDims = [OBS + ACT, ...HIDDEN, 1];
  const scalar = (value: number) => [{ W: [[Math.fround(rng.normal())]], b: [Math.fround(value)] }];
  const nets: CQLNets64 = {
    actor: randomMlp64(rng, [OBS, ...HIDDEN, 2 * ACT], { gain: 1.5, biasStd: 0.3 }),
    critics: [randomMlp64(rng, criticDims, { gain: 1.5, outputBias: 1 }), randomMlp64(rng, criticDims, { gain: 1.5, outputBias: 0.5 })],
    targetCritics: [randomMlp64(rng, criticDims, { gain: 1.5 }), randomMlp64(rng, criticDims, { gain: 1.5 })],
    temperature: scalar(-0.4),
    lagrange: scalar(0.2),
  };
  const adam: CQLAdam64 = {
    actor: randomAdamState64(rng, countMlp64(nets.actor)),
    critic: randomAdamState64(rng, nets.critics.reduce((s, c) => s + countMlp64(c), 0)),
    temperature: randomAdamState64(rng, 2),
    lagrange: randomAdamState64(rng, 2),
  };
  return { nets, adam, batch: randomBatch64(rng, OBS, ACT, [0, 1, 0, 0, 0]) };
}

interface Outcome {
  nets: CQLNets64;
  adam: CQLAdam64;
  losses: Record<string, number>;
}

/** Every parameter, Adam moment and loss by name; α' (its net, Adam state and loss) only with `lagrange`. */
function everything(r: Outcome, lagrange: boolean): Named {
  const { nets, adam, losses } = r;
  const named: Named = {
    ...namedNets({ actor: nets.actor, critics: nets.critics, targetCritics: nets.targetCritics, temperature: nets.temperature }),
    ...namedAdams({ actor: adam.actor, critic: adam.critic, temperature: adam.temperature }),
  };
  for (const key of ['critic/loss', 'actor/loss', 'alpha/loss']) named[key] = [losses[key]];
  if (lagrange) {
    Object.assign(named, namedNets({ lagrange: nets.lagrange }), namedAdams({ lagrange: adam.lagrange }));
    named['cql/alpha_prime_loss'] = [losses['cql/alpha_prime_loss']];
  }
  return named;
}

function drawNoise(hp: CQLSettings64): CQLNoise64 {
  const rows = BATCH * SAMPLES;
  return tf.tidy(() => ({
    policy: seededNormal64(BATCH, ACT, SEEDS.policy),
    next: seededNormal64(hp.maxTargetBackup ? rows : BATCH, ACT, SEEDS['next-action']),
    uniform: tf.randomUniform([rows, ACT], -1, 1, 'float32', SEEDS['cql-uniform']).arraySync() as number[][],
    current: seededNormal64(rows, ACT, SEEDS['cql-policy']),
    nextSamples: seededNormal64(rows, ACT, SEEDS['cql-next-policy']),
  }));
}

// Glue: builds the parts from plain arrays, runs ONE cqlUpdate, reads everything back.
function libraryUpdate(init: CQLNets64, adam: CQLAdam64, batch64: Batch64, hp: CQLSettings64, step: number): Outcome & { leaked: number } {
  const before = tf.memory().numTensors;
  const actorMlp = mlpFrom64(init.actor, { inputDim: OBS, hiddenDims: HIDDEN, outputDim: 2 * ACT, name: 'actor' });
  const critics = criticsFrom64(init.critics, { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, trainable: true });
  const targetCritics = criticsFrom64(init.targetCritics, { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, trainable: false });
  const scalar = (net: typeof init.temperature, name: string) => mlpFrom64(net, { inputDim: 1, hiddenDims: [], outputDim: 1, name });
  const temperature = scalar(init.temperature, 'temperature');
  const lagrange = hp.targetGap !== null ? scalar(init.lagrange, 'lagrange') : undefined;
  const lr = hp.learningRates;
  const parts = {
    nets: { actor: new Actor(actorMlp, new TanhGaussianHead(ACT, { logStdMin: hp.logStdMin, logStdMax: hp.logStdMax })), critics, targetCritics, temperature, lagrange },
    learners: {
      actor: learnerFrom64(actorMlp.variables, lr.actor, adam.actor),
      critic: learnerFrom64(critics.variables, lr.critic, adam.critic),
      temperature: learnerFrom64(temperature.variables, lr.temperature, adam.temperature),
      ...(lagrange ? { lagrange: learnerFrom64(lagrange.variables, lr.lagrange, adam.lagrange) } : {}),
    },
  } as CQLParts;
  const batch = batchFrom64(batch64);
  const cfg: CQLConfig = {
    ...CQL_DEFAULTS,
    discount: hp.discount,
    targetUpdateRate: hp.targetUpdateRate,
    cqlAlpha: hp.cqlAlpha,
    cqlSamples: hp.samples,
    cqlTemperature: hp.temperature,
    cqlTargetGap: hp.targetGap,
    cqlClipDiffMin: Number.isFinite(hp.clipMin) ? hp.clipMin : null,
    maxTargetBackup: hp.maxTargetBackup,
    backupEntropy: hp.backupEntropy,
    bcSteps: hp.bcSteps,
  };
  const metrics = cqlUpdate(parts, batch, cfg, {
    index: step,
    log: true,
    seed: (name) => {
      if (!(name in SEEDS)) throw new Error(`unexpected draw '${name}'`);
      return SEEDS[name];
    },
  });
  const read = (name: string) => metrics[name]?.dataSync()[0];
  const outcome: Outcome = {
    nets: {
      actor: readMlp64(actorMlp, init.actor),
      critics: readCritics64(critics, init.critics),
      targetCritics: readCritics64(targetCritics, init.targetCritics),
      temperature: readMlp64(temperature, init.temperature),
      lagrange: lagrange ? readMlp64(lagrange, init.lagrange) : init.lagrange,
    },
    adam: {
      actor: readLearner64(parts.learners.actor),
      critic: readLearner64(parts.learners.critic),
      temperature: readLearner64(parts.learners.temperature),
      lagrange: lagrange ? readLearner64(parts.learners.lagrange) : adam.lagrange,
    },
    losses: Object.fromEntries(['critic/loss', 'actor/loss', 'alpha/loss', 'cql/alpha_prime_loss'].map((k) => [k, read(k)])) as Record<string, number>,
  };
  expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['critic/td_loss', 'cql/gap', 'alpha/value', 'actor/std']));
  disposeAll(metrics, batch, parts.learners, [actorMlp, critics, targetCritics, temperature, lagrange]);
  return { ...outcome, leaked: tf.memory().numTensors - before };
}

describe.each(TEST_BACKENDS)('one cqlUpdate against the float64 reference on %s', (backend) => {
  const { nets, adam, batch } = fixture();
  beforeAll(async () => setTestBackend(backend));

  describe.each(Object.keys(SETTINGS))('%s', (name) => {
    const hp = SETTINGS[name];
    const lagrange = hp.targetGap !== null;
    let library: Outcome & { leaked: number };
    let noise: CQLNoise64;
    let reference: Outcome;

    beforeAll(() => {
      noise = drawNoise(hp);
      library = libraryUpdate(nets, adam, batch, hp, 0);
      reference = cqlUpdate64(nets, adam, batch, hp, 0, noise);
    });

    it('updates every parameter, Adam moment and loss as the published recipe does, leaking nothing', () => {
      expectWithin(everything(library, lagrange), everything(reference, lagrange), FLOAT32_TOLERANCE);
      expect(library.leaked).toBe(0);
    });

    it.each(Object.keys(MISTAKES[name]))('is far from the reference computed with %s', (mistake) => {
      const wrong = cqlUpdate64(nets, adam, batch, hp, 0, noise, MISTAKES[name][mistake]);
      expectFarFrom(everything(library, lagrange), everything(wrong, lagrange), FLOAT32_TOLERANCE, FAR);
    });

    if (name === 'default recipe') {
      it('is far from the reference with a BC actor step, and the log-std clip acts on some rows but not all', () => {
        const bc = cqlUpdate64(nets, adam, batch, { ...hp, bcSteps: 1 }, 0, noise);
        expectFarFrom(everything(library, false), everything(bc, false), FLOAT32_TOLERANCE, FAR);
        const logStds = predict64(nets.actor, batch.observations).flatMap((row) => row.slice(ACT));
        const clipped = logStds.filter((v) => v < hp.logStdMin || v > hp.logStdMax).length;
        expect(clipped).toBeGreaterThan(0);
        expect(clipped).toBeLessThan(logStds.length);
      });
    }
  });
});
