/**
 * Training throughput benchmark: milliseconds per gradient update of each trainer, on each backend,
 * for the `standard` (D4RL locomotion size) and `small` (maze2d size) configs, optionally beside the
 * PyTorch reference (`torch_reference.py`) run right after each row on the same machine.
 *
 *   npm run bench                                  # table, every algo/config/backend present
 *   npm run bench -- --json                        # one JSON object per line
 *   npm run bench -- --algos iql --configs standard --backends wasm --seconds 5
 *   npm run bench -- --torch ../shared/bench/torch_reference.py   # reference script (default path)
 *   npm run bench -- --no-torch                    # skip the reference
 *   npm run bench -- --threads 1,auto              # wasm products on one thread, then the default
 *   npm run bench -- --rounds 3                    # each row three times, medians reported
 *
 * Rows are printed at the end (progress goes to stderr). `ratioToTorch` is PyTorch's ms/step divided
 * by ours: 1 means as fast, 0.5 half as fast. Each row's reference runs right after that row (a
 * fresh process with only that algo and config), so both figures come from the same minute of a
 * machine whose speed drifts; with `--rounds N` each row is timed N times, ours then the
 * reference's each round, and the medians are reported with every round's ratio.
 *
 * What is timed is the real update the trainers run: sample a minibatch on the host, upload it, one
 * update, free the batch (no read-back), after a warm-up. PyTorch times its update on a fixed batch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { CONFIGS, syntheticDataset, type ConfigName } from './bench-setup';
import {
  createTrainer,
  disposeAll,
  Rng,
  useBackend,
  setGemmThreads,
  gemmThreadsActive,
  type GemmThreads,
  type BackendName,
  type Dataset,
  type Trainer,
} from 'offline-rl';

const ALGOS: Record<string, (dataset: Dataset, hidden: number, batch: number) => Trainer> = {
  iql: (dataset, hidden, batch) => createTrainer('iql', dataset, { hiddenDims: [hidden, hidden], batchSize: batch, steps: 1_000_000 }),
  td3bc: (dataset, hidden, batch) => createTrainer('td3bc', dataset, { hiddenDims: [hidden, hidden], batchSize: batch, steps: 1_000_000 }),
  // CORL's AWAC at the reference's shapes (two hidden layers like torch_reference.py's make_awac; AWAC's own default is three).
  awac: (dataset, hidden, batch) => createTrainer('awac', dataset, { hiddenDims: [hidden, hidden], batchSize: batch, steps: 1_000_000 }),
  bc: (dataset, hidden, batch) => createTrainer('bc', dataset, { hiddenDims: [hidden, hidden], batchSize: batch, steps: 1_000_000 }),
  // Two hidden layers like the reference (CQL's default is three), 10 samples per proposal, the full update.
  cql: (dataset, hidden, batch) => createTrainer('cql', dataset, { hiddenDims: [hidden, hidden], batchSize: batch, steps: 1_000_000 }),
};

/**
 * Untimed updates before timing: at least this many, for at least this long. V8 keeps optimising
 * the JavaScript of both threads (the update's glue, the GEMM helper's claim loop) over the first
 * thousands of products; a training run of 10^6 updates spends nearly all its time past that.
 */
const WARMUP_UPDATES = 10;
const WARMUP_SECONDS = 1;
const DEFAULT_TORCH_SCRIPT = '../shared/bench/torch_reference.py';

interface Row {
  algo: string;
  config: ConfigName;
  backend: string;
  /** Threads the matrix products ran on (2 with the GEMM helper thread). */
  threads: number;
  msPerStep: number;
  stepsPerSec: number;
  torchMsPerStep?: number;
  ratioToTorch?: number;
  /** With `--rounds` above 1: each round's ratio, in order (the row's figures are the medians). */
  roundRatios?: number[];
}

function warmUp(trainer: Trainer): void {
  const warmupStart = performance.now();
  for (let i = 0; i < WARMUP_UPDATES || performance.now() - warmupStart < WARMUP_SECONDS * 1000; i++) disposeAll(trainer.update());
}

function timeTrainer(trainer: Trainer, seconds: number): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    disposeAll(trainer.update());
    n += 1;
  }
  return (performance.now() - start) / n;
}

async function availableBackends(): Promise<BackendName[]> {
  const found: BackendName[] = [];
  for (const name of ['tensorflow', 'wasm', 'cpu'] as const) {
    try {
      await useBackend(name);
      found.push(name);
    } catch {
      // not installed here
    }
  }
  return found;
}

