import * as tf from '@tensorflow/tfjs-core';
import { gemm, weightGradients } from '../backend/wasm-kernels/gemm-ops';
import type { Rng } from '../rng';
import { dense } from './dense';
import { DEFAULT_NETWORK_INIT, initialDenseLayer, type NetworkInit } from './init';
import { layerNorm, layerNormBackward, layerNormForward } from './layer-norm';

/**
 * Gain of the orthogonal initialiser for ReLU layers, as in the official IQL code (`default_init`).
 *
 * @example
 * ```ts
 * orthogonalMatrix(17, 256, RELU_ORTHOGONAL_GAIN, rng);
 * ```
 */
export const RELU_ORTHOGONAL_GAIN = Math.SQRT2;

/**
 * Options of {@link MLP}.
 *
 * @example
 * ```ts
 * const opts: MLPOptions = { inputDim: 17, hiddenDims: [256, 256], outputDim: 1, rng: new Rng(0), name: 'value' };
 * ```
 */
export interface MLPOptions {
  /** Input width. */
  inputDim: number;
  /** Widths of the hidden ReLU layers (the official IQL code uses `[256, 256]`). */
  hiddenDims: number[];
  /** Output width (linear output layer). */
  outputDim: number;
  /** Stream for the initial weights. */
  rng: Rng;
  /** Label used in error messages, e.g. `'critic1'`. (Variables get engine-unique names.) */
  name: string;
  /** How the initial weights are drawn. Default {@link DEFAULT_NETWORK_INIT} (`'orthogonal'`). */
  init?: NetworkInit;
  /** Orthogonal init gain for every layer (`init: 'orthogonal'` only). Default √2 ({@link RELU_ORTHOGONAL_GAIN}). */
  gain?: number;
  /** Dropout rate after each hidden activation while training (IQL kitchen/adroit actor: 0.1). Default 0. */
  dropoutRate?: number;
  /** Whether the variables are trainable (target copies are not). Default true. */
  trainable?: boolean;
  /**
   * Layer normalisation after each hidden ReLU, with a learned scale (init 1) and offset (init 0)
   * per unit: `Dense → ReLU → LayerNorm` (ReBRAC's critics, CORL `critic_ln`). Default false.
   */
  layerNorm?: boolean;
}

/**
 * Options of {@link MLP.apply}.
 *
 * @example
 * ```ts
 * mlp.apply(x, { inputGrad: false, dropoutSeed: rng.seed() });
 * ```
 */
export interface MLPApplyOptions {
  /** Set `false` when the input is data that needs no gradient (saves one matMul). Default false. */
  inputGrad?: boolean;
  /** When given and the MLP has a dropout rate, dropout is applied with this seed (training mode). */
  dropoutSeed?: number;
}

/**
 * What {@link MLP.forwardTrace} keeps for a hand-written backward pass.
 *
 * @example
 * ```ts
 * const trace: MLPTrace = mlp.forwardTrace(x);
 * trace.output; // [B, outputDim]
 * ```
 */
export interface MLPTrace {
  /** Input of each layer (the network input, then each hidden layer's output after dropout). */
  inputs: tf.Tensor2D[];
  /** Each hidden layer's ReLU output before layer norm and dropout (its sign gives the ReLU derivative). */
  activations: tf.Tensor2D[];
  /** Each hidden layer's scaled dropout mask, or null without dropout. */
  masks: Array<tf.Tensor2D | null>;
  /** Each hidden layer's layer-norm trace (normalised rows and `1/σ`), or null without layer norm. Absent on MLPs without it. */
  norms?: Array<{ normalized: tf.Tensor2D; invStd: tf.Tensor2D } | null>;
  /** The network output. */
  output: tf.Tensor2D;
}

/**
 * Options of {@link MLP.backward}.
 *
 * @example
 * ```ts
 * const { dx } = critic.backward(trace, dQ, { inputGrad: true, weightGrads: false }); // ∂L/∂input only
 * ```
 */
export interface MLPBackwardOptions {
  /** Also return `∂L/∂x` (the network input). Default false. */
  inputGrad?: boolean;
  /** Return the variables' gradients. Default true; false when only `∂L/∂x` is wanted (a frozen critic). */
  weightGrads?: boolean;
  /**
   * With `inputGrad`, only these columns of `∂L/∂x`, `[B, size]` (a critic's action columns of its
   * `concat(s, a)` input): the last product reads only those rows of the first kernel, so it is
   * smaller and no slice follows. The same values as those columns of the whole `∂L/∂x`. Default:
   * every column.
   */
  inputColumns?: { begin: number; size: number };
}

/** One dense layer's parameters (and, for a hidden layer of an MLP with layer norm, the norm's). */
interface DenseParams {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
  norm?: { scale: tf.Variable<tf.Rank.R1>; offset: tf.Variable<tf.Rank.R1> };
}

