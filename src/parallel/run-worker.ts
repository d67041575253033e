import type { Worker } from 'node:worker_threads';
import type { SerializedAgent } from '../agent/serialize';
import type { TrainingProgress } from '../algorithms/config';
import { errorFromData, type ConfigData, type RunRequest, type WorkerReply } from './messages';
import { TrainManyError } from './train-many-error';

interface PendingRun {
  index: number;
  resolve: (agent: SerializedAgent) => void;
  reject: (err: TrainManyError) => void;
}

/**
 * The calling thread's handle on one training worker: `run` sends one run and resolves with the
 * worker's `agent.toJSON()`, or rejects with a {@link TrainManyError} carrying the run's index — when
 * the run throws, when the worker itself fails (an uncaught error, a failed start) or exits, and when
 * a progress callback throws in the calling thread.
 *
 * @example
 * ```ts
 * const handle = new RunWorker(new Worker(script, { workerData: setup }), (i, p) => console.log(i, p.step));
 * const doc = await handle.run(0, { seed: 0 }, true);
 * await handle.terminate();
 * ```
 */
export class RunWorker {
  private readonly worker: Worker;
  private readonly onProgress: (index: number, progress: TrainingProgress) => void;
  private pending: PendingRun | undefined;
  private exited = false;
  private failure: Error | undefined;

  constructor(worker: Worker, onProgress: (index: number, progress: TrainingProgress) => void) {
    this.worker = worker;
    this.onProgress = onProgress;
    worker.on('message', (reply: WorkerReply) => this.receive(reply));
    worker.on('error', (err: Error) => this.fail(err));
    worker.on('exit', (code: number) => {
      this.exited = true;
      this.fail(new Error(`the worker thread exited (code ${code}) before the run finished`));
    });
  }

  /** Trains one run in the worker; one run at a time. */
  run(index: number, config: ConfigData, reportProgress: boolean): Promise<SerializedAgent> {
    if (this.pending) throw new Error(`RunWorker: run ${this.pending.index} is still going`);
    if (this.failure) return Promise.reject(new TrainManyError(index, this.failure));
    return new Promise<SerializedAgent>((resolve, reject) => {
      this.pending = { index, resolve, reject };
      try {
        this.worker.postMessage({ index, config, reportProgress } satisfies RunRequest);
      } catch (err) {
        this.settle()?.reject(new TrainManyError(index, err instanceof Error ? err : new Error(String(err))));
      }
    });
  }

  /** Stops the worker thread (at once, mid-run if need be) and waits until it has exited. */
  async terminate(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }

  private receive(reply: WorkerReply): void {
    const pending = this.pending;
    if (!pending || reply.index !== pending.index) return;
    if (reply.type === 'progress') {
      try {
        this.onProgress(reply.index, reply.progress);
      } catch (err) {
        // The run is abandoned while its worker keeps training: the worker takes no further runs.
        const error = err instanceof Error ? err : new Error(String(err));
        this.failure ??= error;
        this.settle()?.reject(new TrainManyError(reply.index, error));
      }
    } else if (reply.type === 'done') {
      this.settle()?.resolve(reply.agent);
    } else {
      this.settle()?.reject(new TrainManyError(reply.index, errorFromData(reply.error)));
    }
  }

  /** The worker is unusable: the current run (if any) fails, and so does every later one. */
  private fail(err: Error): void {
    this.failure ??= err;
    const pending = this.settle();
    pending?.reject(new TrainManyError(pending.index, err));
  }

  private settle(): PendingRun | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }
}
