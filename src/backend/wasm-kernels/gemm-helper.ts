import { nodeBuiltin } from '../../platform/node-builtins';
import { compileGemmModule } from './wasm-module';

/**
 * Control block at the start of the shared memory, as int32 slots: the job tag the main thread
 * posted (−1 stops the thread), the claim word (`tag·65536 + next chunk`), an error flag, the job's
 * arguments, its kind (chunks of one product, or whole products), the tag of the last job the helper
 * finished with, one state slot per chunk (see {@link CHUNK_UNCLAIMED}), the whole products'
 * arguments, the parameter-update ranges, and the first row of each chunk.
 */
const SLOT_POSTED = 0;
const SLOT_CLAIM = 1;
const SLOT_FAILED = 2;
const SLOT_ARGS = 3;
const ARG_COUNT = 17;
const SLOT_KIND = SLOT_ARGS + ARG_COUNT;
const SLOT_FINISHED = SLOT_KIND + 1;
/** Microseconds the helper waits before committing each staged chunk: 0, except in tests (see {@link GemmHelper.delayCommits}). */
const SLOT_COMMIT_DELAY = SLOT_FINISHED + 1;
const SLOT_DONE = 32;
/**
 * A chunk's state slot holds `tag + state` (tags are below 2^15): done is the tag itself; a posted
 * job's chunks start unclaimed. A chunk of a staged job (see {@link HelperJob.stage}) that the helper
 * takes becomes claimed, then committing while the helper copies it into the output, then done; the
 * main thread may mark an unclaimed or claimed chunk stolen and compute it itself, and the helper
 * then drops its copy. Every change is a compare-and-swap against the job's own tag, so a helper
 * still busy with an old job can never change a newer job's chunks.
 */
const CHUNK_UNCLAIMED = 1 << 16;
const CHUNK_CLAIMED = 2 << 16;
const CHUNK_COMMITTING = 3 << 16;
const CHUNK_STOLEN = 4 << 16;
/** Most chunks one product is cut into (one done slot each). */
const MAX_CHUNKS = 96;
/** Most whole products one job holds, and the int32 slots of each (`TASK_FIELDS`, see {@link GemmTask}). */
const MAX_TASKS = 8;
const TASK_SLOTS = 14;
const SLOT_TASKS = SLOT_DONE + MAX_CHUNKS;
/**
 * Parameter updates (Adam, Polyak) as two lists of ranges, one job chunk each: a count, then up to
 * MAX_RANGES ranges of RANGE_SLOTS arguments (`adam_update`'s or `polyak_update`'s, the floats
 * stored as float32 bits).
 */
const MAX_RANGES = 32;
const RANGE_SLOTS = 14;
const LIST_SLOTS = 1 + MAX_RANGES * RANGE_SLOTS;
const SLOT_RANGES = SLOT_TASKS + MAX_TASKS * TASK_SLOTS;
/** The first row of each chunk of a product job, then its end row ({@link HelperJob.starts}). */
const SLOT_STARTS = SLOT_RANGES + 2 * LIST_SLOTS;
const CONTROL_BYTES = 4 * (SLOT_STARTS + MAX_CHUNKS + 1);
/** Job kinds: chunks of rows of one product, whole products, or ranges of Adam or Polyak updates. */
const KIND_CHUNKS = 0;
const KIND_TASKS = 1;
const KIND_ADAM = 2;
const KIND_POLYAK = 3;
/** How many leading arguments of `adam_update` and `polyak_update` are integers (pointers, counts); floats follow. */
const ADAM_INT_ARGS = 8;
const POLYAK_INT_ARGS = 4;
/** Job tags run 1…TAG_LIMIT − 1, so that `tag·65536 + chunk` stays a positive int32. */
const TAG_LIMIT = 32768;
/** How long {@link GemmHelper.start} waits for the thread to report ready (ms). */
const START_TIMEOUT_MS = 10_000;

/** How long the helper spins on the control block before it sleeps in `Atomics.wait` (ms). */
const HELPER_SPIN_MS = 2;
/** How long the main thread waits for a chunk the helper claimed before giving up with an error (ms). */
const MAIN_TIMEOUT_MS = 10_000;

