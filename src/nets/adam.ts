import * as tf from '@tensorflow/tfjs-core';
import { adamInPlace, FUSED_ADAM_KERNEL, hasFusedKernel } from '../backend/fused-kernels';

/**
 * Adam's first-moment decay (PyTorch and optax default).
 *
 * @example
 * ```ts
 * ADAM_BETA1; // 0.9
 * ```
 */
export const ADAM_BETA1 = 0.9;
/**
 * Adam's second-moment decay (PyTorch and optax default).
 *
 * @example
 * ```ts
 * ADAM_BETA2; // 0.999
 * ```
 */
export const ADAM_BETA2 = 0.999;
/**
 * Adam's denominator epsilon (PyTorch and optax default).
 *
 * @example
 * ```ts
 * ADAM_EPSILON; // 1e-8
 * ```
 */
export const ADAM_EPSILON = 1e-8;

/**
 * Adam over an explicit list of variables, with the update of PyTorch and optax:
 * `p ← p − lr · m̂ / (√v̂ + ε)` with bias-corrected moments. The learning rate is a plain field so a
 * schedule (the IQL actor's cosine decay) can set it before each step.
 *
 * @example
 * ```ts
 * const adam = new Adam(mlp.variables, 3e-4);
 * const { value, grads } = tf.variableGrads(loss, mlp.variables);
 * adam.apply(grads); tf.dispose([value, grads]);
 * ```
 */
export class Adam {
  /** Current learning rate. */
  learningRate: number;
  private readonly vars: tf.Variable[];
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(variables: tf.Variable[], learningRate: number) {
    if (!(learningRate >= 0) || !Number.isFinite(learningRate)) {
      throw new RangeError(`Adam: learningRate must be a finite number ≥ 0, got ${learningRate}`);
    }
    this.vars = variables;
    this.learningRate = learningRate;
    this.m = tf.tidy(() => variables.map((x) => tf.variable(tf.zerosLike(x), false)));
    this.v = tf.tidy(() => variables.map((x) => tf.variable(tf.zerosLike(x), false)));
  }

  /** Number of updates applied so far. */
  get iterations(): number {
    return this.t;
  }

  /** Applies one update from gradients keyed by variable name (the output of `tf.variableGrads`). */
  apply(grads: tf.NamedTensorMap): void {
    this.t += 1;
    const c1 = 1 - ADAM_BETA1 ** this.t;
    const c2 = 1 - ADAM_BETA2 ** this.t;
    // p -= lr/c1 · m / (sqrt(v)/sqrt(c2) + eps)  ==  p -= (lr·sqrt(c2)/c1) · m / (sqrt(v) + eps·sqrt(c2))
    const stepSize = (this.learningRate * Math.sqrt(c2)) / c1;
    const epsHat = ADAM_EPSILON * Math.sqrt(c2);
    this.vars.forEach((p) => {
      if (grads[p.name] === undefined) throw new Error(`Adam: no gradient for variable ${p.name}`);
    });
    const attrs = { stepSize, epsHat, beta1: ADAM_BETA1, beta2: ADAM_BETA2 };
    // On the wasm heap: over the variables' own memory (no new tensors, no assigns).
    if (adamInPlace(this.vars, this.m, this.v, this.vars.map((p) => grads[p.name]), attrs)) return;
    if (hasFusedKernel(FUSED_ADAM_KERNEL)) {
      // One pass over host memory for every variable: one kernel launch instead of ~12 per variable.
      const inputs: tf.NamedTensorMap = {};
      this.vars.forEach((p, i) => Object.assign(inputs, { [`param${i}`]: p, [`m${i}`]: this.m[i], [`v${i}`]: this.v[i], [`grad${i}`]: grads[p.name] }));
      const outs = tf.engine().runKernel(FUSED_ADAM_KERNEL, inputs, { count: this.vars.length, ...attrs }) as tf.Tensor[];
      this.vars.forEach((p, i) => {
        this.m[i].assign(outs[3 * i + 1]);
        this.v[i].assign(outs[3 * i + 2]);
        p.assign(outs[3 * i]);
      });
      tf.dispose(outs);
      return;
    }
    tf.tidy(() => {
      this.vars.forEach((p, i) => {
        const g = grads[p.name];
        const m = tf.add(tf.mul(this.m[i], ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
        const v = tf.add(tf.mul(this.v[i], ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        p.assign(tf.sub(p, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsHat)), stepSize)));
      });
    });
  }

  /** Moment estimates and step count, for checkpoints. */
  getState(): { step: number; m: tf.Variable[]; v: tf.Variable[] } {
    return { step: this.t, m: this.m, v: this.v };
  }

  /** Restores the step count (moments are restored by assigning to `getState()` variables). */
  setStep(step: number): void {
    this.t = step;
  }

  /** Frees the moment variables. */
  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
