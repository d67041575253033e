/**
 * Moves float64 reference state into the library's parts and back: MLP weights, critic ensembles and
 * Adam learners. Shared by the one-update reference tests; values are rounded to float32 on the way in.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CriticEnsemble, Learner, MLP } from '../../../src/nets';
import { Rng } from '../../../src/rng';
import type { ActionSpace } from '../../../src/types';
import type { AdamState64 } from './adam64';
import { flattenMlp64, unflattenMlp64, type Mlp64 } from './mlp64';

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

/** A new critic ensemble whose members hold reference networks' weights. */
export function criticsFrom64(nets: Mlp64[], options: { observationDim: number; actionSpace: ActionSpace; hiddenDims: number[]; trainable: boolean; layerNorm?: boolean }): CriticEnsemble {
  const ensemble = new CriticEnsemble({ ...options, rng: new Rng(0) });
  ensemble.members.forEach((m, k) => assignMlp64(m, nets[k]));
  return ensemble;
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