/**
 * Some rows of one product as the helper computes them, in chunks it claims: byte offsets in
 * the shared memory (row `r` of `op(a)` starts at `aBase + r·aRowBytes`; of the gate and the output
 * at `gateBase + r·n·4`, `cBase + r·n·4`), the raw `b` to pack, and the helper's scratch.
 *
 * @example
 * ```ts
 * helper.post({ aBase, aRowBytes: 4 * k, lda: k, b, bias: 0, gateBase: 0, hasGate: 0, cBase, k, n, transA: 0, transB: 0, relu: 1, starts: [128, 160, 192, 224, 256], packedB, packedA, stage: 0 });
 * ```
 */
export interface HelperJob {
  aBase: number;
  aRowBytes: number;
  lda: number;
  b: number;
  bias: number;
  gateBase: number;
  hasGate: number;
  cBase: number;
  k: number;
  n: number;
  transA: number;
  transB: number;
  relu: number;
  /**
   * Chunk `i` is rows `[starts[i], starts[i + 1])` (at most {@link GemmHelper.MAX_CHUNKS} chunks);
   * the main thread may cut them unevenly (large first, small last).
   */
  starts: number[];
  packedB: number;
  packedA: number;
  /**
   * Where the helper computes each chunk before it copies it into the output (`rows·n` floats of
   * its own scratch, for the largest chunk), so that the main thread can take back a chunk the helper holds too long
   * (see {@link GemmHelper.waitChunk}); 0: the helper writes into the output directly and the main
   * thread always waits for it.
   */
  stage: number;
}

/**
 * One whole product `gemm(a, lda, b, bias, gate, c, m, k, n, transA, transB, relu, scratch, sums)`
 * (see `GemmExports.gemm`; byte offsets in the shared memory), as a task of a job either thread may
 * compute; `scratch` is the helper's (the main thread uses its own).
 *
 * @example
 * ```ts
 * const task: GemmTask = { a, lda: k, b, bias: 0, gate: 0, c, m: 4096, k, n: 1, transA: 0, transB: 0, relu: 0, scratch, sums: 0 };
 * ```
 */
export interface GemmTask {
  a: number;
  lda: number;
  b: number;
  bias: number;
  gate: number;
  c: number;
  m: number;
  k: number;
  n: number;
  transA: number;
  transB: number;
  relu: number;
  scratch: number;
  /** Where b's column sums go (0: none). */
  sums: number;
}

/** The order of {@link GemmTask}'s fields in the control block (`gemm`'s argument order). */
const TASK_FIELDS = ['a', 'lda', 'b', 'bias', 'gate', 'c', 'm', 'k', 'n', 'transA', 'transB', 'relu', 'scratch', 'sums'] as const satisfies ReadonlyArray<keyof GemmTask> & { length: typeof TASK_SLOTS };

/** The order of {@link HelperJob}'s fields in the control block (the helper reads them in this order). */
const JOB_FIELDS = [
  'aBase', 'aRowBytes', 'lda', 'b', 'bias', 'gateBase', 'hasGate', 'cBase', 'k', 'n',
  'transA', 'transB', 'relu', 'chunks', 'packedB', 'packedA', 'stage',
] as const satisfies ReadonlyArray<keyof HelperJob | 'chunks'> & { length: typeof ARG_COUNT };

/**
 * The helper thread's program (CommonJS, run with `eval: true` so no separate file has to be found
 * next to a bundle). For each posted job it claims chunks of rows with a compare-and-swap on the
 * claim word, as long as that word carries the job's tag and chunks remain, computes each from the
 * shared memory, and marks it done. The main thread claims from the same word once its own rows are
 * done, so a helper that starts late (or not at all, on a busy machine) only computes fewer chunks.
 * Between jobs it spins briefly (they come every fraction of a millisecond while training), then
 * sleeps.
 */
