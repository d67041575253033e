/**
 * Per-update cost of every variant of the results table at the table's network size, on the wasm
 * backend in this thread, on the table's real datasets: the numbers the table's step budget is chosen
 * from. Each variant runs `--warmup` untimed updates, then `--updates` timed ones (no read-back, as
 * the trainers run). The `iql` row at `[64, 64]` is the reference: the README's quiet-machine figure
 * for it (bench small row, 2.5 ms) divided by what it costs now is how loaded the machine is.
 *
 *   npx tsx bench/results-table/measure.ts
 *   npx tsx bench/results-table/measure.ts --updates 100 --variants iql,cql
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { createTrainer, disposeAll, useBackend, type Dataset } from 'offline-rl';
import { buildTaskDataset, defaultBudget, TASKS, tableVariants, cellConfig } from './plan';

const { values } = parseArgs({
  options: {
    updates: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    variants: { type: 'string' },
    task: { type: 'string', default: 'pendulum-medium' },
  },
});
await useBackend('wasm');
const budget = defaultBudget();
const task = TASKS.find((t) => t.id === values.task);
if (!task) throw new RangeError(`measure: unknown task '${values.task}'`);
const dataset: Dataset = buildTaskDataset(task, budget);
const wanted = values.variants?.split(',');
const updates = Number(values.updates);
const warmup = Number(values.warmup);
for (const variant of tableVariants()) {
  if (wanted && !wanted.includes(variant.id)) continue;
  const cfg = cellConfig(task, variant, 0, budget) as Record<string, unknown>;
  const trainer = createTrainer(variant.algorithm as never, dataset, { ...cfg, steps: 1_000_000 } as never);
  for (let i = 0; i < warmup; i++) disposeAll(trainer.update());
  const t0 = performance.now();
  for (let i = 0; i < updates; i++) disposeAll(trainer.update());
  const ms = (performance.now() - t0) / updates;
  trainer.finish().dispose();
  console.log(JSON.stringify({ variant: variant.id, task: task.id, msPerUpdate: Math.round(ms * 1000) / 1000, load1: loadavg()[0] }));
}
