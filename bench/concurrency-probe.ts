/**
 * How much of two cores the machine gives right now, for `bench/ceiling.ts`: one 256³ product of the
 * project's kernel (one thread, on a memory of its own, no tfjs) looped on the main thread alone,
 * then on the main thread and a worker thread at the same time. On this virtual machine the two
 * vCPUs sometimes run on one physical core (or beside another guest's busy thread); two independent
 * loops then each take up to twice as long as one alone, with little steal time recorded, and no
 * split of a product can come near a ceiling computed from one-thread times. The single thread's
 * speed moves too (the same product 821–1,461 µs within minutes on 2026-12-04), so compare the readings
 * with the fastest one-thread reading of the whole run, not with the alone reading next to them.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { KERNELS_WASM_BASE64 } from '../src/backend/wasm-kernels/wasm-binary';

/** The square product's side (the 256-wide layers' products). */
const SIDE = 256;
/** Each timing is the fastest of this many loops, each at least the caller's `loopMs` long. */
const LOOPS = 5;
/** Untimed calls before the first timing, on each thread (V8 optimises the module's code). */
const WARMUP_MS = 300;

/**
 * Sets up one 256³ `gemm` (plain module, own memory) and returns `fastest()`: µs per call, the
 * fastest of LOOPS loops. Kept as source text because the worker runs the same code (eval).
 */
const SETUP_SOURCE = `
function setup(bytes, loopMs) {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const f = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const n = ${SIDE}, floats = n * n;
  const a = 65536, b = a + 4 * floats, c = b + 4 * floats, bias = c + 4 * floats, scratch = bias + 4 * n;
  const view = new Float32Array(memory.buffer);
  for (let i = a / 4; i < scratch / 4; i++) view[i] = Math.sin(i);
  const call = () => f.gemm(a, n, b, bias, 0, c, n, n, n, 0, 0, 1, scratch, 0);
  for (const start = performance.now(); performance.now() - start < ${WARMUP_MS}; ) call();
  return () => {
    let best = Infinity;
    for (let loop = 0; loop < ${LOOPS}; loop++) {
      let calls = 0;
      const start = performance.now();
      while (performance.now() - start < loopMs) { call(); calls += 1; }
      best = Math.min(best, ((performance.now() - start) / calls) * 1000);
    }
    return best;
  };
}`;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
${SETUP_SOURCE}
const fastest = setup(workerData.bytes, workerData.loopMs);
parentPort.on('message', () => parentPort.postMessage(fastest()));
parentPort.postMessage('ready');
`;

/** One reading: µs per 256³ product alone, then on each thread while both loop at once. */
export interface ConcurrencyReading {
  alone: number;
  together: [number, number];
}

/**
 * Starts the worker thread; `measure()` then takes one reading (each thread's figure the fastest of
 * five loops of at least `loopMs`), `stop()` ends the thread.
 *
 * @example
 * ```ts
 * const probe = await startConcurrencyProbe(30);
 * const { alone, together } = await probe.measure(); // together ≈ [alone, alone] in a minute with two real cores
 * await probe.stop();
 * ```
 */
export async function startConcurrencyProbe(loopMs: number): Promise<{ measure: () => Promise<ConcurrencyReading>; stop: () => Promise<void> }> {
  const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
  const fastest = new Function('bytes', 'loopMs', `${SETUP_SOURCE}\nreturn setup(bytes, loopMs);`)(bytes, loopMs) as () => number;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes, loopMs } });
  // Resolves with the worker's next message; rejects if the thread throws first.
  const next = async () => ((await once(worker, 'message')) as [number | string])[0];
  await next();
  return {
    async measure() {
      const alone = fastest();
      const theirs = next();
      worker.postMessage('go');
      const mine = fastest();
      return { alone, together: [mine, Number(await theirs)] };
    },
    async stop() {
      await worker.terminate();
    },
  };
}
