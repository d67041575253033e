import type { HostBatch } from '../types';
import type { Rng } from '../rng';
import type { Dataset } from './dataset';
import { nextActionKnown } from './next-actions';

/**
 * Options of {@link MinibatchSampler}.
 *
 * @example
 * ```ts
 * const options: MinibatchSamplerOptions = { batchSize: 256, rng: new Rng(0) };
 * ```
 */
export interface MinibatchSamplerOptions {
  /** Rows per batch, a positive integer. */
  batchSize: number;
  /** The random stream rows are drawn from (hand the sampler its own `rng.split()`). */
  rng: Rng;
  /** Rows to draw from; default `dataset.transitionIndices` (rows usable for TD updates). */
  indices?: Int32Array;
  /**
   * Also deliver each row's next action (`HostBatch.nextActions`, see `datasetNextActions`); where it
   * is unknown the row's own action stands in. Default false: other batches are unchanged and cost
   * nothing more.
   */
  nextActions?: boolean;
}

/**
 * Draws minibatches of transitions uniformly at random, with replacement, from a set of dataset rows.
 * Deterministic for a given `rng` state.
 *
 * The batch buffers are allocated once: every {@link MinibatchSampler.sample} call overwrites and
 * returns the **same** {@link HostBatch} object and typed arrays. Upload or copy a batch before
 * the next call (for example with `toDeviceBatch`, which copies).
 *
 * @example
 * ```ts
 * const sampler = new MinibatchSampler(dataset, { batchSize: 256, rng: new Rng(0) });
 * const host = sampler.sample();          // host.observations: Float32Array(256 × observationDim)
 * const batch = toDeviceBatch(host, dataset.actionSpace, dataset.observationDim);
 * ```
 */
export class MinibatchSampler {
  /** Rows per batch. */
  readonly batchSize: number;
  private readonly dataset: Dataset;
  private readonly rng: Rng;
  private readonly indices: Int32Array;
  private readonly rows: Int32Array;
  private readonly batch: HostBatch;
  /** 1 where a row's next action is known; null unless next actions were asked for. */
  private readonly nextKnown: Uint8Array | null;
  /** Sum of the values read ahead in {@link MinibatchSampler.sample}; kept so the reads are not optimised away. */
  private touched = 0;

  /**
   * @throws RangeError when `batchSize` is not a positive integer, `indices` is empty or holds a row
   *   outside the dataset; TypeError when `rng` is missing or `indices` is not an Int32Array.
   */
  constructor(dataset: Dataset, options: MinibatchSamplerOptions) {
    const { batchSize, rng } = options;
    if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(`MinibatchSampler: batchSize must be a positive integer, got ${String(batchSize)}`);
    }
    if (rng === undefined || rng === null || typeof rng.int !== 'function') {
      throw new TypeError('MinibatchSampler: options.rng is required (for example new Rng(seed))');
    }
    const indices = options.indices ?? dataset.transitionIndices;
    if (!(indices instanceof Int32Array)) throw new TypeError('MinibatchSampler: indices must be an Int32Array');
    if (indices.length === 0) {
      throw new RangeError(
        options.indices === undefined
          ? 'MinibatchSampler: the dataset has no transitions usable for TD updates (transitionIndices is empty)'
          : 'MinibatchSampler: indices is empty; there is nothing to sample',
      );
    }
    for (let j = 0; j < indices.length; j++) {
      if (indices[j] < 0 || indices[j] >= dataset.size) {
        throw new RangeError(`MinibatchSampler: indices[${j}] = ${indices[j]} is not a row in 0 … ${dataset.size - 1}`);
      }
    }
    this.batchSize = batchSize;
    this.dataset = dataset;
    this.rng = rng;
    this.indices = indices.slice();
    this.rows = new Int32Array(batchSize);
    this.batch = {
      size: batchSize,
      observations: new Float32Array(batchSize * dataset.observationDim),
      actions: new Float32Array(batchSize * dataset.actionDim),
      rewards: new Float32Array(batchSize),
      nextObservations: new Float32Array(batchSize * dataset.observationDim),
      terminals: new Float32Array(batchSize),
    };
    this.nextKnown = options.nextActions ? nextActionKnown(dataset) : null;
    if (this.nextKnown) this.batch.nextActions = new Float32Array(batchSize * dataset.actionDim);
  }

  /**
   * Draws `batchSize` rows uniformly with replacement and writes them into the batch buffers.
   *
   * @returns the sampler's one HostBatch, overwritten by the next call.
   * @example
   * ```ts
   * const { observations, rewards } = sampler.sample();
   * ```
   */
  sample(): HostBatch {
    const { dataset, indices, rows, rng, batch, batchSize } = this;
    const od = dataset.observationDim;
    const ad = dataset.actionDim;
    const count = indices.length;
    const srcObservations = dataset.observations;
    const srcNext = dataset.nextObservations;
    const srcActions = dataset.actions;
    const srcRewards = dataset.rewards;
    const srcTerminals = dataset.terminals;
    // On large datasets almost every read is a cache miss. Three passes let the CPU overlap them:
    // draw all rows, read one value at each end of every row's data, then copy while it is cached.
    for (let b = 0; b < batchSize; b++) rows[b] = indices[rng.int(count)];
    let touched = 0;
    for (let b = 0; b < batchSize; b++) {
      const row = rows[b];
      const first = row * od;
      const last = first + od - 1;
      touched += srcObservations[first] + srcObservations[last] + srcNext[first] + srcNext[last];
      touched += srcActions[row * ad] + srcActions[row * ad + ad - 1] + srcRewards[row] + srcTerminals[row];
    }
    this.touched = touched;

    const observations = batch.observations;
    const nextObservations = batch.nextObservations;
    const actions = batch.actions;
    const rewards = batch.rewards;
    const terminals = batch.terminals;
    for (let b = 0; b < batchSize; b++) {
      const row = rows[b];
      const from = row * od;
      const to = b * od;
      for (let k = 0; k < od; k++) {
        observations[to + k] = srcObservations[from + k];
        nextObservations[to + k] = srcNext[from + k];
      }
      const actionFrom = row * ad;
      const actionTo = b * ad;
      for (let k = 0; k < ad; k++) actions[actionTo + k] = srcActions[actionFrom + k];
      rewards[b] = srcRewards[row];
      terminals[b] = srcTerminals[row];
    }
    const { nextKnown } = this;
    const nextActions = batch.nextActions;
    if (nextKnown !== null && nextActions !== undefined) {
      for (let b = 0; b < batchSize; b++) {
        const row = rows[b];
        const from = (nextKnown[row] === 1 ? row + 1 : row) * ad;
        const to = b * ad;
        for (let k = 0; k < ad; k++) nextActions[to + k] = srcActions[from + k];
      }
    }
    return batch;
  }
}
