import * as tf from '@tensorflow/tfjs-core';

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
 * Builds `y = act(x·W + b)` with a hand-written gradient that never uses the `transposeA` /
 * `transposeB` flags of `matMul`: on the wasm backend those run 12–20× slower than a plain `matMul`,
 * and the default gradient of `matMul` uses them. Here the transposes are explicit:
 * `dx = g·Wᵀ`, `dW = xᵀ·g`, `db = 1ᵀ·g` (row sum), with `g = dy ⊙ act'(y)`.
 *
 * The forward pass is one fused `matMul + bias + activation` kernel.
 */
function makeDense(activation: DenseActivation, inputGrad: boolean): DenseFn {
  const fn = tf.customGrad((...args: unknown[]) => {
    const [x, kernel, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
    save(activation === 'relu' ? [x, kernel, y] : [x, kernel]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ks, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined];
        const g = ys === undefined ? (dy as tf.Tensor2D) : tf.mul(dy, tf.step(ys));
        const dKernel = tf.matMul(tf.transpose(xs), g);
        // Σ over rows as a [1, B]·[B, out] product: a column reduction is slow on wasm (it transposes first).
        const dBias = tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [-1]);
        const dx = inputGrad ? tf.matMul(g, tf.transpose(ks)) : tf.zerosLike(xs);
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
