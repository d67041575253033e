import type { MessagePort } from 'node:worker_threads';
import type { TrainingProgress } from '../algorithms/config';
import { train, useBackend } from 'offline-rl';
import type { TrainManyConfigs } from './algorithms';
import { errorData, type RunRequest, type WorkerReply, type WorkerSetup } from './messages';
import { datasetFromShared } from './shared-dataset';

/**
 * The worker side of {@link trainMany}: rebuilds the dataset from shared memory, then trains one run
 * per {@link RunRequest} with the same trainer a main-thread call uses (`train(name, …)`, which is
 * what `trainIQL`, `trainBC`, `trainTD3BC` call) and the same config, and replies with progress, the agent as `agent.toJSON()`, or the
 * error. Runs arrive one at a time.
 *
 * @example
 * ```ts
 * // train-worker.ts
 * serveRuns(parentPort!, workerData as WorkerSetup);
 * ```
 */
export function serveRuns(port: MessagePort, setup: WorkerSetup): void {
  const dataset = datasetFromShared(setup.dataset);
  const reply = (message: WorkerReply) => port.postMessage(message);

  async function run({ index, config, reportProgress }: RunRequest): Promise<void> {
    try {
      await useBackend(setup.backend);
      const runConfig = config as Partial<TrainManyConfigs[typeof setup.algorithm]>;
      if (reportProgress) runConfig.onProgress = (progress: TrainingProgress) => reply({ type: 'progress', index, progress });
      const agent = await train(setup.algorithm, dataset, runConfig);
      try {
        reply({ type: 'done', index, agent: agent.toJSON() });
      } finally {
        agent.dispose();
      }
    } catch (err) {
      reply({ type: 'failed', index, error: errorData(err) });
    }
  }

  port.on('message', (request: RunRequest) => void run(request));
}
