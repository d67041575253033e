import type { Dataset } from '../data';
import type { ActionSpace } from '../types';

/** The Float32Array columns of a {@link Dataset}. */
const FLOAT_COLUMNS = ['observations', 'actions', 'rewards', 'nextObservations', 'terminals', 'timeouts'] as const;
/** The Int32Array columns of a {@link Dataset}. */
const INT_COLUMNS = ['episodeStarts', 'transitionIndices'] as const;
/** Bytes per element of every column (float32 and int32). */
const ELEMENT_BYTES = 4;

type ColumnName = (typeof FLOAT_COLUMNS)[number] | (typeof INT_COLUMNS)[number];

/**
 * A {@link Dataset} laid out in one `SharedArrayBuffer`, so that any number of worker threads read the
 * same memory: posting it to a worker copies nothing. Rebuild the dataset with {@link datasetFromShared}.
 *
 * @example
 * ```ts
 * const shared: SharedDataset = shareDataset(dataset);
 * new Worker(script, { workerData: shared }); // the worker calls datasetFromShared(workerData)
 * ```
 */
export interface SharedDataset {
  size: number;
  observationDim: number;
  actionDim: number;
  actionSpace: ActionSpace;
  /** Every column, one after the other (all have 4-byte elements). */
  buffer: SharedArrayBuffer;
  /** Element offset and element count of each column in `buffer`. */
  columns: Record<ColumnName, { offset: number; length: number }>;
}

/**
 * Copies a dataset's columns, once, into one `SharedArrayBuffer` (the only copy {@link trainMany}
 * makes of the data, whatever the number of workers).
 *
 * @throws TypeError naming the field when `dataset` is not a {@link Dataset} (a column is not the typed array it should be).
 * @example
 * ```ts
 * const shared = shareDataset(createDataset({ observations, actions, rewards, terminals }));
 * shared.buffer.byteLength; // 4 × (all column lengths)
 * ```
 */
export function shareDataset(dataset: Dataset): SharedDataset {
  if (dataset === null || typeof dataset !== 'object') throw new TypeError('trainMany: dataset must be a Dataset (build it with createDataset)');
  for (const field of ['size', 'observationDim', 'actionDim'] as const) {
    if (!Number.isInteger(dataset[field]) || dataset[field] < 0) {
      throw new TypeError(`trainMany: dataset.${field} must be a non-negative integer, got ${String(dataset[field])} (build the dataset with createDataset)`);
    }
  }
  const columns = {} as SharedDataset['columns'];
  let total = 0;
  const place = (name: ColumnName, column: unknown, type: Float32ArrayConstructor | Int32ArrayConstructor) => {
    if (!(column instanceof type)) {
      throw new TypeError(`trainMany: dataset.${name} must be a ${type.name} (build the dataset with createDataset)`);
    }
    columns[name] = { offset: total, length: column.length };
    total += column.length;
  };
  FLOAT_COLUMNS.forEach((name) => place(name, dataset[name], Float32Array));
  INT_COLUMNS.forEach((name) => place(name, dataset[name], Int32Array));
  const buffer = new SharedArrayBuffer(total * ELEMENT_BYTES);
  for (const name of FLOAT_COLUMNS) floatView(buffer, columns[name]).set(dataset[name]);
  for (const name of INT_COLUMNS) intView(buffer, columns[name]).set(dataset[name]);
  return {
    size: dataset.size,
    observationDim: dataset.observationDim,
    actionDim: dataset.actionDim,
    actionSpace: structuredClone(dataset.actionSpace),
    buffer,
    columns,
  };
}

/**
 * The {@link Dataset} a {@link SharedDataset} holds, as a plain object whose columns are views of the
 * shared buffer (no copy).
 *
 * @example
 * ```ts
 * const dataset = datasetFromShared(workerData.dataset);
 * const agent = await trainIQL(dataset, config);
 * ```
 */
export function datasetFromShared(shared: SharedDataset): Dataset {
  const { buffer, columns } = shared;
  return {
    size: shared.size,
    observationDim: shared.observationDim,
    actionDim: shared.actionDim,
    actionSpace: shared.actionSpace,
    observations: floatView(buffer, columns.observations),
    actions: floatView(buffer, columns.actions),
    rewards: floatView(buffer, columns.rewards),
    nextObservations: floatView(buffer, columns.nextObservations),
    terminals: floatView(buffer, columns.terminals),
    timeouts: floatView(buffer, columns.timeouts),
    episodeStarts: intView(buffer, columns.episodeStarts),
    transitionIndices: intView(buffer, columns.transitionIndices),
  };
}

function floatView(buffer: SharedArrayBuffer, { offset, length }: { offset: number; length: number }): Float32Array {
  return new Float32Array(buffer, offset * ELEMENT_BYTES, length);
}

function intView(buffer: SharedArrayBuffer, { offset, length }: { offset: number; length: number }): Int32Array {
  return new Int32Array(buffer, offset * ELEMENT_BYTES, length);
}
