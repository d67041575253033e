/**
 * Defects 5 and 6: `extractPolicy` has its own run defaults (it used to inherit the trained agent's
 * `steps` — a million by default — and seed), and `'ddpg'` extraction has a BC term by default whose
 * form the docs state (the squared error averaged over batch and action dimensions).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Actor } from '../../src/agent/networks';
import { DDPG_EXTRACTION_BC_ALPHA, EXTRACT_POLICY_DEFAULTS, extractPolicy, extractionActorStep, IQL_DEFAULTS, resolveAlgorithmConfig, trainIQL } from '../../src/algorithms';
import { createDataset } from '../../src/data';
import { DeterministicHead } from '../../src/heads';
import { CriticEnsemble, Learner, MLP } from '../../src/nets';
import { Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';
import { continuousDataset } from '../algos/fixtures';

const TINY = { hiddenDims: [8, 8], batchSize: 16, logInterval: 10 };

describe('extractPolicy defaults', () => {
  beforeAll(async () => setTestBackend('cpu'));

  it('runs its own steps and seed, and takes the recipe and width from the agent', async () => {
    const dataset = createDataset(continuousDataset(100, 4));
    const iql = await trainIQL(dataset, { ...TINY, steps: 30, seed: 7, beta: 5, maxAdvantageWeight: 50 });
    // An aborted signal stops before the first update: the resolved config is recorded without training.
    const stopped = new AbortController();
    stopped.abort();
    const extracted = await extractPolicy(iql, dataset, { signal: stopped.signal, logInterval: 10 });
    expect(extracted.spec.trainedSteps).toBe(0);
    expect(EXTRACT_POLICY_DEFAULTS.steps).toBe(100_000);
    expect(extracted.spec.config).toMatchObject({ steps: EXTRACT_POLICY_DEFAULTS.steps, seed: 0, beta: 5, maxAdvantageWeight: 50, extraction: 'awr', hiddenDims: [8, 8] });
    expect(extracted.spec.networks.actor.architecture.hiddenDims).toEqual([8, 8]);
    const own = await extractPolicy(iql, dataset, { steps: 10, seed: 2, beta: 1, method: 'ddpg' });
    expect(own.spec.config).toMatchObject({ steps: 10, seed: 2, beta: 1, extraction: 'ddpg', bcAlpha: DDPG_EXTRACTION_BC_ALPHA });
    expect(own.spec.trainedSteps).toBe(10);
    // The critics saw raw observations: extraction keeps the agent's statistics (none), whatever the config says.
    const raw = await extractPolicy(iql, dataset, { steps: 2, normalizeObservations: true });
    expect(raw.spec.observationStats).toBeNull();
    [iql, extracted, own, raw].forEach((a) => a.dispose());
  });
});

describe("'ddpg' extraction's BC term", () => {
  beforeAll(async () => setTestBackend('cpu'));

  it('is on by default', () => {
    expect(DDPG_EXTRACTION_BC_ALPHA).toBeGreaterThan(0);
    expect(IQL_DEFAULTS.bcAlpha).toBe(DDPG_EXTRACTION_BC_ALPHA);
    expect(resolveAlgorithmConfig('iql', { extraction: 'ddpg' }).bcAlpha).toBe(DDPG_EXTRACTION_BC_ALPHA);
  });

  it('is bcAlpha · mean over batch and action dimensions of (π(s) − a)², added to −Q/mean|Q| (as documented)', () => {
    const rng = new Rng(1);
    const obs = tf.tensor2d([[0.2, -0.4], [1, 0.3], [-0.7, 0.9]]);
    const data = tf.tensor2d([[0.5, -0.5], [0.1, 0.9], [-0.8, 0.2]]);
    const actor = new Actor(new MLP({ inputDim: 2, hiddenDims: [4], outputDim: 2, rng, name: 'actor' }), new DeterministicHead(2));
    const critics = new CriticEnsemble({ observationDim: 2, actionSpace: { type: 'box', low: [-1, -1], high: [1, 1] }, hiddenDims: [4], rng });
    const bcAlpha = 0.3;
    // The expected loss, from the pieces: actions, both critics' Q at them, the min.
    const expected = tf.tidy(() => {
      const pi = actor.head.mode(actor.mlp.predict(obs)) as tf.Tensor2D;
      const q = critics.min(obs, pi);
      const qTerm = tf.div(tf.neg(tf.mean(q)), tf.mean(tf.abs(q)));
      const bc = tf.div(tf.sum(tf.square(tf.sub(pi, data))), 3 * 2);
      return tf.add(qTerm, tf.mul(bc, bcAlpha)).dataSync()[0];
    });
    const learner = new Learner(actor.variables, 0);
    const loss = extractionActorStep(learner, { method: 'ddpg', actor, observations: obs, actions: data, critics, bcAlpha });
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 6);
    tf.dispose([loss, obs, data]);
    learner.dispose();
    actor.dispose();
    critics.dispose();
  });
});
