import type { ActionSpace } from '../types';
import type { Dataset, DatasetMetadata } from './dataset';
import { checkMetadata } from './metadata';
import { DatasetError } from './dataset-error';
import { copyFlags, copyMatrix, copyVector, matrixShape, requireColumn } from './columns';
import type { Column1D, Column2D, FlagColumn } from './columns';
import { normalizeActionSpace } from './validate';
import { episodeEnds, episodeStartsFromEnds } from './episode-boundaries';

/**
 * What {@link createDataset} takes: one row per transition. Matrix columns are `number[][]`, an
 * array of typed-array rows, or one flat row-major array; vectors are `number[]` or typed arrays;
 * flags are 0/1 numbers or booleans. Every column has `rewards.length` rows.
 *
 * @example
 * ```ts
 * const input: DatasetInput = {
 *   observations: new Float32Array([0, 0, 1, 1]), // 2 rows of width 2
 *   actions: [0, 1],                               // discrete indices
 *   rewards: [0, 1],
 *   terminals: [false, true],
 *   actionSpace: { type: 'discrete', n: 2 },
 * };
 * ```
 */
export interface DatasetInput {
  /** `[rows × observationDim]`: the observation each transition starts from. */
  observations: Column2D;
  /** `[rows × actionDim]`; for a discrete space also a `number[]` / typed array of indices. */
  actions: Column2D;
  /** One reward per row; defines the number of rows. */
  rewards: Column1D;
  /** 1 (or `true`) where the transition ends in a true terminal state: cuts the bootstrap. Also called `dones`, `terminations`. */
  terminals: FlagColumn;
  /** 1 (or `true`) where a time limit cut the episode: ends the episode, still bootstraps. Also called `truncations`. Default all 0. */
  timeouts?: FlagColumn;
  /** The observation after each transition. When absent it is taken from the next row of the same episode. */
  nextObservations?: Column2D;
  /** Default: the box `[-1, 1]` in every action dimension. */
  actionSpace?: ActionSpace;
  /** Where the data came from and its reference scores; kept (frozen) as `dataset.metadata`. */
  metadata?: DatasetMetadata;
}

/**
 * Options of {@link createDataset}.
 *
 * @example
 * ```ts
 * const ds = createDataset(columns, { copy: false }); // adopts columns that are already Float32Arrays
 * ```
 */
export interface CreateDatasetOptions {
  /**
   * Copy every column (default `true`). With `false`, a flat `Float32Array` column of the right
   * length is validated in place and becomes the dataset's column (no second copy: for large data
   * read from files); the caller must not change it afterwards. Other columns are copied as usual.
   */
  copy?: boolean;
}

const ROWS_SOURCE = 'rewards';

/**
 * Builds a validated {@link Dataset} from columns of transitions, copying everything into fresh
 * `Float32Array`s (the input is never aliased unless `options.copy` is `false`).
 *
 * **Episodes.** An episode ends at a row whose `terminals` or `timeouts` flag is set, at the last
 * row, and — when `nextObservations` are given — at a row whose next observation differs from the
 * following row's observation (Euclidean distance above `TERMINATION_FIX_TOLERANCE`, 1e-6). The last
 * rule is the "termination fix" of D4RL-based code such as the official IQL: D4RL files often end
 * episodes without setting either flag. A row with both flags set ends its episode and, being
 * terminal, cuts the bootstrap; a timeout alone never cuts it.
 *
 * **Next observations.** When `nextObservations` are absent, row `i`'s next observation is row
 * `i + 1`'s observation inside an episode. At an episode's last row it is unknown, so the row's own
 * observation is copied as a placeholder: a terminal row stays usable for TD updates (its bootstrap
 * is cut, so the placeholder is never used), while a timeout or end-of-data row is left out of
 * `transitionIndices`. When `nextObservations` are given, every row is in `transitionIndices`.
 *
 * @throws DatasetError naming the field and the first bad row: empty dataset, length mismatch,
 *   wrong row width, NaN/±Infinity, flags other than 0/1/boolean, box actions outside
 *   `[low, high]`, discrete actions that are not integers in `0 … n − 1`, or a malformed `actionSpace`.
 * @example
 * ```ts
 * const ds = createDataset({
 *   observations: [[0], [1], [2], [10], [11]],
 *   actions: [[0.1], [0.2], [0.3], [-0.1], [-0.2]],
 *   rewards: [0, 0, 1, 0, 0],
 *   terminals: [0, 0, 1, 0, 0],
 *   timeouts: [0, 0, 0, 0, 1],
 * });
 * ds.episodeStarts;     // Int32Array [0, 3, 5]
 * ds.transitionIndices; // Int32Array [0, 1, 2, 3]  (row 4's next observation is unknown)
 * ```
 */