/**
 * A multilayer perceptron with ReLU hidden layers and a linear output, built on {@link dense} so its
 * gradient is fast on wasm. Initialised orthogonally with zero biases (the official IQL network)
 * unless `init: 'pytorch'` (PyTorch's `nn.Linear` default, see {@link NetworkInit}).
 *
 * @example
 * ```ts
 * const value = new MLP({ inputDim: 17, hiddenDims: [256, 256], outputDim: 1, rng: new Rng(0), name: 'value' });
 * const v = value.apply(observations); // [B, 1]
 * value.dispose();
 * ```
 */
export class MLP {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly hiddenDims: number[];
  readonly dropoutRate: number;
  /** Whether each hidden ReLU is followed by a layer norm ({@link MLPOptions.layerNorm}). */
  readonly layerNorm: boolean;
  private readonly layers: DenseParams[];

  constructor(options: MLPOptions) {
    const { inputDim, hiddenDims, outputDim, rng, name } = options;
    const gain = options.gain ?? RELU_ORTHOGONAL_GAIN;
    const init = options.init ?? DEFAULT_NETWORK_INIT;
    this.dropoutRate = options.dropoutRate ?? 0;
    if (!(this.dropoutRate >= 0 && this.dropoutRate < 1)) {
      throw new RangeError(`MLP ${name}: dropoutRate must be in [0, 1), got ${this.dropoutRate}`);
    }
    for (const [label, value] of [['inputDim', inputDim], ['outputDim', outputDim], ...hiddenDims.map((h, i) => [`hiddenDims[${i}]`, h] as const)] as const) {
      if (!Number.isInteger(value) || value <= 0) throw new RangeError(`MLP ${name}: ${label} must be a positive integer, got ${value}`);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.hiddenDims = [...hiddenDims];
    const widths = [inputDim, ...hiddenDims, outputDim];
    const trainable = options.trainable ?? true;
    this.layerNorm = options.layerNorm ?? false;
    const last = widths.length - 2;
    this.layers = widths.slice(1).map((out, i) => {
      const inp = widths[i];
      const { kernel, bias } = initialDenseLayer(init, inp, out, gain, rng);
      // tf.variable keeps its initial tensor alive; tidy frees it.
      const layer: DenseParams = tf.tidy(() => ({
        kernel: tf.variable(tf.tensor2d(kernel, [inp, out]), trainable),
        bias: tf.variable(tf.tensor1d(bias), trainable) as tf.Variable<tf.Rank.R1>,
      }));
      if (this.layerNorm && i < last) {
        layer.norm = tf.tidy(() => ({ scale: tf.variable(tf.ones([out]), trainable) as tf.Variable<tf.Rank.R1>, offset: tf.variable(tf.zeros([out]), trainable) as tf.Variable<tf.Rank.R1> }));
      }
      return layer;
    });
  }

  /** The variables in layer order: kernel0, bias0, kernel1, bias1, … (with layer norm, each hidden layer's kernel and bias are followed by its norm's scale and offset). */
  get variables(): tf.Variable[] {
    return this.layers.flatMap((l) => (l.norm ? [l.kernel, l.bias, l.norm.scale, l.norm.offset] : [l.kernel, l.bias]));
  }

  /** What each of {@link MLP.variables} is, for messages: `'layer 0 kernel'`, `'layer 0 bias'`, `'layer 0 norm scale'`, … */
  variableLabels(): string[] {
    return this.layers.flatMap((l, i) => [`layer ${i} kernel`, `layer ${i} bias`, ...(l.norm ? [`layer ${i} norm scale`, `layer ${i} norm offset`] : [])]);
  }

  /** Forward pass: `[B, inputDim]` → `[B, outputDim]`. */
  apply(x: tf.Tensor2D, options: MLPApplyOptions = {}): tf.Tensor2D {
    let h = x;
    const last = this.layers.length - 1;
    this.layers.forEach((layer, i) => {
      h = dense(h, layer.kernel, layer.bias, {
        activation: i < last ? 'relu' : 'linear',
        inputGrad: i > 0 || (options.inputGrad ?? false),
      });
      if (layer.norm) h = layerNorm(h, layer.norm.scale, layer.norm.offset);
      if (i < last && this.dropoutRate > 0 && options.dropoutSeed !== undefined) {
        h = dropout(h, this.dropoutRate, options.dropoutSeed + i);
      }
    });
    return h;
  }

  /**
   * Forward pass for values only (targets, advantages, acting): one fused kernel per layer and no
   * gradient support — use {@link MLP.apply} inside gradient closures. Never applies dropout.
   */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.forwardTrace(x).output);
  }

  /**
   * Forward pass without the autodiff tape, keeping what {@link MLP.backward} needs: one
   * `matMul + bias + ReLU` {@link gemm} per layer. Call it outside any gradient closure.
   */
  forwardTrace(x: tf.Tensor2D, options: { dropoutSeed?: number } = {}): MLPTrace {
    const inputs: tf.Tensor2D[] = [];
    const activations: tf.Tensor2D[] = [];
    const masks: Array<tf.Tensor2D | null> = [];
    const norms: NonNullable<MLPTrace['norms']> = [];
    let h = x;
    const last = this.layers.length - 1;
    this.layers.forEach((layer, i) => {
      inputs.push(h);
      const z = gemm(h, layer.kernel, { bias: layer.bias, activation: i < last ? 'relu' : 'linear' });
      if (i === last) {
        h = z;
        return;
      }
      activations.push(z);
      let y = z;
      if (layer.norm) {
        const { output, normalized, invStd } = layerNormForward(z, layer.norm.scale, layer.norm.offset);
        norms.push({ normalized, invStd });
        y = output;
      } else {
        norms.push(null);
      }
      const mask = this.dropoutRate > 0 && options.dropoutSeed !== undefined ? dropoutMask(z.shape, this.dropoutRate, options.dropoutSeed + i) : null;
      masks.push(mask);
      h = mask ? tf.mul(y, mask) : y;
    });
    return this.layerNorm ? { inputs, activations, masks, norms, output: h } : { inputs, activations, masks, output: h };
  }

  /**
   * Hand-written backward pass from `dOutput = ∂L/∂output` of a {@link MLP.forwardTrace}: gradients
   * in the order of {@link MLP.variables} (empty without `weightGrads`), and `∂L/∂x` when `inputGrad`.
   * Per layer {@link weightGradients} (kernel and bias gradients in one kernel) and a {@link gemm}
   * (the ReLU derivative fused into the input-gradient product), and no tape; tested equal to
   * autodiff.
   */
  backward(trace: MLPTrace, dOutput: tf.Tensor2D, options: MLPBackwardOptions = {}): { grads: tf.Tensor[]; dx: tf.Tensor2D | null } {
    const inputGrad = options.inputGrad ?? false;
    const weightGrads = options.weightGrads ?? true;
    // Per layer: [dKernel, dBias] (+ [dScale, dOffset] of its norm), flattened in variable order at the end.
    const perLayer: tf.Tensor[][] = this.layers.map(() => []);
    let g = dOutput;
    let dx: tf.Tensor2D | null = null;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      if (weightGrads) perLayer[i].unshift(...weightGradients(trace.inputs[i], g));
      if (i === 0) {
        if (inputGrad) {
          const kernel = this.layers[0].kernel;
          const columns = options.inputColumns;
          dx = columns ? tf.tidy(() => gemm(g, inputRows(kernel, columns), { transposeB: true })) : gemm(g, kernel, { transposeB: true });
        }
        break;
      }
      const below = this.layers[i - 1];
      const mask = trace.masks[i - 1];
      const norm = trace.norms?.[i - 1];
      if (below.norm && norm) {
        // Through dropout, then the layer norm, then the ReLU of the layer below.
        let gNorm = gemm(g, this.layers[i].kernel, { transposeB: true });
        if (mask) gNorm = tf.mul(gNorm, mask);
        const back = layerNormBackward(gNorm, norm, below.norm.scale);
        if (weightGrads) perLayer[i - 1].push(back.dScale, back.dOffset);
        g = tf.mul(back.dx, tf.step(trace.activations[i - 1]));
        continue;
      }
      // ∂L/∂(pre-activation) of the layer below: (g·Wᵀ) ⊙ step(its ReLU output) in one kernel,
      // times its dropout mask when it had one.
      g = gemm(g, this.layers[i].kernel, { transposeB: true, gate: trace.activations[i - 1] });
      if (mask) g = tf.mul(g, mask);
    }
    return { grads: weightGrads ? perLayer.flat() : [], dx };
  }

  /** Copies another MLP's weights of the same shape into this one. */
  copyFrom(source: MLP): void {
    const src = source.variables;
    this.variables.forEach((v, i) => v.assign(src[i]));
  }

  /** Frees the variables. */
  dispose(): void {
    tf.dispose(this.variables);
  }
}

/** Rows `[begin, begin + size)` of a first layer's kernel `[inputDim, units]` (contiguous, so the slice is one copy). */
function inputRows(kernel: tf.Tensor2D, { begin, size }: { begin: number; size: number }): tf.Tensor2D {
  if (!(Number.isInteger(begin) && Number.isInteger(size) && begin >= 0 && size >= 1 && begin + size <= kernel.shape[0])) {
    throw new RangeError(`MLP.backward: inputColumns [${begin}, ${begin} + ${size}) is not within the ${kernel.shape[0]} input columns`);
  }
  return tf.slice(kernel, [begin, 0], [size, -1]);
}

/** Inverted-dropout mask: 0 with probability `rate`, else `1/(1 − rate)`. */
function dropoutMask(shape: [number, number], rate: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.step(tf.sub(tf.randomUniform(shape, 0, 1, 'float32', seed), rate)), 1 / (1 - rate)));
}

/** Inverted dropout: zero each unit with probability `rate`, scale the rest by `1/(1 − rate)`. */
function dropout(x: tf.Tensor2D, rate: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, dropoutMask(x.shape, rate, seed)));
}
