import * as tf from '@tensorflow/tfjs-core';
import { gemm, weightGradients } from '../backend/wasm-kernels/gemm-ops';

/**
 * Activations a {@link dense} layer can apply.
 *
 * @example
 * ```ts
 * dense(x, w, b, { activation: 'relu' satisfies DenseActivation });
 * ```
 */
export type DenseActivation = 'relu' | 'linear';

type DenseFn = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

/**
 * Builds `y = act(x·W + b)` with a hand-written gradient: `dx = g·Wᵀ`, `dW = xᵀ·g`, `db = 1ᵀ·g`
 * (column sums), with `g = dy ⊙ act'(y)`. Every product is one {@link gemm} (the project's wasm
 * kernel on wasm and cpu), never `matMul`'s default gradient, whose transposed-operand flags run
 * 12–20× slower on wasm. The forward pass is one `matMul + bias + activation` kernel.
 */
function makeDense(activation: DenseActivation, inputGrad: boolean): DenseFn {
  const fn = tf.customGrad((...args: unknown[]) => {
    const [x, kernel, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = gemm(x, kernel, { bias, activation });
    save(activation === 'relu' ? [x, kernel, y] : [x, kernel]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ks, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined];
        const g = ys === undefined ? (dy as tf.Tensor2D) : (tf.mul(dy, tf.step(ys)) as tf.Tensor2D);
        const [dKernel, dBias] = weightGradients(xs, g);
        const dx = inputGrad ? gemm(g, ks, { transposeB: true }) : tf.zerosLike(xs);
        return [dx, dKernel, dBias];
      },
    };
  });
  return fn as unknown as DenseFn;
}

const DENSE: Record<`${DenseActivation}-${boolean}`, DenseFn> = {
  'relu-true': makeDense('relu', true),
  'relu-false': makeDense('relu', false),
  'linear-true': makeDense('linear', true),
  'linear-false': makeDense('linear', false),
};

/**
 * A dense layer `act(x·W + b)` whose gradient is fast on the wasm backend (see design notes §5).
 *
 * @param x - input `[B, in]`.
 * @param kernel - weights `[in, out]`.
 * @param bias - bias `[out]` (rank 1, as the fused kernel requires).
 * @param options - `activation` (`'relu'` or `'linear'`, default `'linear'`); `inputGrad` (default
 *   `true`): set `false` when `x` is data that needs no gradient, which skips the `g·Wᵀ` product.
 * @returns `[B, out]`.
 * @example
 * ```ts
 * const h = dense(obs, w1, b1, { activation: 'relu', inputGrad: false });
 * ```
 */
export function dense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  options: { activation?: DenseActivation; inputGrad?: boolean } = {},
): tf.Tensor2D {
  const activation = options.activation ?? 'linear';
  const inputGrad = options.inputGrad ?? true;
  if (x.rank !== 2 || kernel.rank !== 2 || bias.rank !== 1) {
    throw new Error(`dense: expected x [B, in], kernel [in, out], bias [out]; got ${x.shape}, ${kernel.shape}, ${bias.shape}`);
  }
  if (x.shape[1] !== kernel.shape[0] || kernel.shape[1] !== bias.shape[0]) {
    throw new Error(`dense: shapes do not chain: x ${x.shape}, kernel ${kernel.shape}, bias ${bias.shape}`);
  }
  return DENSE[`${activation}-${inputGrad}`](x, kernel, bias);
}
