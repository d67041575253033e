import { nodeBuiltin } from '../../platform/node-builtins';
import { compileGemmModule } from './wasm-module';

/**
 * Control block at the start of the shared memory, as int32 slots: the job number the main thread
 * posted, the job number the helper finished, an error flag, then the 13 `gemm` arguments.
 */
const SLOT_POSTED = 0;
const SLOT_DONE = 1;
const SLOT_FAILED = 2;
const SLOT_ARGS = 3;
const CONTROL_BYTES = 64;
/** How long {@link GemmHelper.start} waits for the thread to report ready (ms). */
const START_TIMEOUT_MS = 10_000;

/** How long the helper spins on the control block before it sleeps in `Atomics.wait` (ms). */
const HELPER_SPIN_MS = 2;
/** How long the main thread waits for the helper before giving up with an error (ms). */
const MAIN_TIMEOUT_MS = 10_000;

/**
 * The helper thread's program (CommonJS, run with `eval: true` so no separate file has to be found
 * next to a bundle). It computes the `gemm` jobs posted in the control block, spinning briefly
 * between jobs (they come every fraction of a millisecond while training) and sleeping otherwise.
 */
const HELPER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory } = workerData;
const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  const start = performance.now();
  let spins = 0;
  while (Atomics.load(c, ${SLOT_POSTED}) === seen) {
    if ((++spins & 1023) === 0 && performance.now() - start > ${HELPER_SPIN_MS}) Atomics.wait(c, ${SLOT_POSTED}, seen);
  }
  seen = Atomics.load(c, ${SLOT_POSTED});
  if (seen < 0) break;
  try {
    const a = [];
    for (let i = 0; i < 13; i++) a.push(c[${SLOT_ARGS} + i]);
    gemm(...a);
  } catch (error) {
    Atomics.store(c, ${SLOT_FAILED}, 1);
  }
  Atomics.store(c, ${SLOT_DONE}, seen);
  Atomics.notify(c, ${SLOT_DONE});
}
`;

/** The slice of `node:worker_threads` the helper uses. */
interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
  once(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): void;
  on(event: 'error' | 'exit', listener: (value: unknown) => void): void;
}
type WorkerConstructor = new (source: string, options: { eval: true; workerData: unknown }) => WorkerLike;

/**
 * A second thread for large matrix products (Node only): the main thread copies the operands the
 * helper needs into a shared memory, posts a `gemm` job for the lower rows, computes the upper rows
 * itself, then waits. TensorFlow.js's wasm backend runs single-threaded in Node, so without this the
 * second core idles. Results are the same as one thread: each output element is computed by the
 * same code in the same order.
 *
 * @example
 * ```ts
 * const helper = await GemmHelper.start();
 * if (helper) { helper.post(args); …; helper.wait(); }
 * ```
 */
export class GemmHelper {
  private job = 0;
  private view: Float32Array;
  private readonly control: Int32Array;
  /** False once the thread has exited or thrown outside a job; the runner then stops using it. */
  alive = true;

  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly worker: WorkerLike,
  ) {
    this.control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    this.view = new Float32Array(memory.buffer);
    const dead = () => {
      this.alive = false;
    };
    worker.on('error', dead);
    worker.on('exit', dead);
  }

  /**
   * Starts the helper thread, or resolves to null where there is none to start (browsers, runtimes
   * without shared WebAssembly memory, or a module that fails to compile). With `onlyIfIdleCore`, it
   * also declines on a machine with one core and inside a worker thread (where the process is
   * presumably already running one job per core, as `trainMany` does).
   */
  static async start(onlyIfIdleCore: boolean): Promise<GemmHelper | null> {
    if (typeof process === 'undefined' || !process.versions?.node || typeof SharedArrayBuffer === 'undefined') return null;
    try {
      const module = await compileGemmModule('shared');
      if (module === null) return null;
      const threads = nodeBuiltin<{ Worker: WorkerConstructor; isMainThread: boolean }>('node:worker_threads');
      if (!threads) return null;
      const { Worker, isMainThread } = threads;
      if (onlyIfIdleCore) {
        const os = nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os');
        if (!os) return null;
        const cores = os.availableParallelism?.() ?? os.cpus().length;
        if (!isMainThread || cores < 2) return null;
      }
      const memory = new WebAssembly.Memory({ initial: 64, maximum: 16384, shared: true });
      const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory } });
      worker.unref();
      // Wait until the thread has instantiated the module: a runtime that cannot start it (no eval,
      // no shared memory in workers) then falls back to one thread instead of hanging on a job.
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
        const settle = (ok: boolean) => () => {
          clearTimeout(timer);
          resolve(ok);
        };
        worker.once('message', settle(true));
        worker.once('error', settle(false));
        worker.once('exit', settle(false));
      });
      if (!ready) {
        await worker.terminate();
        return null;
      }
      return new GemmHelper(memory, worker);
    } catch {
      return null;
    }
  }

  /** Byte offset where job data may start (after the control block). */
  static readonly DATA_START = CONTROL_BYTES;

  /** A float32 view of the whole shared memory, growing it to at least `bytes` first. */
  floats(bytes: number): Float32Array {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
    if (this.view.buffer.byteLength !== this.memory.buffer.byteLength || this.view.length * 4 < bytes) {
      this.view = new Float32Array(this.memory.buffer);
    }
    return this.view;
  }

  /** Posts one `gemm` call (its 13 arguments, pointers into the shared memory) to the helper. */
  post(args: number[]): void {
    this.control.set(args, SLOT_ARGS);
    this.job = this.job === 0x7fffffff ? 1 : this.job + 1;
    Atomics.store(this.control, SLOT_POSTED, this.job);
    Atomics.notify(this.control, SLOT_POSTED, 1);
  }

  /** Waits for the posted job. */
  wait(): void {
    const start = performance.now();
    let spins = 0;
    while (Atomics.load(this.control, SLOT_DONE) !== this.job) {
      if ((++spins & 1023) === 0 && performance.now() - start > MAIN_TIMEOUT_MS) {
        throw new Error('offline-rl: the GEMM helper thread stopped responding; call setGemmThreads(1) to run without it');
      }
    }
    if (Atomics.exchange(this.control, SLOT_FAILED, 0) !== 0) throw new Error('offline-rl: a GEMM job failed on the helper thread');
  }

  /** Stops the thread. */
  async stop(): Promise<void> {
    Atomics.store(this.control, SLOT_POSTED, -1);
    Atomics.notify(this.control, SLOT_POSTED, 1);
    await this.worker.terminate();
  }
}
