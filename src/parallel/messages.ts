import type { SerializedAgent } from '../agent/serialize';
import type { TrainingProgress } from '../algorithms/config';
import type { BackendName } from '../backend/use-backend';
import type { TrainManyAlgorithm } from './algorithms';
import type { SharedDataset } from './shared-dataset';

/**
 * What a training worker is started with (its `workerData`): the algorithm, the dataset in shared
 * memory, and the backend the calling thread chose.
 *
 * @example
 * ```ts
 * const setup: WorkerSetup = { algorithm: 'iql', dataset: shareDataset(dataset), backend: 'wasm' };
 * ```
 */
export interface WorkerSetup {
  algorithm: TrainManyAlgorithm;
  dataset: SharedDataset;
  /** Selected before each run unless the run's config names its own `backend`. */
  backend: BackendName;
}

/**
 * A config as it crosses to a worker: the user's fields without functions (`onProgress` stays in the
 * calling thread).
 *
 * @example
 * ```ts
 * const data: ConfigData = { seed: 3, steps: 1000, hiddenDims: [64, 64] };
 * ```
 */
export type ConfigData = Record<string, unknown>;

/**
 * The calling thread asks a worker for one run. A worker does one run at a time.
 *
 * @example
 * ```ts
 * worker.postMessage({ index: 2, config: { seed: 2 }, reportProgress: true } satisfies RunRequest);
 * ```
 */
export interface RunRequest {
  /** Position of the run in `configs`. */
  index: number;
  config: ConfigData;
  /** Forward `onProgress` calls (only when the calling thread listens). */
  reportProgress: boolean;
}

/**
 * An error as it crosses from a worker: the original name, message and stack.
 *
 * @example
 * ```ts
 * const data: ErrorData = { name: 'RangeError', message: 'trainTD3BC: needs a box action space' };
 * ```
 */
export interface ErrorData {
  name: string;
  message: string;
  stack?: string;
}

/**
 * What a worker sends back: progress of a run, its agent (`agent.toJSON()`), or its error.
 *
 * @example
 * ```ts
 * port.postMessage({ type: 'done', index, agent: agent.toJSON() } satisfies WorkerReply);
 * ```
 */
export type WorkerReply =
  | { type: 'progress'; index: number; progress: TrainingProgress }
  | { type: 'done'; index: number; agent: SerializedAgent }
  | { type: 'failed'; index: number; error: ErrorData };

/**
 * Captures a thrown value as {@link ErrorData}.
 *
 * @example
 * ```ts
 * try { await trainIQL(dataset, config); } catch (err) { port.postMessage({ type: 'failed', index, error: errorData(err) }); }
 * ```
 */
export function errorData(err: unknown): ErrorData {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

/**
 * Rebuilds an Error from {@link ErrorData}: the same class for the built-in errors (`RangeError`,
 * `TypeError`, …), otherwise an `Error` carrying the original `name` (e.g. `DatasetError`), with the
 * worker's stack.
 *
 * @example
 * ```ts
 * errorFromData({ name: 'RangeError', message: 'bad' }) instanceof RangeError; // true
 * ```
 */
export function errorFromData(data: ErrorData): Error {
  const builtIn: Record<string, ErrorConstructor> = { RangeError, TypeError, SyntaxError, ReferenceError, EvalError, URIError };
  const err = new (builtIn[data.name] ?? Error)(data.message);
  err.name = data.name;
  if (data.stack !== undefined) err.stack = data.stack;
  return err;
}
