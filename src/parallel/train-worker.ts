/**
 * Entry module of the worker threads {@link trainMany} starts (built to `dist/train-worker.js` and
 * `dist/train-worker.cjs`; loaded from `src/parallel/train-worker.ts` under tsx or vitest). Not
 * meant to be imported: loading it in a worker thread starts serving training runs.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerSetup } from './messages';
import { serveRuns } from './serve-runs';

if (!parentPort) throw new Error('offline-rl: train-worker runs in the worker threads trainMany starts; it is not meant to be run or imported directly');
serveRuns(parentPort, workerData as WorkerSetup);