/** The reference's ms/step of one algo and config (a fresh process), or undefined when it did not run. */
function runTorch(script: string, algo: string, config: string, seconds: number): number | undefined {
  const result = spawnSync('/usr/bin/python3', [script, '--json', '--algos', algo, '--configs', config, '--seconds', String(seconds)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write(`bench: PyTorch reference did not run (${(result.stderr || String(result.error)).trim().split('\n').pop()})\n`);
    return undefined;
  }
  const line = result.stdout.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? undefined : (JSON.parse(line) as { msPerStep: number }).msPerStep;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      algos: { type: 'string', default: Object.keys(ALGOS).join(',') },
      configs: { type: 'string', default: Object.keys(CONFIGS).join(',') },
      backends: { type: 'string' },
      seconds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      torch: { type: 'string', default: DEFAULT_TORCH_SCRIPT },
      'no-torch': { type: 'boolean', default: false },
      threads: { type: 'string', default: 'auto' },
      rounds: { type: 'string', default: '1' },
    },
  });
  const threadSettings = values.threads.split(',').map((t) => (t === 'auto' ? 'auto' : Number(t))) as GemmThreads[];
  const algos = values.algos.split(',');
  const configs = values.configs.split(',') as ConfigName[];
  const seconds = Number(values.seconds);
  for (const a of algos) if (!(a in ALGOS)) throw new RangeError(`bench: unknown algo '${a}'; known: ${Object.keys(ALGOS).join(', ')}`);
  for (const c of configs) if (!(c in CONFIGS)) throw new RangeError(`bench: unknown config '${c}'; known: ${Object.keys(CONFIGS).join(', ')}`);
  if (!(seconds > 0)) throw new RangeError(`bench: --seconds must be a positive number, got ${values.seconds}`);
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new RangeError(`bench: --rounds must be a positive integer, got ${values.rounds}`);
  const script = resolve(values.torch);
  // Cleared when the reference fails to run once (no PyTorch here): it is not tried for every row.
  let withTorch = !values['no-torch'] && existsSync(script);
  const backends = values.backends ? (values.backends.split(',') as BackendName[]) : await availableBackends();

  const rows: Row[] = [];
  for (const backend of backends) {
    await useBackend(backend);
    for (const threads of backend === 'wasm' ? threadSettings : ['auto' as const]) {
      await setGemmThreads(threads);
      for (const config of configs) {
        const c = CONFIGS[config];
        const dataset = syntheticDataset(c.obs, c.act, new Rng(0));
        for (const algo of algos) {
          const trainer = ALGOS[algo](dataset, c.hidden, c.batch);
          warmUp(trainer);
          const ours: number[] = [];
          const theirs: number[] = [];
          for (let round = 0; round < rounds; round++) {
            ours.push(timeTrainer(trainer, seconds));
            const ref = withTorch ? runTorch(script, algo, config, seconds) : undefined;
            if (ref !== undefined) theirs.push(ref);
            else withTorch = false;
          }
          trainer.dispose();
          const ms = median(ours);
          const row: Row = { algo, config, backend: tf.getBackend(), threads: gemmThreadsActive() ? 2 : 1, msPerStep: round(ms), stepsPerSec: round(1000 / ms, 1) };
          if (theirs.length === rounds) {
            row.torchMsPerStep = round(median(theirs));
            row.ratioToTorch = round(median(theirs) / ms);
            if (rounds > 1) row.roundRatios = ours.map((m, i) => round(theirs[i] / m));
          }
          rows.push(row);
          process.stderr.write(`bench: ${algo} ${config} ${row.backend} ${row.threads} thread(s) ${row.msPerStep} ms/step${row.torchMsPerStep === undefined ? '' : `, PyTorch ${row.torchMsPerStep}`}\n`);
        }
      }
    }
  }

  if (values.json) rows.forEach((row) => console.log(JSON.stringify(row)));
  else printTable(rows);
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function printTable(rows: Row[]): void {
  console.log('| config | algo | backend | threads | ms/step | steps/s | PyTorch ms/step | ratio |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.config} | ${r.algo} | ${r.backend} | ${r.threads} | ${r.msPerStep} | ${r.stepsPerSec} | ${r.torchMsPerStep ?? '–'} | ${r.ratioToTorch ?? '–'} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