export function createDataset(input: DatasetInput, options: CreateDatasetOptions = {}): Dataset {
  if (input === null || typeof input !== 'object') {
    throw new DatasetError('input', null, 'createDataset expects an object { observations, actions, rewards, terminals, ... }');
  }
  const copy = options.copy ?? true;
  if (typeof copy !== 'boolean') throw new TypeError(`createDataset: options.copy must be a boolean, got ${typeof copy}`);
  const metadata = checkMetadata(input.metadata);
  requireColumn('rewards', input.rewards, 'an array of numbers');
  const size = input.rewards.length;
  if (size === 0) throw new DatasetError('rewards', null, 'the dataset is empty: rewards has 0 rows');

  const rewards = copyVector('rewards', input.rewards, size, ROWS_SOURCE, copy);
  const observationShape = matrixShape('observations', input.observations, size, ROWS_SOURCE);
  const observationDim = observationShape.width;
  const observations = copyMatrix('observations', input.observations, size, observationShape, undefined, copy);

  const actionShape = matrixShape('actions', input.actions, size, ROWS_SOURCE);
  const actionSpace = normalizeActionSpace(input.actionSpace, actionShape.width);
  const actions = copyMatrix('actions', input.actions, size, actionShape, actionSpace, copy);

  const terminals = copyFlags('terminals', input.terminals, size, ROWS_SOURCE, copy);
  const timeouts =
    input.timeouts === undefined ? new Float32Array(size) : copyFlags('timeouts', input.timeouts, size, ROWS_SOURCE, copy);

  let givenNext: Float32Array | null = null;
  if (input.nextObservations !== undefined) {
    const nextShape = matrixShape('nextObservations', input.nextObservations, size, ROWS_SOURCE, observationDim);
    givenNext = copyMatrix('nextObservations', input.nextObservations, size, nextShape, undefined, copy);
  }

  const ends = episodeEnds(observations, givenNext, terminals, timeouts, observationDim);
  const episodeStarts = episodeStartsFromEnds(ends);

  let nextObservations: Float32Array;
  let transitionIndices: Int32Array;
  if (givenNext !== null) {
    nextObservations = givenNext;
    transitionIndices = new Int32Array(size);
    for (let i = 0; i < size; i++) transitionIndices[i] = i;
  } else {
    nextObservations = new Float32Array(size * observationDim);
    // Row i takes row i + 1's observation; episode-last rows then get their own as a placeholder.
    nextObservations.set(observations.subarray(observationDim));
    // A row is usable unless it ends an episode without being terminal; counted first so large
    // datasets get one Int32Array and no growing list.
    const usable = (i: number): boolean => ends[i] !== 1 || terminals[i] === 1;
    let count = 0;
    for (let i = 0; i < size; i++) {
      if (ends[i] === 1) {
        nextObservations.set(observations.subarray(i * observationDim, (i + 1) * observationDim), i * observationDim);
      }
      if (usable(i)) count++;
    }
    transitionIndices = new Int32Array(count);
    for (let i = 0, k = 0; i < size; i++) if (usable(i)) transitionIndices[k++] = i;
  }

  return {
    size,
    observationDim,
    actionDim: actionShape.width,
    actionSpace,
    observations,
    actions,
    rewards,
    nextObservations,
    terminals,
    timeouts,
    episodeStarts,
    transitionIndices,
    ...(metadata === undefined ? {} : { metadata }),
  };
}
