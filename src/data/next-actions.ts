import type { Dataset } from './dataset';

/**
 * Each row's next action `a′` — the action taken at the next observation — as
 * {@link datasetNextActions} returns it.
 *
 * @example
 * ```ts
 * const { nextActions, known }: NextActions = datasetNextActions(dataset);
 * ```
 */
export interface NextActions {
  /** `[size × actionDim]`, row-major: row `i + 1`'s action where known, else row `i`'s own action as a placeholder. */
  nextActions: Float32Array;
  /** `[size]`: 1 where the next action is known, 0 at the last row of each episode. */
  known: Uint8Array;
}

/**
 * Marks the rows whose next action is known: every row but the last of its episode (the row `i + 1`
 * of the same episode is the next step). Unknown at an episode's last row, whatever ended it: a
 * terminal (there is no next step; its bootstrap is cut, so no update needs `a′`), a timeout or the
 * "termination fix" (the next observation is known, but what was done there was not logged), or
 * the end of the data.
 *
 * @returns `[size]`, 1 where known.
 * @example
 * ```ts
 * nextActionKnown(createDataset({ observations: [[0], [1], [2]], actions: [[0], [0], [0]], rewards: [0, 0, 0], terminals: [0, 1, 0] }));
 * // Uint8Array [1, 0, 0]
 * ```
 */
export function nextActionKnown(dataset: Dataset): Uint8Array {
  const known = new Uint8Array(dataset.size);
  const starts = dataset.episodeStarts;
  for (let e = 0; e + 1 < starts.length; e++) {
    for (let i = starts[e]; i < starts[e + 1] - 1; i++) known[i] = 1;
  }
  return known;
}

/**
 * The next action of every row (ReBRAC's critic penalty and SARSA-style critics need `a′`). A dataset
 * stores whole episodes in order, so `a′` of row `i` is row `i + 1`'s action inside an episode; it is
 * derived from `actions` and `episodeStarts` rather than stored, so it always agrees with the
 * actions of the dataset it is computed from (after `selectEpisodes`, action scaling, …). Where it
 * is unknown — the last row of each episode, see {@link nextActionKnown} — `known` is 0 and the row's
 * own action stands in (like `nextObservations` at an episode's end), so every value is a valid action.
 *
 * @example
 * ```ts
 * const ds = createDataset({
 *   observations: [[0], [1], [2], [3]], actions: [[0.1], [0.2], [0.3], [0.4]],
 *   rewards: [0, 0, 0, 0], terminals: [0, 1, 0, 0], timeouts: [0, 0, 0, 1],
 * });
 * const { nextActions, known } = datasetNextActions(ds);
 * // nextActions ≈ [0.2, 0.2, 0.4, 0.4], known = [1, 0, 1, 0]
 * ```
 */
export function datasetNextActions(dataset: Dataset): NextActions {
  const known = nextActionKnown(dataset);
  const ad = dataset.actionDim;
  const nextActions = dataset.actions.slice();
  for (let i = 0; i < dataset.size; i++) {
    if (known[i] === 1) nextActions.set(dataset.actions.subarray((i + 1) * ad, (i + 2) * ad), i * ad);
  }
  return { nextActions, known };
}
