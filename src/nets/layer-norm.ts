import * as tf from '@tensorflow/tfjs-core';
import { columnSum } from '../backend/wasm-kernels/gemm-ops';

/**
 * ε of {@link layerNorm}: `(x − mean) / √(var + ε)`. Flax's `nn.LayerNorm` default, which ReBRAC's
 * critics (CORL `rebrac.py`) use; PyTorch's `nn.LayerNorm` uses 1e-5.
 *
 * @example
 * ```ts
 * layerNorm(h, scale, offset, LAYER_NORM_EPSILON * 10);
 * ```
 */
export const LAYER_NORM_EPSILON = 1e-6;

/**
 * What {@link layerNormForward} keeps for {@link layerNormBackward}.
 *
 * @example
 * ```ts
 * const { output, normalized, invStd }: LayerNormTrace = layerNormForward(h, scale, offset);
 * ```
 */
export interface LayerNormTrace {
  /** `normalized · scale + offset`, `[B, n]`. */
  output: tf.Tensor2D;
  /** `(x − mean) / √(var + ε)` per row, `[B, n]`. */
  normalized: tf.Tensor2D;
  /** `1 / √(var + ε)` per row, `[B, 1]`. */
  invStd: tf.Tensor2D;
}

/** Mean and biased variance over the features of each row; `[B, 1]` each. */
function normalize(x: tf.Tensor2D, epsilon: number): { normalized: tf.Tensor2D; invStd: tf.Tensor2D } {
  const centered = tf.sub(x, tf.mean(x, 1, true)) as tf.Tensor2D;
  const invStd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), 1, true), epsilon)) as tf.Tensor2D;
  return { normalized: tf.mul(centered, invStd) as tf.Tensor2D, invStd };
}

/**
 * Layer normalisation of each row, `((x − mean) / √(var + ε)) · scale + offset`, with the mean and
 * the (biased) variance taken over the row's features (Ba et al. 2016; flax `nn.LayerNorm`, torch
 * `nn.LayerNorm`). Plain ops, differentiable by autodiff: use it inside gradient closures
 * ({@link MLP.apply}); the tape-free pair {@link layerNormForward} / {@link layerNormBackward} is what
 * the MLP's hand-written backward pass uses.
 *
 * @param x - `[B, n]`.
 * @param scale - `[n]` (initialised to 1).
 * @param offset - `[n]` (initialised to 0).
 * @example
 * ```ts
 * const h = layerNorm(tf.relu(z), scale, offset); // ReBRAC's critic: Dense → ReLU → LayerNorm
 * ```
 */
export function layerNorm(x: tf.Tensor2D, scale: tf.Tensor1D, offset: tf.Tensor1D, epsilon = LAYER_NORM_EPSILON): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(normalize(x, epsilon).normalized, scale), offset) as tf.Tensor2D);
}

/**
 * {@link layerNorm} without the autodiff tape, keeping the normalised rows and `1/σ` for
 * {@link layerNormBackward}. Call it outside any gradient closure.
 *
 * @example
 * ```ts
 * const trace = layerNormForward(h, scale, offset);
 * ```
 */
export function layerNormForward(x: tf.Tensor2D, scale: tf.Tensor1D, offset: tf.Tensor1D, epsilon = LAYER_NORM_EPSILON): LayerNormTrace {
  return tf.tidy(() => {
    const { normalized, invStd } = normalize(x, epsilon);
    return { output: tf.add(tf.mul(normalized, scale), offset) as tf.Tensor2D, normalized, invStd };
  });
}

/**
 * Hand-written gradient of {@link layerNormForward} from `dOutput = ∂L/∂output`:
 * `∂L/∂scale = Σ_b dOutput ⊙ x̂`, `∂L/∂offset = Σ_b dOutput`, and with `g = dOutput ⊙ scale`,
 * `∂L/∂x = (1/σ) · (g − mean_j g − x̂ · mean_j(g ⊙ x̂))` per row. Tested against float64 finite
 * differences.
 *
 * @example
 * ```ts
 * const { dx, dScale, dOffset } = layerNormBackward(dOut, trace, scale);
 * ```
 */
export function layerNormBackward(
  dOutput: tf.Tensor2D,
  trace: Pick<LayerNormTrace, 'normalized' | 'invStd'>,
  scale: tf.Tensor1D,
): { dx: tf.Tensor2D; dScale: tf.Tensor1D; dOffset: tf.Tensor1D } {
  return tf.tidy(() => {
    const { normalized, invStd } = trace;
    const dScale = columnSum(tf.mul(dOutput, normalized) as tf.Tensor2D);
    const dOffset = columnSum(dOutput);
    const g = tf.mul(dOutput, scale) as tf.Tensor2D;
    const centred = tf.sub(g, tf.mean(g, 1, true));
    const projected = tf.mul(normalized, tf.mean(tf.mul(g, normalized), 1, true));
    const dx = tf.mul(tf.sub(centred, projected), invStd) as tf.Tensor2D;
    return { dx, dScale, dOffset };
  });
}
