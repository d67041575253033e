/**
 * Memory benchmark: how much a large dataset costs in the process, how fast minibatches are drawn
 * from it, and whether a long standard-size IQL run on the wasm backend stays within
 * `1.5 × raw dataset size + 300 MB` of resident memory with a flat tensor count.
 *
 *   npx tsx --expose-gc bench/memory.ts                     # 1,000,000 rows, 2,000 IQL updates
 *   npx tsx --expose-gc bench/memory.ts --rows 200000 --steps 500
 *   npx tsx --expose-gc bench/memory.ts --json              # one JSON object
 *
 * Run it with `--expose-gc` (tsx passes the flag on to Node) for accurate figures: the synthetic
 * columns are generated in typed arrays that `createDataset` copies, and the script drops them and
 * forces a collection before measuring; without the flag they are freed whenever V8 decides to, so
 * the "after dataset" figure may still include them. The exit code is 1 when the RSS bound fails or
 * the tensor count moves during the updates.
 *
 * Figures, all in MB = 2^20 bytes:
 * - raw size: the dataset's six float32 columns (observations, nextObservations, actions, rewards,
 *   terminals, timeouts), i.e. `rows × (2·obs + act + 3) × 4` bytes;
 * - `createDataset` time, and `MinibatchSampler.sample()` time per batch of 256 after a warm-up;
 * - resident memory (`process.memoryUsage().rss`) before the dataset, after it, after the trainer is
 *   built, and the peak over the updates sampled every 100 steps (plus the OS high-water mark,
 *   `process.resourceUsage().maxRSS`, which also covers generation and every instant in between);
 * - the wasm heap (`WebAssembly.Memory`, which only ever grows) and V8 heap / ArrayBuffer usage;
 * - `tf.memory()` tensor count and bytes at the start and end of the updates.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { createDataset, createTrainer, disposeAll, MinibatchSampler, Rng, useBackend, type Dataset } from 'offline-rl';

const OBS_DIM = 17;
const ACT_DIM = 6;
/** Every episode ends in a timeout after this many rows. */
const EPISODE_LENGTH = 1000;
const BATCH_SIZE = 256;
const HIDDEN = [256, 256];
/** Sampler calls before timing, and at least this many timed calls. */
const SAMPLER_WARMUP = 1000;
const SAMPLER_CALLS = 20_000;
/** RSS is sampled every this many updates. */
const RSS_EVERY = 100;
/** Updates with `log: true` (diagnostic metrics) every this many steps, as the default `logInterval`. */
const LOG_EVERY = 1000;
/** The bound: peak RSS < BOUND_FACTOR × raw size + BOUND_SLACK_MB. */
const BOUND_FACTOR = 1.5;
const BOUND_SLACK_MB = 300;

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

interface Snapshot {
  rssMB: number;
  heapUsedMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  wasmHeapMB: number | null;
}

function mb(bytes: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round((bytes / MB) * f) / f;
}

/** Size of the wasm backend's linear memory, or null on another backend. */
function wasmHeapBytes(): number | null {
  if ((tf.engine() as unknown as { backendName: string | null }).backendName !== 'wasm') return null;
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8?.buffer.byteLength ?? null;
}

/** Lets pending finalisation run, then collects garbage (when `--expose-gc` is on) twice. */
async function collectGarbage(): Promise<void> {
  if (!gc) return;
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
  gc();
}

function snapshot(): Snapshot {
  const m = process.memoryUsage();
  const wasm = wasmHeapBytes();
  return {
    rssMB: mb(m.rss),
    heapUsedMB: mb(m.heapUsed),
    externalMB: mb(m.external),
    arrayBuffersMB: mb(m.arrayBuffers),
    wasmHeapMB: wasm === null ? null : mb(wasm),
  };
}

/**
 * Generates the synthetic columns and builds the dataset. The generated arrays are local to this
 * function, so once it returns only the dataset's own copies are reachable.
 */
