import * as tf from '@tensorflow/tfjs-core';

function makeStopGradient(): (x: tf.Tensor) => tf.Tensor {
  const fn = tf.customGrad((...args: unknown[]) => {
    const [x] = args as [tf.Tensor];
    return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return fn as unknown as (x: tf.Tensor) => tf.Tensor;
}

const STOP_GRADIENT = makeStopGradient();

/**
 * Identity in value, zero gradient: `stopGradient(x)` is a copy of `x` that gradients do not flow
 * through (`tf.stop_gradient`, `torch.Tensor.detach`, `jax.lax.stop_gradient`). TensorFlow.js has no
 * such op; this is a `tf.customGrad` whose gradient is zeros.
 *
 * Use it for a quantity that must be computed *inside* a gradient closure but treated as a constant,
 * such as TD3+BC's `λ = α / mean|Q|` (see {@link acBcLoss}). Constants that can be computed before the
 * closure (TD targets, AWR weights) are cheaper there.
 *
 * @param x - any tensor (borrowed).
 * @returns a new tensor with the value of `x`.
 * @example
 * ```ts
 * const g = tf.grad((x) => tf.sum(tf.mul(stopGradient(x), x)))(tf.tensor1d([1, 2])); // = x, not 2x
 * ```
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return STOP_GRADIENT(x) as T;
}
