import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent';
import { CHECKPOINT_FORMAT, type TrainerState } from '../../src/algorithms';
import { train, type AlgorithmConfigs, type AlgorithmName } from '../../src/algorithms/registry';
import type { Dataset } from '../../src/data';
import { setTestBackend } from '../helpers/backend';
import { episodicContinuousDataset } from './fixtures';

const N = 60;
const STOP = 40;
const TINY = { hiddenDims: [8, 8], batchSize: 16, steps: N, seed: 3, logInterval: 20 };

/** Per algorithm, a config that exercises its random streams and schedules. */
const CASES: { [K in AlgorithmName]: Partial<AlgorithmConfigs[K]> } = {
  // Dropout draws from `update/actor-dropout`; the default cosine schedule depends on the step index.
  iql: { ...TINY, actorDropout: 0.1 },
  // Delayed actor (policyDelay 2) and target noise from `update/target-noise`.
  td3bc: { ...TINY },
  bc: { ...TINY, actorDropout: 0.1 },
  // Policy samples from `update/next-action` and `update/policy-action`.
  awac: { ...TINY },
  // Delayed actor from step 0, target noise, next actions in the batch, layer-norm critics.
  rebrac: { ...TINY },
  // Every CQL draw (policy, next action, the three sample sets), the temperature and the Lagrange α'.
  cql: { ...TINY, cqlSamples: 3, cqlTargetGap: 1, maxTargetBackup: true, bcSteps: 45 },
};

let dir: string;
let dataset: Dataset;

beforeAll(async () => {
  await setTestBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'offline-rl-resume-'));
  // Episodes of 8 rows: most transitions bootstrap, so V(s') and TD3+BC's target noise matter.
  dataset = episodicContinuousDataset(256, 5);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Trains `name` for STOP steps with checkpoints and aborts from onProgress; returns the checkpoint path. */
async function interruptedRun(name: AlgorithmName, cfg: object, path: string): Promise<Agent> {
  const controller = new AbortController();
  return train(name, dataset, {
    ...cfg,
    checkpointPath: path,
    checkpointInterval: 20,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.step === STOP) controller.abort();
    },
  });
}

describe('resume from a checkpoint is bit-identical on cpu', () => {
  for (const name of Object.keys(CASES) as AlgorithmName[]) {
    it(`${name}: uninterrupted 60 steps = 40 steps, abort, resume to 60`, async () => {
      const cfg = CASES[name];
      const path = join(dir, `${name}.ckpt.json`);

      const a = await train(name, dataset, cfg);
      const b = await interruptedRun(name, cfg, path);
      expect(b.spec.trainedSteps).toBe(STOP);

      const doc = JSON.parse(await readFile(path, 'utf8')) as TrainerState;
      expect(doc.format).toBe(CHECKPOINT_FORMAT);
      expect(doc.format).toBe('offline-rl/checkpoint');
      expect(doc.algorithm).toBe(name);
      expect(doc.step).toBe(STOP);
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

      const c = await train(name, dataset, { ...cfg, checkpointPath: path, checkpointInterval: 20, resume: path });
      expect(c.spec.trainedSteps).toBe(N);
      expect(a.spec.trainedSteps).toBe(N);
      const weightsA = a.toJSON().weights;
      const weightsC = c.toJSON().weights;
      expect(Object.keys(weightsC)).toEqual(Object.keys(weightsA));
      expect(weightsC).toEqual(weightsA);
      // The interrupted run really is behind (the comparison is not vacuous).
      expect(b.toJSON().weights).not.toEqual(weightsA);
      // The resumed run rewrote the checkpoint at its end.
      expect((JSON.parse(await readFile(path, 'utf8')) as TrainerState).step).toBe(N);
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      for (const agent of [a, b, c]) agent.dispose();
    });
  }

  it('logInterval is free to differ between the interrupted and the resumed run', async () => {
    const path = join(dir, 'iql-log.ckpt.json');
    const cfg = CASES.iql;
    const a = await train('iql', dataset, { ...cfg, logInterval: 7 });
    (await interruptedRun('iql', cfg, path)).dispose();
    const c = await train('iql', dataset, { ...cfg, logInterval: 3, resume: path });
    expect(c.toJSON().weights).toEqual(a.toJSON().weights);
    a.dispose();
    c.dispose();
  });
});

describe('an abort between checkpoint steps', () => {
  it('writes a checkpoint at the step it stopped at, and resuming from it is still bit-identical', async () => {
    const path = join(dir, 'iql-off-interval.ckpt.json');
    const cfg = { ...CASES.iql, logInterval: 10 };
    const a = await train('iql', dataset, cfg);
    const controller = new AbortController();
    const b = await train('iql', dataset, {
      ...cfg,
      checkpointPath: path,
      checkpointInterval: 20,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 30) controller.abort();
      },
    });
    expect(b.spec.trainedSteps).toBe(30);
    expect((JSON.parse(await readFile(path, 'utf8')) as TrainerState).step).toBe(30);
    const c = await train('iql', dataset, { ...cfg, resume: path });
    expect(c.spec.trainedSteps).toBe(N);
    expect(c.toJSON().weights).toEqual(a.toJSON().weights);
    for (const agent of [a, b, c]) agent.dispose();
  });
});

describe('resume rejects what it cannot continue', () => {
  let path: string;

  beforeAll(async () => {
    path = join(dir, 'reject.ckpt.json');
    (await interruptedRun('iql', CASES.iql, path)).dispose();
  });

  // A rejected resume frees the trainer it set up.
  let tensors: number;
  beforeEach(() => {
    tensors = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('a changed config field', async () => {
    await expect(train('iql', dataset, { ...CASES.iql, expectile: 0.8, resume: path })).rejects.toThrow(
      /trainIQL: cannot resume with a different config \(expectile: checkpoint 0\.7, now 0\.8\)/,
    );
    await expect(train('iql', dataset, { ...CASES.iql, seed: 4, resume: path })).rejects.toThrow(/seed: checkpoint 3, now 4/);
  });

  it('another dataset', async () => {
    const other = episodicContinuousDataset(256, 6);
    await expect(train('iql', other, { ...CASES.iql, resume: path })).rejects.toThrow(/trainIQL: the checkpoint was written for other data/);
  });

  it('another algorithm', async () => {
    await expect(train('bc', dataset, { ...CASES.bc, resume: path })).rejects.toThrow(/trainBC: the checkpoint is of algorithm 'iql', not 'bc'/);
  });

  it('a missing file', async () => {
    const missing = join(dir, 'no-such.ckpt.json');
    await expect(train('iql', dataset, { ...CASES.iql, resume: missing })).rejects.toThrow(/^resume: cannot read the checkpoint .*no-such\.ckpt\.json \(ENOENT/);
  });
});
