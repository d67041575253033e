/**
 * Moves float64 reference state into the library's parts and back: MLP weights, critic ensembles and
 * Adam learners. Shared by the one-update reference tests; values are rounded to float32 on the way in.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Actor } from '../../../src/agent/networks';
import type { MetricTensors } from '../../../src/algorithms/definition';
import type { TD3BCParts } from '../../../src/algorithms/td3bc/update';
import { DeterministicHead, GaussianHead } from '../../../src/heads';
import { CriticEnsemble, Learner, MLP } from '../../../src/nets';
import { Rng } from '../../../src/rng';
import type { Batch } from '../../../src/types';
import type { AdamState64 } from './adam64';
import type { Batch64 } from './iql64';
import { flattenMlp64, unflattenMlp64, type Mlp64 } from './mlp64';
import type { TD3BCAdam64, TD3BCNets64 } from './td3bc64';

/** Assigns a reference network's layers to an MLP (variables `[W0, b0, W1, b1, …]`, with `scale, offset` after a normed layer's bias). */
export function assignMlp64(mlp: MLP, net: Mlp64): void {
  const flat = flattenMlp64(net);
  const vars = mlp.variables;
  const size = vars.reduce((s, v) => s + v.size, 0);
  if (size !== flat.length) throw new Error(`assignMlp64: the MLP has ${size} parameters, the reference network ${flat.length}`);
  let k = 0;
  tf.tidy(() =>
    vars.forEach((v) => {
      v.assign(tf.tensor(flat.slice(k, k + v.size), v.shape));
      k += v.size;
    }),
  );
}

/** An MLP's weights as a reference network shaped like `like`. */
export function readMlp64(mlp: MLP, like: Mlp64): Mlp64 {
  return unflattenMlp64(mlp.variables.flatMap((v) => Array.from(v.dataSync())), like);
}

/** A new MLP holding a reference network's weights. */
export function mlpFrom64(net: Mlp64, options: { inputDim: number; hiddenDims: number[]; outputDim: number; name: string; trainable?: boolean; layerNorm?: boolean }): MLP {
  const mlp = new MLP({ ...options, rng: new Rng(0) });
  assignMlp64(mlp, net);
  return mlp;
}

/**
 * A new actor with a Gaussian head (tanh mean, state-independent log-std clipped to
 * [logStdMin, logStdMax]) holding a reference network and log-std.
 */
export function gaussianActorFrom64(net: Mlp64, logStd: number[], options: { inputDim: number; hiddenDims: number[]; logStdMin: number; logStdMax: number; name: string }): Actor {
  const { inputDim, hiddenDims, logStdMin, logStdMax, name } = options;
  const head = new GaussianHead(logStd.length, { logStdMin, logStdMax });
  tf.tidy(() => head.logStd.assign(tf.tensor1d(logStd)));
  return new Actor(mlpFrom64(net, { inputDim, hiddenDims, outputDim: logStd.length, name }), head);
}

/** A {@link gaussianActorFrom64} actor's network (shaped like `like`) and log-std, read back. */
export function readGaussianActor64(actor: Actor, like: Mlp64): { actor: Mlp64; logStd: number[] } {
  return { actor: readMlp64(actor.mlp, like), logStd: actor.head.variables.flatMap((v) => Array.from(v.dataSync())) };
}

/** A new critic ensemble (of actions in the box [−1, 1]^actionDim) whose members hold reference networks' weights. */
export function criticsFrom64(nets: Mlp64[], options: { observationDim: number; actionDim: number; hiddenDims: number[]; trainable: boolean; layerNorm?: boolean }): CriticEnsemble {
  const { actionDim, ...rest } = options;
  const actionSpace = { type: 'box' as const, low: new Array<number>(actionDim).fill(-1), high: new Array<number>(actionDim).fill(1) };
  const ensemble = new CriticEnsemble({ ...rest, actionSpace, rng: new Rng(0) });
  ensemble.members.forEach((m, k) => assignMlp64(m, nets[k]));
  return ensemble;
}

/** A critic ensemble's members as reference networks shaped like `like`. */
export function readCritics64(ensemble: CriticEnsemble, like: Mlp64[]): Mlp64[] {
  return ensemble.members.map((m, k) => readMlp64(m, like[k]));
}

