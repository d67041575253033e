import type { Rng } from '../rng';

/**
 * An orthogonal weight matrix `[rows, cols]` scaled by `gain`, as `flax.linen.initializers.orthogonal`
 * and `torch.nn.init.orthogonal_` draw it: QR of a standard-normal matrix, with the signs of R's
 * diagonal folded into Q so the result is uniformly distributed. When `rows ≥ cols` the columns are
 * orthonormal (times `gain`); otherwise the rows are.
 *
 * Computed on the host in float64 with the library RNG, so it is identical on every backend.
 *
 * @param rows - input width of a dense layer (`fan_in`).
 * @param cols - output width of a dense layer (`fan_out`).
 * @param gain - scale, √2 for ReLU layers in the official IQL code.
 * @returns row-major `Float32Array` of length `rows × cols`.
 * @example
 * ```ts
 * const w = orthogonalMatrix(17, 256, Math.SQRT2, new Rng(0)); // kernel for tf.tensor2d(w, [17, 256])
 * ```
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows <= 0 || cols <= 0) {
    throw new RangeError(`orthogonalMatrix: rows and cols must be positive integers, got ${rows} × ${cols}`);
  }
  // Work on a tall matrix A [m, n], m ≥ n; transpose at the end when rows < cols.
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  const q = thinQ(a, m, n);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const value = gain * q[i * n + j];
      if (rows >= cols) out[i * cols + j] = value;
      else out[j * cols + i] = value;
    }
  }
  return out;
}

/**
 * Thin Q factor of a tall matrix `a [m, n]` (m ≥ n, row-major) by modified Gram–Schmidt with one
 * re-orthogonalisation pass, signs chosen so that R has a positive diagonal.
 */
function thinQ(a: Float64Array, m: number, n: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * n + k] * q[i * n + j];
        for (let i = 0; i < m; i++) q[i * n + j] -= dot * q[i * n + k];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * n + j] ** 2;
    norm = Math.sqrt(norm);
    // R[j][j] = norm > 0, so Q's column keeps the sign convention of a positive-diagonal R.
    for (let i = 0; i < m; i++) q[i * n + j] /= norm;
  }
  return q;
}
