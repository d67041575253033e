import type { Dataset } from 'offline-rl';

/**
 * The columns a writer stores, with the episode structure made explicit in the flags.
 *
 * @internal
 */
export interface WrittenColumns {
  /** `terminals` as 0/1 bytes. */
  readonly terminals: Uint8Array;
  /**
   * `timeouts` as 0/1 bytes, plus a 1 at every episode end that has neither flag (ends found by the
   * termination fix, the end of the data), so that a reader sees the same episodes.
   */
  readonly timeouts: Uint8Array;
  /** 1 at the last row of every episode. */
  readonly episodeEnds: Uint8Array;
  /** 1 where the row's next observation is known (the row is in `transitionIndices`). */
  readonly nextKnown: Uint8Array;
  /** True when every row's next observation is known: `next_observations` can be written. */
  readonly allNextKnown: boolean;
}

/**
 * Flags and facts every writer needs (see {@link WrittenColumns}).
 *
 * @example
 * ```ts
 * const { timeouts, allNextKnown } = writtenColumns(dataset);
 * ```
 * @internal
 */
export function writtenColumns(dataset: Dataset): WrittenColumns {
  const { size, episodeStarts, transitionIndices } = dataset;
  const terminals = Uint8Array.from(dataset.terminals);
  const timeouts = Uint8Array.from(dataset.timeouts);
  const episodeEnds = new Uint8Array(size);
  for (let e = 1; e < episodeStarts.length; e++) {
    const last = episodeStarts[e] - 1;
    episodeEnds[last] = 1;
    if (terminals[last] === 0) timeouts[last] = 1;
  }
  const nextKnown = new Uint8Array(size);
  for (let k = 0; k < transitionIndices.length; k++) nextKnown[transitionIndices[k]] = 1;
  return { terminals, timeouts, episodeEnds, nextKnown, allNextKnown: transitionIndices.length === size };
}
