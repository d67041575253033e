/**
 * Euclidean distance above which `nextObservations[i]` and `observations[i + 1]` count as different
 * observations, ending the episode at row `i` (the D4RL/IQL "termination fix"; the official IQL code
 * uses the same `1e-6` threshold on the norm).
 *
 * @example
 * ```ts
 * // rows i and i + 1 belong to one episode only if ‖next[i] − obs[i + 1]‖ ≤ TERMINATION_FIX_TOLERANCE
 * TERMINATION_FIX_TOLERANCE; // 1e-6
 * ```
 */
export const TERMINATION_FIX_TOLERANCE = 1e-6;

/**
 * Marks the last row of every episode: rows with a terminal or timeout flag, the last row, and,
 * when `nextObservations` are given, rows whose next observation is not the following row's
 * observation.
 *
 * @returns a 0/1 array, 1 at the last row of each episode.
 * @example
 * ```ts
 * const ends = episodeEnds(obs, null, terminals, timeouts, 4);
 * ```
 * @internal
 */
export function episodeEnds(
  observations: Float32Array,
  nextObservations: Float32Array | null,
  terminals: Float32Array,
  timeouts: Float32Array,
  observationDim: number,
): Uint8Array {
  const size = terminals.length;
  const ends = new Uint8Array(size);
  const toleranceSquared = TERMINATION_FIX_TOLERANCE * TERMINATION_FIX_TOLERANCE;
  for (let i = 0; i < size; i++) {
    if (terminals[i] === 1 || timeouts[i] === 1 || i === size - 1) {
      ends[i] = 1;
      continue;
    }
    if (nextObservations !== null) {
      const a = i * observationDim;
      const b = a + observationDim;
      let distanceSquared = 0;
      for (let k = 0; k < observationDim; k++) {
        const diff = nextObservations[a + k] - observations[b + k];
        distanceSquared += diff * diff;
      }
      if (distanceSquared > toleranceSquared) ends[i] = 1;
    }
  }
  return ends;
}

/**
 * The start row of each episode followed by the number of rows, from the episode-end marks.
 *
 * @example
 * ```ts
 * episodeStartsFromEnds(new Uint8Array([0, 1, 0, 1])); // Int32Array [0, 2, 4]
 * ```
 * @internal
 */
export function episodeStartsFromEnds(ends: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < ends.length; i++) count += ends[i];
  const starts = new Int32Array(count + 1);
  let e = 1;
  for (let i = 0; i < ends.length; i++) if (ends[i] === 1) starts[e++] = i + 1;
  return starts;
}
