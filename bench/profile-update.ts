/**
 * Where one update's time goes: runs `--updates` updates of one trainer under `tf.profile` and
 * prints, per kernel name, the milliseconds and the kernel count per update, largest first, plus
 * the part of the wall time no kernel accounts for (JavaScript between kernels: sampling, tape,
 * bookkeeping). The first place to look before optimizing (issue: performance).
 *
 *   npx tsx bench/profile-update.ts                                  # iql standard, wasm, default threads
 *   npx tsx bench/profile-update.ts --algo cql --config small --threads 1 --updates 20
 *
 * Profiling adds overhead per kernel (each is timed on its own), so the total is above the bench's
 * ms/step; compare the parts with each other, and before with after.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { createTrainer, disposeAll, Rng, setGemmThreads, useBackend, type GemmThreads } from 'offline-rl';
import { CONFIGS, syntheticDataset } from './bench-setup';

/** Untimed updates first: at least this many, for at least this long (V8 optimises both threads' code over the first thousands of products). */
const WARMUP = 10;
const WARMUP_SECONDS = 1;

const { values } = parseArgs({
  options: {
    algo: { type: 'string', default: 'iql' },
    config: { type: 'string', default: 'standard' },
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: 'auto' },
    updates: { type: 'string', default: '50' },
    top: { type: 'string', default: '25' },
  },
});
const config = CONFIGS[values.config as keyof typeof CONFIGS];
if (!config) throw new RangeError(`profile-update: unknown config '${values.config}' (standard, small)`);
const updates = Number(values.updates);

await useBackend(values.backend as 'wasm' | 'cpu');
await setGemmThreads((values.threads === 'auto' ? 'auto' : Number(values.threads)) as GemmThreads);
const rng = new Rng(0);
const dataset = syntheticDataset(config.obs, config.act, rng);
const trainer = createTrainer(values.algo as 'iql', dataset, { hiddenDims: [config.hidden, config.hidden], batchSize: config.batch, steps: 1_000_000 });
const warmupStart = performance.now();
for (let i = 0; i < WARMUP || performance.now() - warmupStart < WARMUP_SECONDS * 1000; i++) disposeAll(trainer.update());

const start = performance.now();
const info = await tf.profile(() => {
  for (let i = 0; i < updates; i++) disposeAll(trainer.update());
});
const wall = (performance.now() - start) / updates;
const byKernel = new Map<string, { ms: number; count: number }>();
for (const k of info.kernels) {
  const entry = byKernel.get(k.name) ?? { ms: 0, count: 0 };
  entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  entry.count += 1;
  byKernel.set(k.name, entry);
}
const rows = [...byKernel.entries()].map(([name, e]) => ({ name, ms: e.ms / updates, count: e.count / updates })).sort((a, b) => b.ms - a.ms);
const kernelMs = rows.reduce((s, r) => s + r.ms, 0);
const kernels = rows.reduce((s, r) => s + r.count, 0);
console.log(`${values.algo} ${values.config} on ${tf.getBackend()} (threads ${values.threads}), ${updates} updates under tf.profile`);
console.log(`wall ${wall.toFixed(2)} ms/update; kernels ${kernelMs.toFixed(2)} ms in ${kernels.toFixed(0)} kernels; outside kernels ${(wall - kernelMs).toFixed(2)} ms`);
console.log('kernel'.padEnd(28) + 'ms/update'.padStart(10) + 'share'.padStart(8) + 'count/update'.padStart(14));
for (const r of rows.slice(0, Number(values.top))) {
  console.log(r.name.padEnd(28) + r.ms.toFixed(3).padStart(10) + `${((100 * r.ms) / wall).toFixed(1)}%`.padStart(8) + r.count.toFixed(1).padStart(14));
}
trainer.dispose();
