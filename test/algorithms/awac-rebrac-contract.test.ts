/**
 * AWAC and ReBRAC agents with the Node helpers, as users meet them (the registry contract covers
 * act, q and JSON; cql-contract.test.ts does this for CQL): `trainMany` by name gives each run
 * exactly the agent the direct trainer gives in this thread with the same config, and
 * `policyDiagnostics` reports what the agent's own actions and head say. The data are episodes of 8
 * rows, so ReBRAC's critic-target penalty reads the dataset's next actions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { trainMany } from 'offline-rl/node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent';
import { NEAR_UNIT_NORM, policyDiagnostics } from '../../src/agent/policy-diagnostics';
import { trainAWAC } from '../../src/algorithms/awac';
import { trainReBRAC } from '../../src/algorithms/rebrac';
import type { Dataset } from '../../src/data';
import { GaussianHead } from '../../src/heads';
import { setTestBackend } from '../helpers/backend';
import { episodicContinuousDataset } from './fixtures';

const TINY = { hiddenDims: [8, 8], batchSize: 32, logInterval: 100, learningRate: 1e-3 };
const CONFIGS = [
  { ...TINY, steps: 300, seed: 0 },
  { ...TINY, steps: 200, seed: 1 },
];

const TRAINERS: Array<{ name: 'awac' | 'rebrac'; train: (dataset: Dataset, config: (typeof CONFIGS)[number]) => Promise<Agent> }> = [
  { name: 'awac', train: trainAWAC },
  { name: 'rebrac', train: trainReBRAC },
];

/** The mean of `xs`. */
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe.each(TRAINERS)('$name with trainMany and policyDiagnostics', ({ name, train }) => {
  beforeAll(async () => setTestBackend('cpu'));
  const dataset = episodicContinuousDataset(256, 3);
  // Dataset observations, row-major.
  const observations = Array.from({ length: 40 }, (_, i) => Array.from(dataset.observations.subarray(2 * i, 2 * i + 2)));

  it('trainMany (2 workers) gives each run the agent the direct trainer gives with the same config', async () => {
    const progress: Array<[number, number]> = [];
    const agents = await trainMany(name, dataset, CONFIGS, { workers: 2, onProgress: (run, p) => progress.push([run, p.step]) });
    try {
      expect(agents).toHaveLength(CONFIGS.length);
      for (const [i, cfg] of CONFIGS.entries()) {
        expect(agents[i].spec.algorithm).toBe(name);
        expect(agents[i].spec.trainedSteps).toBe(cfg.steps);
        // Each run's last progress report is its final step, forwarded with its own index.
        expect(Math.max(...progress.filter(([run]) => run === i).map(([, step]) => step))).toBe(cfg.steps);
        const own = await train(dataset, cfg);
        expect(JSON.stringify(agents[i].toJSON())).toEqual(JSON.stringify(own.toJSON()));
        own.dispose();
      }
      // The runs really are different trainings (other seed, other length), not one agent twice.
      expect(agents[1].act(observations)).not.toEqual(agents[0].act(observations));
    } finally {
      agents.forEach((agent) => agent.dispose());
    }
  }, 60_000);

  it('policyDiagnostics reports the norms of the agent’s own greedy actions and its head’s std', async () => {
    const agent = await train(dataset, CONFIGS[0]);
    try {
      const before = tf.memory().numTensors;
      const d = policyDiagnostics(agent, observations);
      expect(tf.memory().numTensors).toBe(before);
      const norms = (agent.act(observations) as number[][]).map((a) => {
        expect(a).toHaveLength(2);
        return Math.hypot(...a);
      });
      expect(d.meanActionNorm).toBeCloseTo(mean(norms), 6);
      expect(d.meanActionNorm).toBeGreaterThan(0);
      expect(d.fractionNearUnitNorm).toBe(norms.filter((n) => n > NEAR_UNIT_NORM).length / norms.length);
      expect(d.entropyPerDimension).toBeUndefined();
      const head = agent.actor.head;
      if (name === 'awac') {
        // A Gaussian with a state-independent log-std: meanStd is the mean of its clipped exp, and
        // it has moved below its initial value (σ = 1) toward the data's narrow actions.
        expect(head).toBeInstanceOf(GaussianHead);
        const gaussian = head as GaussianHead;
        const logStd = Array.from(gaussian.logStd!.dataSync()).map((v) => Math.min(gaussian.logStdMax, Math.max(gaussian.logStdMin, v)));
        expect(d.meanStd).toBeCloseTo(mean(logStd.map(Math.exp)), 5);
        expect(d.meanStd).toBeGreaterThan(0);
        expect(d.meanStd).toBeLessThan(1);
      } else {
        // A deterministic actor has no std to report.
        expect(head.kind).toBe('deterministic');
        expect(d.meanStd).toBeUndefined();
      }
    } finally {
      agent.dispose();
    }
  });
});