const HELPER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, controlBase } = workerData;
const { gemm, pack_b, gemm_packed, copy_floats, adam_update, polyak_update } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(memory.buffer, controlBase, ${CONTROL_BYTES / 4});
const f = new Float32Array(memory.buffer, controlBase, ${CONTROL_BYTES / 4});
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
  const tag = seen;
  const [aBase, aRowBytes, lda, b, bias, gateBase, hasGate, cBase, k, n, transA, transB, relu, chunks, packedB, packedA, stage] =
    c.subarray(${SLOT_ARGS}, ${SLOT_ARGS + ARG_COUNT});
  const kind = c[${SLOT_KIND}];
  let packed = false;
  for (;;) {
    const claim = Atomics.load(c, ${SLOT_CLAIM});
    const chunk = claim & 0xffff;
    if ((claim >>> 16) !== tag || chunk >= chunks) break;
    if (Atomics.compareExchange(c, ${SLOT_CLAIM}, claim, claim + 1) !== claim) continue;
    try {
      if (kind === ${KIND_TASKS}) {
        const t = ${SLOT_TASKS} + chunk * ${TASK_SLOTS};
        gemm(c[t], c[t + 1], c[t + 2], c[t + 3], c[t + 4], c[t + 5], c[t + 6], c[t + 7], c[t + 8], c[t + 9], c[t + 10], c[t + 11], c[t + 12], c[t + 13]);
      } else if (kind === ${KIND_ADAM} || kind === ${KIND_POLYAK}) {
        const list = ${SLOT_RANGES} + chunk * ${LIST_SLOTS};
        for (let r = 0, t = list + 1; r < c[list]; r++, t += ${RANGE_SLOTS}) {
          if (kind === ${KIND_ADAM}) adam_update(c[t], c[t + 1], c[t + 2], c[t + 3], c[t + 4], c[t + 5], c[t + 6], c[t + 7], f[t + 8], f[t + 9], f[t + 10], f[t + 11], f[t + 12], f[t + 13]);
          else polyak_update(c[t], c[t + 1], c[t + 2], c[t + 3], f[t + 4]);
        }
      } else {
      if (!packed) {
        pack_b(b, packedB, k, n, transB, 0);
        packed = true;
      }
      // Read before the chunk's state is swapped below: the main thread writes a new job's starts
      // only once every chunk of this one is done or taken back, so if the swap succeeds these
      // rows are this job's (a chunk taken back meanwhile fails the swap and is skipped).
      const r0 = c[${SLOT_STARTS} + chunk];
      const rows = c[${SLOT_STARTS} + chunk + 1] - r0;
      const gate = hasGate ? gateBase + r0 * n * 4 : 0;
      if (stage === 0) {
        gemm_packed(aBase + r0 * aRowBytes, lda, packedB, bias, gate, cBase + r0 * n * 4, rows, k, n, transA, relu, packedA);
      } else {
        // Into the stage, then into the output only if the main thread has not taken the chunk back.
        const slot = ${SLOT_DONE} + chunk;
        if (Atomics.compareExchange(c, slot, tag + ${CHUNK_UNCLAIMED}, tag + ${CHUNK_CLAIMED}) !== tag + ${CHUNK_UNCLAIMED}) continue;
        gemm_packed(aBase + r0 * aRowBytes, lda, packedB, bias, gate, stage, rows, k, n, transA, relu, packedA);
        const delay = c[${SLOT_COMMIT_DELAY}];
        if (delay > 0) for (const from = performance.now(); performance.now() - from < delay / 1000; );
        if (Atomics.compareExchange(c, slot, tag + ${CHUNK_CLAIMED}, tag + ${CHUNK_COMMITTING}) !== tag + ${CHUNK_CLAIMED}) continue;
        copy_floats(cBase + r0 * n * 4, stage, rows * n);
      }
      }
    } catch (error) {
      Atomics.store(c, ${SLOT_FAILED}, 1);
    }
    Atomics.store(c, ${SLOT_DONE} + chunk, tag);
  }
  Atomics.store(c, ${SLOT_FINISHED}, tag);
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
 * Where the helper thread works: a shared memory, and the byte offset of the control block in it.
 * With TensorFlow.js's wasm heap loaded on a shared memory (see `withSharedWasmHeap`), this is that
 * heap and the helper computes in place on the tensors; otherwise the helper gets a memory of its
 * own (control block at 0) and the main thread copies operands into it.
 *
 * @example
 * ```ts
 * const place: HelperMemory = { memory: heap, controlBase: backend.wasm._malloc(GemmHelper.CONTROL_BYTES) };
 * ```
 */
export interface HelperMemory {
  memory: WebAssembly.Memory;
  controlBase: number;
}

/**
 * A second thread for large matrix products (Node only): the main thread posts a job for some rows
 * of a product (on a memory of the helper's own, after copying the operands there; on a shared tfjs
 * heap, in place) and both threads claim chunks of those rows until none remain. TensorFlow.js's
 * wasm backend runs single-threaded in Node, so without this the second core idles. Results are the
 * same as one thread: each output element is computed by the same code in the same order, whichever
 * thread computes it.
 *
 * @example
 * ```ts
 * const helper = await GemmHelper.start(true);
 * if (helper) { const tag = helper.post(job); let chunk; while ((chunk = helper.claim(tag, job.starts.length - 1)) >= 0) { … } }
 * ```
 */
