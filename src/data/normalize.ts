import type { Dataset } from './dataset';

/**
 * ε of observation standardisation `(s − μ)/(σ + ε)`: the value of TD3+BC and CORL (`1e-3`), which
 * keeps constant observation dimensions (σ = 0) finite.
 *
 * @example
 * ```ts
 * normalizeObservations(obs, stats, OBSERVATION_NORM_EPSILON); // same as the default
 * ```
 */
export const OBSERVATION_NORM_EPSILON = 1e-3;

/**
 * Per-dimension mean and (population) standard deviation of observations.
 *
 * @example
 * ```ts
 * const stats: ObservationStats = { mean: [0, 1], std: [1, 0.5] };
 * ```
 */
export interface ObservationStats {
  /** Mean of each observation dimension. */
  mean: number[];
  /** Population standard deviation (divide by N) of each observation dimension. */
  std: number[];
}

/**
 * Mean and population standard deviation of each observation dimension over all rows of the
 * dataset (`observations` only), computed in float64 with two passes.
 *
 * @example
 * ```ts
 * const ds = createDataset({ observations: [[0, 5], [2, 5]], actions: [[0], [0]],
 *   rewards: [0, 0], terminals: [0, 1] });
 * observationStats(ds); // { mean: [1, 5], std: [1, 0] }
 * ```
 */
export function observationStats(dataset: Dataset): ObservationStats {
  const { observations, observationDim: d, size } = dataset;
  const sum = new Float64Array(d);
  for (let i = 0; i < size; i++) for (let k = 0; k < d; k++) sum[k] += observations[i * d + k];
  const mean = Array.from(sum, (s) => s / size);
  const squares = new Float64Array(d);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < d; k++) {
      const diff = observations[i * d + k] - mean[k];
      squares[k] += diff * diff;
    }
  }
  const std = Array.from(squares, (s) => Math.sqrt(s / size));
  return { mean, std };
}

function checkStats(stats: ObservationStats, caller: string): number {
  const d = stats?.mean?.length;
  if (typeof d !== 'number' || d === 0 || stats.std?.length !== d) {
    throw new RangeError(`${caller}: stats.mean and stats.std must be non-empty arrays of equal length`);
  }
  return d;
}

/**
 * Standardises a flat row-major array of observations, `(s − μ)/(σ + ε)` per dimension, into a new
 * Float32Array (computed in float64). Use the same stats at training and at inference.
 *
 * @param observations - `[rows × stats.mean.length]`, row-major.
 * @param epsilon - added to σ; default {@link OBSERVATION_NORM_EPSILON}.
 * @throws RangeError when the length is not a multiple of the stats' width, or the stats are malformed.
 * @example
 * ```ts
 * normalizeObservations(new Float32Array([3, 1, 5, 1]), { mean: [1, 1], std: [2, 0] });
 * // → Float32Array [0.9995…, 0, 1.9990…, 0]  (2 rows of width 2; the constant dimension maps to 0)
 * ```
 */
export function normalizeObservations(
  observations: Float32Array,
  stats: ObservationStats,
  epsilon: number = OBSERVATION_NORM_EPSILON,
): Float32Array {
  const d = checkStats(stats, 'normalizeObservations');
  if (observations.length % d !== 0) {
    throw new RangeError(
      `normalizeObservations: ${observations.length} values are not whole rows of width ${d} (the width of stats.mean)`,
    );
  }
  if (!Number.isFinite(epsilon) || epsilon < 0) {
    throw new RangeError(`normalizeObservations: epsilon must be a finite number ≥ 0, got ${epsilon}`);
  }
  const denominator = stats.std.map((s) => s + epsilon);
  const { mean } = stats;
  const out = new Float32Array(observations.length);
  for (let j = 0; j < observations.length; j += d) {
    for (let k = 0; k < d; k++) out[j + k] = (observations[j + k] - mean[k]) / denominator[k];
  }
  return out;
}

/**
 * A dataset whose `observations` and `nextObservations` are standardised with `stats` (see
 * {@link normalizeObservations}); other columns are shared with the input dataset.
 *
 * @param epsilon - added to σ; default {@link OBSERVATION_NORM_EPSILON}.
 * @throws RangeError when the stats' width is not the dataset's `observationDim`.
 * @example
 * ```ts
 * const stats = observationStats(ds);
 * const normalized = normalizeDatasetObservations(ds, stats);
 * // at inference: agent.act(normalizeObservations(obs, stats))
 * ```
 */
export function normalizeDatasetObservations(dataset: Dataset, stats: ObservationStats, epsilon?: number): Dataset {
  const d = checkStats(stats, 'normalizeDatasetObservations');
  if (d !== dataset.observationDim) {
    throw new RangeError(
      `normalizeDatasetObservations: stats have width ${d} but the dataset's observationDim is ${dataset.observationDim}`,
    );
  }
  return {
    ...dataset,
    observations: normalizeObservations(dataset.observations, stats, epsilon),
    nextObservations: normalizeObservations(dataset.nextObservations, stats, epsilon),
  };
}
