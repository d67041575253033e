import * as tf from '@tensorflow/tfjs-core';
import { hasFusedKernel } from '../fused-kernels';
import { COLUMN_SUM_KERNEL, GEMM_KERNEL, gemmKernelsReady, WEIGHT_GRADIENTS_KERNEL } from './gemm-kernels';

/**
 * Options of {@link gemm}.
 *
 * @example
 * ```ts
 * const opts: GemmOptions = { transposeB: true, gate: activations };
 * ```
 */
export interface GemmOptions {
  /** Use `aᵀ` (`a` is stored `[k, m]`). Default false. */
  transposeA?: boolean;
  /** Use `bᵀ` (`b` is stored `[n, k]`). Default false. */
  transposeB?: boolean;
  /** Added to every row, `[n]`. */
  bias?: tf.Tensor1D;
  /** `'relu'` applies `max(0, ·)` after the bias. Default `'linear'`. */
  activation?: 'linear' | 'relu';
  /**
   * `[m, n]`: the result is zeroed where `gate ≤ 0` — the ReLU derivative `step(gate)` of a backward
   * pass, applied without two more kernels.
   */
  gate?: tf.Tensor2D;
}

function fastPath(): boolean {
  return hasFusedKernel(GEMM_KERNEL) && gemmKernelsReady();
}

/**
 * `act(op(a)·op(b) + bias)`, zeroed where `gate ≤ 0`: the one matrix product the networks use, for
 * forward layers (`bias`, `'relu'`), weight gradients (`transposeA`) and input gradients
 * (`transposeB`, `gate`).
 *
 * On wasm and cpu it runs one kernel of this project (`OfflineRLGemm`, WebAssembly SIMD, after
 * `prepareGemmKernels()`): it reads transposed operands directly and never repacks a weight matrix
 * per new tensor as tfjs-wasm's XNNPACK path does. Elsewhere (tfjs-node, webgl), and when the fused
 * kernels are turned off, it is the plain `tf.fused.matMul` (+ `tf.step` mask), with explicit
 * transposes on wasm and cpu. Tested equal to the plain ops. Values only: no gradient is defined.
 *
 * @param a - `[m, k]` (or `[k, m]` with `transposeA`), float32.
 * @param b - `[k, n]` (or `[n, k]` with `transposeB`), float32.
 * @returns `[m, n]`.
 * @example
 * ```ts
 * const h = gemm(x, w, { bias: b, activation: 'relu' }); // a ReLU layer
 * const dW = gemm(x, g, { transposeA: true });          // xᵀ·g
 * const dx = gemm(g, w, { transposeB: true, gate: h }); // (g·Wᵀ) ⊙ step(h)
 * ```
 */
export function gemm(a: tf.Tensor2D, b: tf.Tensor2D, options: GemmOptions = {}): tf.Tensor2D {
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  const activation = options.activation ?? 'linear';
  const { bias, gate } = options;
  if (a.rank !== 2 || b.rank !== 2) throw new Error(`gemm: a and b must be rank 2, got shapes ${a.shape} and ${b.shape}`);
  if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new Error(`gemm: a and b must be float32, got ${a.dtype} and ${b.dtype}`);
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== kb) {
    throw new Error(`gemm: inner dimensions differ: a ${a.shape}${transposeA ? 'ᵀ' : ''} · b ${b.shape}${transposeB ? 'ᵀ' : ''}`);
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== n || bias.dtype !== 'float32')) {
    throw new Error(`gemm: bias must be float32 [${n}], got ${bias.dtype} [${bias.shape}]`);
  }
  if (gate && (gate.rank !== 2 || gate.shape[0] !== m || gate.shape[1] !== n || gate.dtype !== 'float32')) {
    throw new Error(`gemm: gate must be float32 [${m}, ${n}], got ${gate.dtype} [${gate.shape}]`);
  }
  if (fastPath()) {
    const inputs: tf.NamedTensorMap = { a, b };
    if (bias) inputs.bias = bias;
    if (gate) inputs.gate = gate;
    const attrs = { transposeA, transposeB, relu: activation === 'relu' };
    return tf.engine().runKernel(GEMM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
  }
  return tf.tidy(() => {
    // The transposed-operand flags of matMul are 12–20× slower on wasm (design notes §5).
    const explicit = tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu';
    const y = tf.fused.matMul({
      a: explicit && transposeA ? tf.transpose(a) : a,
      b: explicit && transposeB ? tf.transpose(b) : b,
      transposeA: !explicit && transposeA,
      transposeB: !explicit && transposeB,
      bias,
      activation,
    }) as tf.Tensor2D;
    return gate ? tf.mul(y, tf.step(gate)) : y;
  });
}

/**
 * Column sums of `x` `[rows, cols]` → `[cols]` (a bias gradient), in one kernel on wasm and cpu
 * (`OfflineRLColumnSum`); elsewhere a `[1, rows]·[rows, cols]` product, which wasm runs faster
 * than `tf.sum(x, 0)` (that transposes first).
 *
 * @example
 * ```ts
 * columnSum(tf.tensor2d([[1, 2], [3, 4]])); // [4, 6]
 * ```
 */
export function columnSum(x: tf.Tensor2D): tf.Tensor1D {
  if (x.rank !== 2 || x.dtype !== 'float32') throw new Error(`columnSum: x must be float32 [rows, cols], got ${x.dtype} [${x.shape}]`);
  if (fastPath()) return tf.engine().runKernel(COLUMN_SUM_KERNEL, { x }, {}) as tf.Tensor1D;
  return tf.tidy(() => tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [-1]) as tf.Tensor1D);
}

/**
 * A dense layer's weight gradients from its input `x` `[rows, m]` and output gradient `g`
 * `[rows, n]`: `[xᵀ·g [m, n], column sums of g [n]]` (kernel and bias gradients). On wasm and cpu one
 * kernel (`OfflineRLWeightGradients`) gives both, summing `g`'s columns while it packs `g` for the
 * product — the values {@link gemm} and {@link columnSum} give (tested); elsewhere those two ops.
 *
 * @example
 * ```ts
 * const [dKernel, dBias] = weightGradients(layerInput, outputGradient);
 * ```
 */
export function weightGradients(x: tf.Tensor2D, g: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  if (x.rank !== 2 || g.rank !== 2 || x.dtype !== 'float32' || g.dtype !== 'float32' || x.shape[0] !== g.shape[0]) {
    throw new Error(`weightGradients: x and g must be float32 [rows, ·] with the same rows, got ${x.dtype} [${x.shape}] and ${g.dtype} [${g.shape}]`);
  }
  if (fastPath()) return tf.engine().runKernel(WEIGHT_GRADIENTS_KERNEL, { x, g }, {}) as unknown as [tf.Tensor2D, tf.Tensor1D];
  return [gemm(x, g, { transposeA: true }), columnSum(g)];
}