export class GemmHelper {
  private tag = 0;
  private view: Float32Array;
  private readonly control: Int32Array;
  /** False once the thread has exited or thrown outside a job; the runner then stops using it. */
  alive = true;

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly controlBase: number,
    /** Whether the memory is the helper's own (operands are copied in), not a shared tfjs heap. */
    readonly ownsMemory: boolean,
    private readonly worker: WorkerLike,
  ) {
    this.control = new Int32Array(memory.buffer, controlBase, CONTROL_BYTES / 4);
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
   * presumably already running one job per core, as `trainMany` does). With `place`, the thread
   * works on that shared memory (its control block at `place.controlBase`); without, on a new one.
   */
  static async start(onlyIfIdleCore: boolean, place?: HelperMemory): Promise<GemmHelper | null> {
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
      const { memory, controlBase } = place ?? { memory: new WebAssembly.Memory({ initial: 64, maximum: 16384, shared: true }), controlBase: 0 };
      new Int32Array(memory.buffer, controlBase, CONTROL_BYTES / 4).fill(0);
      const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory, controlBase } });
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
      return new GemmHelper(memory, controlBase, place === undefined, worker);
    } catch {
      return null;
    }
  }

  /** Bytes of the control block. */
  static readonly CONTROL_BYTES = CONTROL_BYTES;

  /** Byte offset where job data may start in a memory of the helper's own (after the control block). */
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

  /** Most chunks a job may have. */
  static readonly MAX_CHUNKS = MAX_CHUNKS;

  /** Most whole products a job may have. */
  static readonly MAX_TASKS = MAX_TASKS;

  /** Posts a job (its operands already in the shared memory); returns its tag, for {@link GemmHelper.claim}. */
  post(job: HelperJob): number {
    const chunks = job.starts.length - 1;
    if (!(chunks >= 1 && chunks <= MAX_CHUNKS)) throw new RangeError(`GemmHelper.post: 1 to ${MAX_CHUNKS} chunks, got ${chunks}`);
    // Take the current job's claim word away first (tag 0 is never a job's): a helper thread still
    // looking at the previous job could otherwise read some of the new arguments and claim a chunk
    // under the old tag.
    Atomics.store(this.control, SLOT_CLAIM, 0);
    this.control.set(JOB_FIELDS.map((field) => (field === 'chunks' ? chunks : job[field])), SLOT_ARGS);
    this.control.set(job.starts, SLOT_STARTS);
    this.control[SLOT_KIND] = KIND_CHUNKS;
    return this.publish(chunks);
  }

  /**
   * Posts whole products as one job (operands on the shared memory); chunk `i` of the job is task
   * `i`, claimed with {@link GemmHelper.claim} like a product's chunks. Returns the job's tag.
   */
  postTasks(tasks: GemmTask[]): number {
    if (!(tasks.length >= 1 && tasks.length <= MAX_TASKS)) throw new RangeError(`GemmHelper.postTasks: 1 to ${MAX_TASKS} tasks, got ${tasks.length}`);
    Atomics.store(this.control, SLOT_CLAIM, 0);
    this.control[SLOT_ARGS + JOB_FIELDS.indexOf('chunks')] = tasks.length;
    tasks.forEach((task, i) => this.control.set(TASK_FIELDS.map((field) => task[field]), SLOT_TASKS + i * TASK_SLOTS));
    this.control[SLOT_KIND] = KIND_TASKS;
    return this.publish(tasks.length);
  }

  /**
   * Posts two lists of parameter-update ranges as one job of two chunks: each range is the
   * arguments of one `adam_update` (`kind` 'adam') or `polyak_update` ('polyak') call, its leading
   * integer arguments then its floats. Returns the job's tag.
   */
  postRanges(kind: 'adam' | 'polyak', lists: [number[][], number[][]]): number {
    const ints = kind === 'adam' ? ADAM_INT_ARGS : POLYAK_INT_ARGS;
    Atomics.store(this.control, SLOT_CLAIM, 0);
    const floats = new Float32Array(this.control.buffer, this.control.byteOffset, this.control.length);
    lists.forEach((ranges, l) => {
      if (ranges.length > MAX_RANGES) throw new RangeError(`GemmHelper.postRanges: at most ${MAX_RANGES} ranges per list, got ${ranges.length}`);
      const list = SLOT_RANGES + l * LIST_SLOTS;
      this.control[list] = ranges.length;
      ranges.forEach((args, r) => {
        const at = list + 1 + r * RANGE_SLOTS;
        this.control.set(args.slice(0, ints), at);
        floats.set(args.slice(ints), at + ints);
      });
    });
    this.control[SLOT_ARGS + JOB_FIELDS.indexOf('chunks')] = 2;
    this.control[SLOT_KIND] = kind === 'adam' ? KIND_ADAM : KIND_POLYAK;
    return this.publish(2);
  }

  /** Most ranges in one list of {@link GemmHelper.postRanges}. */
  static readonly MAX_RANGES = MAX_RANGES;

  /** Makes the job whose arguments are in place visible to the helper thread; returns its tag. */
  private publish(chunks: number): number {
    this.tag = this.tag + 1 >= TAG_LIMIT ? 1 : this.tag + 1;
    // The chunks start unclaimed under the new tag: a mark left from a job 32,767 jobs ago would
    // otherwise read as done, and a helper still finishing a chunk taken back from an older job can
    // change no slot of this one (its compare-and-swaps expect its own tag). Atomic stores: that
    // helper may be swapping on these slots right now.
    for (let i = 0; i < chunks; i++) Atomics.store(this.control, SLOT_DONE + i, this.tag + CHUNK_UNCLAIMED);
    Atomics.store(this.control, SLOT_CLAIM, this.tag * 65536);
    Atomics.store(this.control, SLOT_POSTED, this.tag);
    Atomics.notify(this.control, SLOT_POSTED, 1);
    return this.tag;
  }

  /** Claims the next chunk of job `tag` for the main thread: its index, or −1 when none remain. */
  claim(tag: number, chunks: number): number {
    for (;;) {
      const claim = Atomics.load(this.control, SLOT_CLAIM);
      const chunk = claim & 0xffff;
      if (claim >>> 16 !== tag || chunk >= chunks) return -1;
      if (Atomics.compareExchange(this.control, SLOT_CLAIM, claim, claim + 1) === claim) return chunk;
    }
  }

  /**
   * Waits until the helper has computed chunk `chunk` of job `tag` (which it claimed). With
   * `stealAfterMs` (staged jobs only, see {@link HelperJob.stage}), a chunk the helper has not begun
   * to commit by then is taken back: returns true, and the caller computes it.
   */
  waitChunk(tag: number, chunk: number, stealAfterMs = Infinity): boolean {
    const slot = SLOT_DONE + chunk;
    const start = performance.now();
    let spins = 0;
    for (let state = Atomics.load(this.control, slot); state !== tag; state = Atomics.load(this.control, slot)) {
      if ((++spins & 63) !== 0) continue;
      const waited = performance.now() - start;
      if (waited > stealAfterMs && (state === tag + CHUNK_UNCLAIMED || state === tag + CHUNK_CLAIMED)) {
        if (Atomics.compareExchange(this.control, slot, state, tag + CHUNK_STOLEN) === state) return true;
      } else if (waited > MAIN_TIMEOUT_MS) {
        throw new Error('offline-rl: the GEMM helper thread stopped responding; call setGemmThreads(1) to run without it');
      }
    }
    if (Atomics.exchange(this.control, SLOT_FAILED, 0) !== 0) throw new Error('offline-rl: a GEMM job failed on the helper thread');
    return false;
  }

  /**
   * Makes the helper wait `micros` µs before committing each staged chunk, as if its thread had been
   * descheduled there (tests of {@link GemmHelper.waitChunk}'s stealing; 0 turns it off).
   */
  delayCommits(micros: number): void {
    Atomics.store(this.control, SLOT_COMMIT_DELAY, Math.max(0, Math.round(micros)));
  }

  /**
   * Waits until the helper has finished with the last job posted (including a chunk taken back from
   * it, which it may still be computing into its scratch): call before freeing or moving the helper's
   * scratch.
   */
  waitIdle(): void {
    const start = performance.now();
    let spins = 0;
    while (Atomics.load(this.control, SLOT_FINISHED) !== this.tag) {
      if ((++spins & 1023) === 0 && performance.now() - start > MAIN_TIMEOUT_MS) {
        throw new Error('offline-rl: the GEMM helper thread stopped responding; call setGemmThreads(1) to run without it');
      }
    }
  }

  /** Stops the thread. */
  async stop(): Promise<void> {
    Atomics.store(this.control, SLOT_POSTED, -1);
    Atomics.notify(this.control, SLOT_POSTED, 1);
    await this.worker.terminate();
  }
}