function buildDataset(rows: number, seed: number): { dataset: Dataset; generateMs: number; createMs: number } {
  const rng = new Rng(seed);
  const t0 = performance.now();
  const observations = new Float32Array(rows * OBS_DIM);
  for (let i = 0; i < observations.length; i++) observations[i] = rng.normal();
  const actions = new Float32Array(rows * ACT_DIM);
  for (let i = 0; i < actions.length; i++) actions[i] = 2 * rng.next() - 1;
  const rewards = new Float32Array(rows);
  for (let i = 0; i < rows; i++) rewards[i] = rng.normal();
  const terminals = new Float32Array(rows);
  const timeouts = new Float32Array(rows);
  for (let i = EPISODE_LENGTH - 1; i < rows; i += EPISODE_LENGTH) timeouts[i] = 1;
  const t1 = performance.now();
  const dataset = createDataset({ observations, actions, rewards, terminals, timeouts });
  const t2 = performance.now();
  return { dataset, generateMs: t1 - t0, createMs: t2 - t1 };
}

function rawBytes(d: Dataset): number {
  const columns = [d.observations, d.nextObservations, d.actions, d.rewards, d.terminals, d.timeouts];
  return columns.reduce((sum, c) => sum + c.byteLength, 0);
}

function timeSampler(dataset: Dataset): { usPerBatch: number; calls: number } {
  const sampler = new MinibatchSampler(dataset, { batchSize: BATCH_SIZE, rng: new Rng(1) });
  let sink = 0;
  for (let i = 0; i < SAMPLER_WARMUP; i++) sink += sampler.sample().rewards[0];
  const start = performance.now();
  let calls = 0;
  // At least SAMPLER_CALLS calls and at least half a second.
  while (calls < SAMPLER_CALLS || performance.now() - start < 500) {
    sink += sampler.sample().rewards[0];
    calls += 1;
  }
  const ms = performance.now() - start;
  if (Number.isNaN(sink)) console.error('unreachable');
  return { usPerBatch: (ms * 1000) / calls, calls };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      steps: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const steps = Number(values.steps);
  if (!Number.isInteger(rows) || rows < 2) throw new RangeError(`memory: --rows must be an integer ≥ 2, got ${values.rows}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`memory: --steps must be a positive integer, got ${values.steps}`);
  const log = (line: string) => {
    if (!values.json) console.log(line);
  };
  if (!gc) process.stderr.write('memory: run with --expose-gc (npx tsx --expose-gc bench/memory.ts) for accurate figures\n');

  await collectGarbage();
  const atStart = snapshot();
  await useBackend('wasm');
  await collectGarbage();
  const beforeDataset = snapshot();
  log(`backend ${tf.getBackend()}; RSS at start ${atStart.rssMB} MB, after backend init ${beforeDataset.rssMB} MB`);

  const { dataset, generateMs, createMs } = buildDataset(rows, Number(values.seed));
  await collectGarbage();
  const afterDataset = snapshot();
  const raw = rawBytes(dataset);
  const boundMB = mb(BOUND_FACTOR * raw + BOUND_SLACK_MB * MB);
  log(`dataset: ${rows} rows (obs ${OBS_DIM}, act ${ACT_DIM}), raw float32 size ${mb(raw)} MB`);
  log(`  generate ${Math.round(generateMs)} ms, createDataset ${Math.round(createMs)} ms`);
  log(`  RSS ${beforeDataset.rssMB} → ${afterDataset.rssMB} MB (+${mb((afterDataset.rssMB - beforeDataset.rssMB) * MB)})`);

  const sampler = timeSampler(dataset);
  await collectGarbage();
  const afterSampler = snapshot();
  log(`sampler: ${sampler.usPerBatch.toFixed(2)} µs per batch of ${BATCH_SIZE} (${sampler.calls} calls after ${SAMPLER_WARMUP} warm-up)`);

  const tensorsBeforeTrainer = tf.memory().numTensors;
  const trainer = createTrainer('iql', dataset, { hiddenDims: HIDDEN, batchSize: BATCH_SIZE, steps });
  await collectGarbage();
  const afterTrainer = snapshot();
  const startMemory = tf.memory();
  let peak: Snapshot | null = null;
  const samples: number[] = [];
  const trainStart = performance.now();
  for (let i = 0; i < steps; i++) {
    disposeAll(trainer.update((i + 1) % LOG_EVERY === 0));
    if ((i + 1) % RSS_EVERY === 0 || i === steps - 1) {
      const s = snapshot();
      samples.push(s.rssMB);
      if (peak === null || s.rssMB > peak.rssMB) peak = s;
    }
  }
  const trainMs = performance.now() - trainStart;
  if (peak === null) throw new Error('unreachable: no RSS sample was taken');
  const endMemory = tf.memory();
  await collectGarbage();
  const afterUpdates = snapshot();
  trainer.dispose();
  const tensorsAfterDispose = tf.memory().numTensors;
  const maxRssMB = mb(process.resourceUsage().maxRSS * 1024);

  const pass = peak.rssMB < boundMB;
  const flat = startMemory.numTensors === endMemory.numTensors && tensorsAfterDispose === tensorsBeforeTrainer;
  log(`IQL hidden [${HIDDEN.join(', ')}], batch ${BATCH_SIZE}: ${steps} updates in ${(trainMs / 1000).toFixed(1)} s (${(trainMs / steps).toFixed(2)} ms/step)`);
  log(`  RSS after trainer built ${afterTrainer.rssMB} MB; peak during updates ${peak.rssMB} MB (sampled every ${RSS_EVERY} steps)`);
  log(`  RSS samples: first ${samples[0]}, last ${samples[samples.length - 1]}, min ${Math.min(...samples)}, max ${Math.max(...samples)}`);
  log(`  process RSS high-water mark (maxRSS, includes generation) ${maxRssMB} MB`);
  log(`bound: peak RSS ${peak.rssMB} MB < ${BOUND_FACTOR} × ${mb(raw)} + ${BOUND_SLACK_MB} = ${boundMB} MB: ${pass ? 'PASS' : 'FAIL'}`);
  log(`tensors: ${startMemory.numTensors} at the start of the updates, ${endMemory.numTensors} at the end (${startMemory.numTensors === endMemory.numTensors ? 'equal' : 'DIFFERENT'}); ` +
    `${tensorsBeforeTrainer} before the trainer, ${tensorsAfterDispose} after dispose()`);
  log(`tensor bytes: ${startMemory.numBytes} at the start, ${endMemory.numBytes} at the end (${mb(endMemory.numBytes)} MB)`);
  log('');
  log('| point | RSS | V8 heap used | external | ArrayBuffers | wasm heap |');
  log('|---|---:|---:|---:|---:|---:|');
  const points: [string, Snapshot][] = [
    ['process start', atStart],
    ['backend ready', beforeDataset],
    ['dataset built', afterDataset],
    ['sampler timed', afterSampler],
    ['trainer built', afterTrainer],
    ['peak during updates', peak],
    ['after updates', afterUpdates],
  ];
  for (const [name, s] of points) {
    log(`| ${name} | ${s.rssMB} | ${s.heapUsedMB} | ${s.externalMB} | ${s.arrayBuffersMB} | ${s.wasmHeapMB ?? '–'} |`);
  }

  if (values.json) {
    console.log(
      JSON.stringify({
        rows,
        steps,
        backend: tf.getBackend(),
        exposeGc: gc !== undefined,
        rawMB: mb(raw),
        generateMs: Math.round(generateMs),
        createDatasetMs: Math.round(createMs),
        samplerUsPerBatch: Math.round(sampler.usPerBatch * 100) / 100,
        samplerCalls: sampler.calls,
        msPerStep: Math.round((trainMs / steps) * 1000) / 1000,
        rssBeforeDatasetMB: beforeDataset.rssMB,
        rssAfterDatasetMB: afterDataset.rssMB,
        rssAfterTrainerMB: afterTrainer.rssMB,
        rssPeakMB: peak.rssMB,
        maxRssMB,
        boundMB,
        pass,
        numTensorsStart: startMemory.numTensors,
        numTensorsEnd: endMemory.numTensors,
        numBytesStart: startMemory.numBytes,
        numBytesEnd: endMemory.numBytes,
        numTensorsAfterDispose: tensorsAfterDispose,
        numTensorsBeforeTrainer: tensorsBeforeTrainer,
        snapshots: Object.fromEntries(points),
      }),
    );
  }
  if (!pass || !flat) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