/** A learner over `variables` whose Adam moments and step count are a reference state (flattened in variable order). */
export function learnerFrom64(variables: tf.Variable[], learningRate: number, state: AdamState64): Learner {
  const learner = new Learner(variables, learningRate);
  const { m, v } = learner.optimizer.getState();
  let k = 0;
  tf.tidy(() =>
    variables.forEach((x, i) => {
      m[i].assign(tf.tensor(state.m.slice(k, k + x.size), x.shape));
      v[i].assign(tf.tensor(state.v.slice(k, k + x.size), x.shape));
      k += x.size;
    }),
  );
  learner.optimizer.setStep(state.t);
  return learner;
}

/** A learner's Adam state, flattened in variable order. */
export function readLearner64(learner: Learner): AdamState64 {
  const { step, m, v } = learner.optimizer.getState();
  return { t: step, m: m.flatMap((x) => Array.from(x.dataSync())), v: v.flatMap((x) => Array.from(x.dataSync())) };
}

/** A reference batch as the library's tensors (with `nextActions` when it has them). */
export function batchFrom64(b: Batch64 & { nextActions?: number[][] }): Batch {
  return {
    observations: tf.tensor2d(b.observations),
    actions: tf.tensor2d(b.actions),
    rewards: tf.tensor1d(b.rewards),
    nextObservations: tf.tensor2d(b.nextObservations),
    terminals: tf.tensor1d(b.terminals),
    ...(b.nextActions ? { nextActions: tf.tensor2d(b.nextActions) } : {}),
  };
}

/**
 * The standard normal draw `[rows, cols]` that tfjs makes with `seed` (float32), as plain arrays: a
 * library update's random input, which the reference takes as its own input.
 */
export function seededNormal64(rows: number, cols: number, seed: number): number[][] {
  return tf.tidy(() => tf.randomNormal([rows, cols], 0, 1, 'float32', seed).arraySync() as number[][]);
}

/** Disposes every value of each record or array in turn (metrics, a batch, learners, networks); `undefined`s are skipped. */
export function disposeAll(...groups: object[]): void {
  groups.forEach((group) => (Object.values(group) as Array<{ dispose(): void } | undefined>).forEach((x) => x?.dispose()));
}

/**
 * One update of TD3+BC or ReBRAC in the library (`update` runs it on the parts and batch built here),
 * read back: a deterministic actor and its target, twin critics (with layer norms if `dims.layerNorm`)
 * and their targets, holding `init`; Adam learners holding `adam`. Returns the networks, Adam states
 * and losses after the update, and the tensors still alive once everything built here is disposed
 * beyond those alive before (`leaked`).
 */
export function libraryTD3Update64(
  init: TD3BCNets64,
  adam: TD3BCAdam64,
  batch64: Batch64 & { nextActions?: number[][] },
  learningRates: { actor: number; critic: number },
  dims: { observationDim: number; actionDim: number; hiddenDims: number[]; layerNorm?: boolean },
  update: (parts: TD3BCParts, batch: Batch) => MetricTensors,
): { nets: TD3BCNets64; adam: TD3BCAdam64; losses: { critic: number; actor?: number }; leaked: number } {
  const before = tf.memory().numTensors;
  const { observationDim, actionDim, hiddenDims } = dims;
  const newActor = (net: Mlp64, name: string, trainable: boolean) => new Actor(mlpFrom64(net, { inputDim: observationDim, hiddenDims, outputDim: actionDim, name, trainable }), new DeterministicHead(actionDim));
  const newCritics = (nets: Mlp64[], trainable: boolean) => criticsFrom64(nets, { ...dims, trainable });
  const actor = newActor(init.actor, 'actor', true);
  const critics = newCritics(init.critics, true);
  const parts: TD3BCParts = {
    nets: { actor, targetActor: newActor(init.targetActor, 'targetActor', false), critics, targetCritics: newCritics(init.targetCritics, false) },
    learners: { actor: learnerFrom64(actor.variables, learningRates.actor, adam.actor), critic: learnerFrom64(critics.variables, learningRates.critic, adam.critic) },
  };
  const batch = batchFrom64(batch64);
  const metrics = update(parts, batch);
  const { nets, learners } = parts;
  const outcome = {
    nets: {
      actor: readMlp64(nets.actor.mlp, init.actor),
      targetActor: readMlp64(nets.targetActor.mlp, init.targetActor),
      critics: readCritics64(nets.critics, init.critics),
      targetCritics: readCritics64(nets.targetCritics, init.targetCritics),
    },
    adam: { actor: readLearner64(learners.actor), critic: readLearner64(learners.critic) },
    losses: { critic: metrics['critic/loss'].dataSync()[0], actor: metrics['actor/loss']?.dataSync()[0] },
  };
  disposeAll(metrics, batch, learners, nets);
  return { ...outcome, leaked: tf.memory().numTensors - before };
}
