/**
 * trainMany benchmark: wall time of N seeds of IQL trained with `trainMany` (one worker thread per
 * core) versus the same runs one after the other in the main thread, both on the wasm backend (one
 * thread per run in Node), and whether both ways give the same agents bit for bit. Prints one JSON
 * object per line: the worker start-up cost first, then one row per size and repeat.
 *
 *   npx tsx bench/train-many.ts                                    # small (2000 steps) and standard (300 steps)
 *   npx tsx bench/train-many.ts --sizes small --repeats 3 --seeds 2
 *   npx tsx bench/train-many.ts --from dist                        # the built package (npm run build first)
 *   npx tsx bench/train-many.ts --processes                        # also: the same runs as separate processes
 *
 * Sizes as bench/bench.ts and torch_reference.py: `small` obs 4, act 2, hidden [64, 64]; `standard`
 * obs 17, act 6, hidden [256, 256]; batch 256; a synthetic 20,000-row dataset. The sequential runs go
 * first in each repeat. The machine may be busy with other jobs, so compare repeats; `--processes`
 * adds a control, the same runs in as many separate Node processes at once (start-up included),
 * which is the most any parallel scheme gets out of the cores that are free at that moment.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

type Library = typeof import('offline-rl') & typeof import('offline-rl/node');

const SIZES = {
  small: { obs: 4, act: 2, hidden: 64, steps: 2000 },
  standard: { obs: 17, act: 6, hidden: 256, steps: 300 },
} as const;
type SizeName = keyof typeof SIZES;

const BATCH_SIZE = 256;
const DATASET_ROWS = 20_000;
const EPISODE_LENGTH = 1000;

function syntheticDataset(lib: Library, obs: number, act: number) {
  const rng = new lib.Rng(0);
  const n = DATASET_ROWS;
  return lib.createDataset({
    observations: new Float32Array(n * obs).map(() => rng.normal()),
    actions: new Float32Array(n * act).map(() => 2 * rng.next() - 1),
    rewards: new Float32Array(n).map(() => rng.normal()),
    terminals: new Float32Array(n),
    timeouts: new Float32Array(n).map((_, i) => ((i + 1) % EPISODE_LENGTH === 0 ? 1 : 0)),
  });
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: Object.keys(SIZES).join(',') },
      seeds: { type: 'string', default: '2' },
      workers: { type: 'string', default: '2' },
      repeats: { type: 'string', default: '1' },
      steps: { type: 'string' },
      from: { type: 'string', default: 'src' },
      processes: { type: 'boolean', default: false },
      single: { type: 'string' },
      seed: { type: 'string', default: '0' },
    },
  });
  const sizes = values.sizes.split(',') as SizeName[];
  for (const s of sizes) if (!(s in SIZES)) throw new RangeError(`train-many bench: unknown size '${s}'; known: ${Object.keys(SIZES).join(', ')}`);
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
  const workers = Number(values.workers);
  const repeats = Number(values.repeats);
  if (values.from !== 'src' && values.from !== 'dist') throw new RangeError(`train-many bench: --from must be 'src' or 'dist', got '${values.from}'`);
  const lib: Library =
    values.from === 'dist'
      ? { ...(await import(new URL('../dist/index.js', import.meta.url).href)), ...(await import(new URL('../dist/node.js', import.meta.url).href)) }
      : { ...(await import('offline-rl')), ...(await import('offline-rl/node')) };
  await lib.useBackend('wasm');

  if (values.single) {
    // Child of the --processes control: one run, then exit.
    const { obs, act, hidden, steps: defaultSteps } = SIZES[values.single as SizeName];
    const steps = values.steps ? Number(values.steps) : defaultSteps;
    const config = { hiddenDims: [hidden, hidden], batchSize: BATCH_SIZE, steps, logInterval: steps, seed: Number(values.seed) };
    (await lib.trainIQL(syntheticDataset(lib, obs, act), config)).dispose();
    return;
  }

  // Worker start-up: import TensorFlow.js, initialise wasm, train 1 tiny step, send the agent back.
  const tiny = syntheticDataset(lib, 4, 2);
  let start = performance.now();
  (await lib.trainMany('iql', tiny, [{ steps: 1, hiddenDims: [8], batchSize: 8 }, { steps: 1, hiddenDims: [8], batchSize: 8, seed: 1 }], { workers: 2 })).forEach((a) => a.dispose());
  console.log(JSON.stringify({ what: 'worker start-up', from: values.from, workers: 2, ms: Math.round(performance.now() - start) }));

  for (const size of sizes) {
    const { obs, act, hidden, steps: defaultSteps } = SIZES[size];
    const steps = values.steps ? Number(values.steps) : defaultSteps;
    const dataset = syntheticDataset(lib, obs, act);
    const configs = seeds.map((seed) => ({ hiddenDims: [hidden, hidden], batchSize: BATCH_SIZE, steps, logInterval: steps, seed }));
    for (let repeat = 0; repeat < repeats; repeat++) {
      const load = loadavg()[0];
      start = performance.now();
      const sequential: string[] = [];
      for (const config of configs) {
        const agent = await lib.trainIQL(dataset, config);
        sequential.push(JSON.stringify(agent.toJSON()));
        agent.dispose();
      }
      const sequentialMs = performance.now() - start;

      start = performance.now();
      const agents = await lib.trainMany('iql', dataset, configs, { workers, backend: 'wasm' });
      const parallelMs = performance.now() - start;
      const identical = agents.every((agent, i) => JSON.stringify(agent.toJSON()) === sequential[i]);
      agents.forEach((a) => a.dispose());

      let processesMs: number | undefined;
      if (values.processes) {
        start = performance.now();
        const script = fileURLToPath(import.meta.url);
        const child = (seed: number) =>
          new Promise<void>((resolve, reject) => {
            const args = [...process.execArgv, script, '--single', size, '--seed', String(seed), '--steps', String(steps), '--from', values.from];
            spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
          });
        await Promise.all(seeds.map(child));
        processesMs = performance.now() - start;
      }

      console.log(
        JSON.stringify({
          size,
          obs,
          act,
          hidden: [hidden, hidden],
          batch: BATCH_SIZE,
          steps,
          seeds: seeds.length,
          workers,
          backend: 'wasm',
          from: values.from,
          repeat,
          sequentialMs: Math.round(sequentialMs),
          trainManyMs: Math.round(parallelMs),
          speedup: round(sequentialMs / parallelMs, 2),
          ...(processesMs === undefined ? {} : { processesMs: Math.round(processesMs), processesSpeedup: round(sequentialMs / processesMs, 2) }),
          sequentialMsPerStep: round(sequentialMs / (steps * seeds.length)),
          identical,
          cores: availableParallelism(),
          loadAverage1m: round(load, 2),
        }),
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
