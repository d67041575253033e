import * as tf from '@tensorflow/tfjs-core';
import type { Agent } from '../agent/agent';
import type { TrainingProgress } from '../algorithms/config';
// Library code through the package's own name: `offline-rl/node` shares the core's module instances.
import { agentFromJSON, ensureBackend, resolveAlgorithmConfig, useBackend, type BackendChoice, type BackendName } from 'offline-rl';
import type { Dataset } from '../data';
import { checkAlgorithm, type TrainManyAlgorithm, type TrainManyConfigs } from './algorithms';
import type { ConfigData, WorkerSetup } from './messages';
import { RunWorker } from './run-worker';
import { shareDataset } from './shared-dataset';
import { TrainManyError } from './train-many-error';
import { trainWorkerBootstrap } from './worker-script';

/**
 * Options of {@link trainMany}.
 *
 * @example
 * ```ts
 * const options: TrainManyOptions = { workers: 2, backend: 'wasm', onProgress: (run, p) => console.log(run, p.step) };
 * ```
 */
export interface TrainManyOptions {
  /**
   * Most runs trained at once, each in its own worker thread. Default: `os.availableParallelism()`,
   * capped by the number of runs. The wasm and cpu backends use one core per worker.
   */
  workers?: number;
  /**
   * Backend of the runs, selected in the calling thread too (where the agents are rebuilt), as a
   * trainer's `backend` does. Default: the calling thread's active backend (or `'auto'` when none is
   * active yet), so that a run in a worker computes exactly what it would in the calling thread. A
   * run's own `config.backend` overrides it in its worker.
   */
  backend?: BackendChoice;
  /** Progress of every run, forwarded from the workers with the run's index (position in `configs`). */
  onProgress?: (runIndex: number, progress: TrainingProgress) => void;
}

/**
 * Trains one run per config — typically the same config with different `seed`s, since offline RL
 * results are averages over seeds — each in a worker thread, at most `options.workers` at once, and
 * returns the agents in the order of `configs`.
 *
 * Each run calls the trainer a main-thread call would (`trainIQL`, `trainBC` or `trainTD3BC`) with
 * the same config on the same backend, so it yields the same agent, bit for bit, as that call: the
 * worker sends `agent.toJSON()` back and the agent is rebuilt in the calling thread with
 * {@link agentFromJSON}. The dataset is copied once into shared memory, which every worker reads.
 * `onProgress` callbacks (the option's, with the run index, and each config's own) are called in the
 * calling thread. When a run fails the promise rejects with a {@link TrainManyError} (the run's index
 * and the original message; the original error is its `cause`), the other workers are stopped, and
 * the agents already rebuilt are disposed: nothing is left running.
 *
 * Node only (`worker_threads`). The workers load `offline-rl` from its `dist/train-worker.js` (ESM) or
 * `dist/train-worker.cjs` (CommonJS) beside the entry you imported, or, when running from the
 * TypeScript sources (vitest, tsx), from `src/parallel/train-worker.ts` with `tsx` registered in the
 * worker. Each worker imports TensorFlow.js and initialises its backend once (about 0.5 s on wasm),
 * then trains its runs one after the other.
 *
 * @param algorithm - a registered algorithm's name (`'iql'`, `'bc'`, `'td3bc'`, … see `algorithmNames()`); `configs` are typed accordingly.
 * @param dataset - a {@link Dataset} from `createDataset`.
 * @param configs - one config per run (functions such as `onProgress` stay in the calling thread).
 * @throws RangeError, before any worker starts, for an unknown algorithm, an empty `configs`,
 *   `workers` < 1 or not an integer, and a config the trainer would reject (the message names
 *   `configs[i]`); TypeError when `dataset` is not a Dataset; Error outside Node.
 * @throws {@link TrainManyError} when a run fails.
 * @example
 * ```ts
 * import { trainMany } from 'offline-rl';
 * const seeds = [0, 1, 2, 3, 4];
 * const agents = await trainMany('iql', dataset, seeds.map((seed) => ({ preset: 'locomotion', steps: 100_000, seed })), {
 *   backend: 'wasm',
 *   onProgress: (run, { step, steps, etaMs }) => console.log(`seed ${seeds[run]}: ${step}/${steps}, ${(etaMs / 1000).toFixed(0)} s left`),
 * });
 * const returns = await Promise.all(agents.map((agent) => evaluate(agent, env, { episodes: 10, seed: 0 })));
 * agents.forEach((agent) => agent.dispose());
 * ```
 */
