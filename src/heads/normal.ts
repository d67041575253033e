import * as tf from '@tensorflow/tfjs-core';

/**
 * ½·log(2π), the per-dimension normalizer of a Normal log-density.
 * @internal
 * @example
 * ```ts
 * const logN = -0.5 * z * z - logStd - HALF_LOG_2PI;
 * ```
 */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ½·log 2: folds the ½ of `−½ z²` into the scale, `z/√2 = (a − μ)·exp(−log σ − ½ log 2)`.
 * @internal
 * @example
 * ```ts
 * const halfZ = tf.mul(tf.sub(x, mean), tf.exp(tf.sub(-HALF_LOG_2, logStd)));
 * ```
 */
export const HALF_LOG_2 = 0.5 * Math.log(2);

/**
 * Splits a `[B, 2·D]` network output into means (first half) and log-stds (second half, clipped to
 * `[logStdMin, logStdMax]`; the clip passes no gradient outside that range). Call inside a tidy.
 * @internal
 * @example
 * ```ts
 * const { mean, logStd } = splitMeanLogStd(raw, -5, 2);
 * ```
 */
export function splitMeanLogStd(
  raw: tf.Tensor2D,
  logStdMin: number,
  logStdMax: number,
): { mean: tf.Tensor2D; logStd: tf.Tensor2D } {
  const [mean, rawLogStd] = tf.split<tf.Tensor2D>(raw, 2, 1);
  return { mean, logStd: tf.clipByValue(rawLogStd, logStdMin, logStdMax) };
}

/**
 * Throws a `RangeError` from `owner` unless `logStdMin < logStdMax`, both finite.
 * @internal
 * @example
 * ```ts
 * checkLogStdRange('TanhGaussianHead', -5, 2);
 * ```
 */
export function checkLogStdRange(owner: string, logStdMin: number, logStdMax: number): void {
  if (!Number.isFinite(logStdMin) || !Number.isFinite(logStdMax) || !(logStdMin < logStdMax)) {
    throw new RangeError(
      `${owner}: need finite logStdMin < logStdMax, got logStdMin ${logStdMin}, logStdMax ${logStdMax}`,
    );
  }
}

/**
 * `dMode ⊙ (1 − mode²)`: the gradient with respect to `raw` of a loss of `mode = tanh(raw)`, given
 * `dMode = ∂L/∂mode` (the values of tfjs's Tanh gradient). The `modeGradient` of the heads whose
 * mode is a tanh.
 *
 * @example
 * ```ts
 * const dRaw = tanhGradient(tf.tanh(raw), dActions);
 * ```
 */
export function tanhGradient(mode: tf.Tensor2D, dMode: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.sub(1, tf.square(mode)), dMode) as tf.Tensor2D);
}
