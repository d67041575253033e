import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actorRole, valueRole } from '../../src/agent/networks';
import { decodeFloat32, type SerializedTensor } from '../../src/agent/tensor-codec';
import {
  COMMON_DEFAULTS,
  CHECKPOINT_FORMAT,
  defineAlgorithm,
  IQL,
  iqlUpdate,
  NonFiniteLossError,
  readCheckpoint,
  type CommonConfig,
  type TrainerState,
} from '../../src/algorithms';
import { train } from '../../src/algorithms/registry';
import { createDataset, type Dataset } from '../../src/data';
import { continuousDataset } from '../algos/fixtures';
import { setTestBackend } from '../helpers/backend';
import { episodicContinuousDataset } from './fixtures';

const TINY = { hiddenDims: [8, 8], batchSize: 16, seed: 0 };

let dir: string;
let dataset: Dataset;
let tensors: number;

beforeAll(async () => {
  await setTestBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'offline-rl-nonfinite-'));
  dataset = episodicContinuousDataset(256, 4);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
// A run stopped by the guard frees its trainer: the tensor count returns to where it was.
beforeEach(() => {
  tensors = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensors);
});

/** The rejection of `run`, which must be a NonFiniteLossError. */
async function guardError(run: Promise<unknown>): Promise<NonFiniteLossError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NonFiniteLossError);
  return err as NonFiniteLossError;
}

/** Checks the error names a loss metric and the step, in its fields and its message. */
function expectLossError(err: NonFiniteLossError, trainer: string): void {
  expect(err.name).toBe('NonFiniteLossError');
  expect(err.metric).toMatch(/loss/);
  expect(Number.isInteger(err.step) && err.step > 0).toBe(true);
  expect(Number.isFinite(err.value)).toBe(false);
  expect(err.message).toContain(`${trainer}: '${err.metric}' is ${err.value} at step ${err.step}`);
}

/** Whether every float in every serialized tensor is finite. */
function allFinite(groups: Record<string, SerializedTensor[]>): boolean {
  return Object.values(groups).every((ts) => ts.every((t) => decodeFloat32(t.data, t.shape.reduce((a, b) => a * b, 1), 'test').every(Number.isFinite)));
}

describe('a loss that goes non-finite stops training with NonFiniteLossError', () => {
  it('IQL and TD3+BC on rewards of 1e38 (the TD targets overflow)', async () => {
    const input = continuousDataset(256, 4);
    const huge = createDataset({ ...input, rewards: Array.from({ length: 256 }, () => 1e38) });
    for (const [name, trainer] of [['iql', 'trainIQL'], ['td3bc', 'trainTD3BC']] as const) {
      const err = await guardError(train(name, huge, { ...TINY, steps: 200, logInterval: 5 }));
      expectLossError(err, trainer);
      expect(err.metric).toMatch(/^critic\/loss$|^value\/loss$/);
      expect(err.step).toBe(5); // the first log step: non-finite from the first update on
    }
  });

  it('BC with a learning rate of 1e30 (the weights blow up after the first step)', async () => {
    const err = await guardError(train('bc', dataset, { ...TINY, steps: 200, logInterval: 1, learningRate: 1e30 }));
    expectLossError(err, 'trainBC');
    expect(err.metric).toBe('actor/loss');
    expect(err.step).toBe(2);
  });
});

describe('the checkpoint written before the blow-up stays as it was', () => {
  /** IQL whose rewards are multiplied by 1e38 from update index `from` on: a run that goes bad midway. */
  const overflowingIQL = (from: number) =>
    defineAlgorithm({
      ...IQL,
      name: 'iql-overflow',
      trainer: 'trainOverflowingIQL',
      update: (parts, batch, cfg, step) => {
        if (step.index < from) return iqlUpdate(parts, batch, cfg, step);
        const rewards = tf.mul(batch.rewards, 1e38) as tf.Tensor1D;
        try {
          return iqlUpdate(parts, { ...batch, rewards }, cfg, step);
        } finally {
          rewards.dispose();
        }
      },
    });

  it('IQL going non-finite at step 35 of a run checkpointing every 20: the step-20 checkpoint survives, readable and resumable', async () => {
    const algorithm = overflowingIQL(34);
    const path = join(dir, 'overflow.ckpt.json');
    const cfg = { ...TINY, steps: 200, logInterval: 10, checkpointPath: path, checkpointInterval: 20 };
    let before: Buffer | undefined;
    const err = await guardError(
      train(algorithm, dataset, {
        ...cfg,
        onProgress: (p) => {
          if (p.step === 30) before = readFileSync(path);
        },
      }),
    );
    expectLossError(err, 'trainOverflowingIQL');
    expect(err.step).toBe(40); // detected at the first log step after the update that overflowed

    expect(before).toBeDefined();
    expect((await readFile(path)).equals(before!)).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const saved: TrainerState = await readCheckpoint(path);
    expect(saved.format).toBe(CHECKPOINT_FORMAT);
    expect(saved.step).toBe(20);
    expect(allFinite(saved.weights)).toBe(true);
    // It resumes (and, before the overflow, trains on).
    const controller = new AbortController();
    const resumed = await train(algorithm, dataset, {
      ...cfg,
      resume: path,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 30) controller.abort();
      },
    });
    expect(resumed.spec.trainedSteps).toBe(30);
    resumed.dispose();
  });

  it('a non-finite Adam moment (finite weights and loss) is not written to a checkpoint either', async () => {
    // An actor (every agent has one) and a value network trained on `scale · mean V(s)`: from update index 5 the scale is 1e30, so the
    // gradients square to Infinity in Adam's second moment, m / (√v + ε) is 0 and the weights and the
    // loss stay finite. A checkpoint of that state could never train again.
    const algorithm = defineAlgorithm({
      name: 'inf-moment',
      trainer: 'trainInfMoment',
      defaults: COMMON_DEFAULTS,
      validate: () => {},
      roles: (cfg: CommonConfig, shape) => ({ actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'deterministic' } }), value: valueRole(shape, cfg.hiddenDims) }),
      learners: (cfg: CommonConfig) => ({ value: { roles: ['value'], learningRate: cfg.learningRate } }),
      update: (parts, batch, _cfg, step) => ({
        'value/loss': parts.learners.value.stepMLP([{ mlp: parts.nets.value, input: batch.observations }], ([v]) => tf.mul(tf.mean(v), step.index < 5 ? 1 : 1e30)),
      }),
    });
    const path = join(dir, 'inf-moment.ckpt.json');
    const cfg = { ...TINY, steps: 50, logInterval: 5, checkpointPath: path, checkpointInterval: 5 };
    let losses: number[] = [];
    const err = await guardError(train(algorithm, dataset, { ...cfg, onProgress: (p) => (losses = [...losses, p.metrics['value/loss']]) }));
    expect(err.step).toBe(10);
    expect(err.metric).toBe('value optimizer second moment');
    expect(err.value).toBe(Infinity);
    expect(err.message).toContain("trainInfMoment: 'value optimizer second moment' is Infinity at step 10");
    expect(losses.every(Number.isFinite)).toBe(true);
    const saved = await readCheckpoint(path);
    expect(saved.step).toBe(5);
    expect(allFinite(saved.weights)).toBe(true);
    for (const opt of Object.values(saved.optimizers)) expect(allFinite({ m: opt.m, v: opt.v })).toBe(true);
  });
});