export async function trainMany<A extends TrainManyAlgorithm>(
  algorithm: A,
  dataset: Dataset,
  configs: ReadonlyArray<Partial<TrainManyConfigs[A]>>,
  options: TrainManyOptions = {},
): Promise<Agent[]> {
  checkAlgorithm(algorithm);
  checkConfigs(algorithm, configs);
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string') {
    throw new Error('trainMany: runs in Node.js only (it trains in worker_threads); call trainIQL / trainBC / trainTD3BC in a loop elsewhere');
  }
  const workerCount = await resolveWorkerCount(options.workers, configs.length);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new RangeError('trainMany: options.onProgress must be a function');
  }
  const shared = shareDataset(dataset);
  const backend = options.backend === undefined ? await activeBackend() : await useBackend(options.backend);
  const bootstrap = await trainWorkerBootstrap();
  const { Worker } = await import('node:worker_threads');

  const setup: WorkerSetup = { algorithm, dataset: shared, backend };
  const forward = (index: number, progress: TrainingProgress) => {
    configs[index].onProgress?.(progress);
    options.onProgress?.(index, progress);
  };
  const agents: Array<Agent | undefined> = new Array(configs.length);
  const pool: RunWorker[] = [];
  let next = 0;
  let failure: Error | undefined;
  const stopAll = () => Promise.all(pool.map((worker) => worker.terminate()));

  // Each lane is one worker taking the next run until none is left or a run has failed.
  const lane = async (worker: RunWorker) => {
    while (failure === undefined && next < configs.length) {
      const index = next++;
      const config = configs[index];
      const doc = await worker.run(index, configData(config), options.onProgress !== undefined || config.onProgress !== undefined);
      if (failure !== undefined) return;
      try {
        agents[index] = agentFromJSON(doc);
      } catch (err) {
        throw new TrainManyError(index, err instanceof Error ? err : new Error(String(err)));
      }
    }
  };
  const onLaneError = (err: unknown) => {
    if (failure !== undefined) return; // a worker stopped because another run failed first
    failure = err instanceof Error ? err : new Error(String(err));
    void stopAll();
  };

  try {
    for (let i = 0; i < workerCount; i++) {
      pool.push(new RunWorker(new Worker(bootstrap, { eval: true, workerData: setup }), forward));
    }
    await Promise.all(pool.map((worker) => lane(worker).catch(onLaneError)));
  } finally {
    await stopAll();
  }
  if (failure !== undefined) {
    agents.forEach((agent) => agent?.dispose());
    throw failure;
  }
  return agents as Agent[];
}

function checkConfigs<A extends TrainManyAlgorithm>(algorithm: A, configs: ReadonlyArray<Partial<TrainManyConfigs[A]>>): void {
  if (!Array.isArray(configs) || configs.length === 0) {
    throw new RangeError('trainMany: configs must be a non-empty array, one config per run (e.g. [{ seed: 0 }, { seed: 1 }])');
  }
  configs.forEach((config, i) => {
    if (config === null || typeof config !== 'object') throw new RangeError(`trainMany: configs[${i}] must be a config object, got ${String(config)}`);
    try {
      resolveAlgorithmConfig(algorithm, config);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new RangeError(`trainMany: configs[${i}]: ${message}`, { cause: err });
    }
  });
}

async function resolveWorkerCount(workers: number | undefined, runs: number): Promise<number> {
  if (workers === undefined) {
    const { availableParallelism } = await import('node:os');
    return Math.max(1, Math.min(availableParallelism(), runs));
  }
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`trainMany: options.workers must be an integer ≥ 1, got ${String(workers)}`);
  }
  return Math.min(workers, runs);
}

/** The calling thread's backend (initialising one as the trainers do), as the workers' default. */
async function activeBackend(): Promise<BackendName> {
  await ensureBackend();
  const name = tf.getBackend();
  const known: string[] = ['tensorflow', 'wasm', 'cpu'] satisfies BackendName[];
  if (!known.includes(name)) {
    throw new Error(`trainMany: the active backend '${name}' cannot run in worker threads; pass options.backend ('wasm', 'cpu' or 'tensorflow')`);
  }
  return name as BackendName;
}

/** The config fields that cross to the worker: everything but functions. */
function configData(config: object): ConfigData {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => typeof value !== 'function'));
}
