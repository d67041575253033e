/**
 * # The results table
 *
 * Trains every trainer of the registry (BC, 10%BC, TD3+BC, IQL with AWR, DDPG+BC and discretized-AWR
 * extraction, and CQL, AWAC, ReBRAC when registered) on the five Pendulum dataset families and the
 * point maze's `mixed` and `expert` data, over 3 seeds each, with `trainMany` (worker threads), scores
 * each agent with batched evaluation, and writes a Markdown table of normalized scores (mean ± std)
 * and a heat-map (SVG and PNG).
 *
 * Resumable: every finished cell (task × algorithm × seed) is written to `<out>/results.json` at
 * once (atomically); a restart with the same command skips the stored cells, and the table is drawn
 * from whatever is stored, marking what is missing. A cell whose config, data or evaluation differ
 * from the stored one is rerun.
 *
 *   npm run table                                  # the full run → docs/results/
 *   npm run table -- --quick                       # smoke run with a tiny budget → out/results-table-quick/
 *   npm run table -- --render-only                 # redraw the table and picture from the stored cells
 *   npm run table -- --tasks pendulum-medium --variants iql,bc   # run a subset (the table shows all)
 *   npm run table -- --retry-failed                # also rerun cells that failed
 *   npm run table -- --lanes 1                     # one run at a time
 *
 * Long runs: `nohup npm run table > /work/table-run.log 2>&1 &`, and the same to resume.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { episodeReturns, evaluate, normalizedScore, useBackend, type Dataset } from 'offline-rl';
import { trainMany } from 'offline-rl/node';
import { renderPlot } from 'offline-rl/plot';
import { aggregate, meanStd, trainTimes } from './results-table/aggregate';
import { heatmapSpec } from './results-table/heatmap-spec';
import { renderMarkdown } from './results-table/markdown';
import { buildTaskDataset, defaultBudget, planCells, quickBudget, TASKS, tableVariants, taskEnv, type Cell, type TableTask } from './results-table/plan';
import { currentCells, readResults, writeResults, type ResultsDocument } from './results-table/results-file';
import { runCells, type CellOutcome } from './results-table/run-cells';

/** Redraw the pictures after this many finished cells (the Markdown after every one). */
const PICTURE_EVERY = 10;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    lanes: { type: 'string', default: '2' },
    tasks: { type: 'string' },
    variants: { type: 'string' },
    'render-only': { type: 'boolean', default: false },
    'retry-failed': { type: 'boolean', default: false },
  },
});
const budget = args.quick ? quickBudget() : defaultBudget();
const out = args.out ?? (args.quick ? 'out/results-table-quick' : 'docs/results');
const resultsPath = join(out, 'results.json');
const command = ['npm run table', process.argv.length > 2 ? `-- ${process.argv.slice(2).filter((a) => a !== '--render-only').join(' ')}` : ''].join(' ').replace(/ -- $/, '').trim();
const lanes = Number(args.lanes);
if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError(`results table: --lanes must be an integer ≥ 1, got '${args.lanes}'`);

const backend = await useBackend('wasm');
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${availableParallelism()} cores, Node ${process.version}, tfjs ${backend}`;
const variants = tableVariants();
const cells = planCells(TASKS, variants, budget);
const pick = (list: string | undefined) => list?.split(',').map((s) => s.trim());
const onlyTasks = pick(args.tasks);
const onlyVariants = pick(args.variants);
for (const t of onlyTasks ?? []) if (!TASKS.some((task) => task.id === t)) throw new RangeError(`results table: unknown task '${t}'; known: ${TASKS.map((task) => task.id).join(', ')}`);
for (const v of onlyVariants ?? []) if (!variants.some((variant) => variant.id === v)) throw new RangeError(`results table: unknown variant '${v}'; known: ${variants.map((variant) => variant.id).join(', ')}`);
const selected = cells.filter((c) => (!onlyTasks || onlyTasks.includes(c.task.id)) && (!onlyVariants || onlyVariants.includes(c.variant.id)));

mkdirSync(out, { recursive: true });
const doc: ResultsDocument = readResults(resultsPath);

const datasets = new Map<string, Dataset>();
const datasetOf = (task: TableTask): Dataset => {
  let dataset = datasets.get(task.id);
  if (!dataset) {
    dataset = buildTaskDataset(task, budget);
    datasets.set(task.id, dataset);
  }
  return dataset;
};
/** Normalized score of each dataset's mean episode return (the table's data column). */
const dataScores = new Map<string, number>();
for (const task of TASKS) {
  const env = taskEnv(task, budget);
  const mean = meanStd([...episodeReturns(datasetOf(task))])?.mean;
  if (mean !== undefined && env.referenceScores) dataScores.set(task.id, normalizedScore(mean, env.referenceScores));
  env.close?.();
}

async function render(pictures: boolean): Promise<void> {
  const stored = currentCells(doc, cells);
  const entries = aggregate(cells, stored);
  const finishedAt = [...stored.values()].map((r) => r.finishedAt).sort();
  const picture = 'results-table.svg';
  if (pictures) {
    const spec = heatmapSpec(TASKS, variants, entries, `Normalized score, mean ± std over ${budget.seeds} seeds (${budget.steps.toLocaleString('en-US')} updates, ${JSON.stringify(budget.hiddenDims)} nets)`);
    writeFileSync(join(out, picture), await renderPlot(spec));
    writeFileSync(join(out, 'results-table.png'), await renderPlot(spec, { format: 'png' }));
  }
  const markdown = renderMarkdown({
    tasks: TASKS,
    variants,
    budget,
    entries,
    dataScores,
    times: trainTimes(cells, stored),
    sessions: doc.sessions,
    lastFinished: finishedAt.at(-1),
    command,
    picture,
  });
  writeFileSync(join(out, 'results-table.md'), markdown);
}

async function trainAndEvaluate(cell: Cell): Promise<CellOutcome> {
  const dataset = datasetOf(cell.task);
  const t0 = performance.now();
  const [agent] = await trainMany(cell.spec.algorithm as never, dataset, [cell.spec.config as never], { workers: 1, backend });
  const trainSeconds = (performance.now() - t0) / 1000;
  const env = taskEnv(cell.task, budget);
  try {
    const t1 = performance.now();
    const result = await evaluate(agent, env, { episodes: cell.spec.evaluation.episodes, seed: cell.spec.evaluation.seed, parallel: budget.parallel });
    const evalSeconds = (performance.now() - t1) / 1000;
    if (result.normalizedScore === undefined) throw new Error(`env '${env.name}' has no reference scores`);
    return { score: result.normalizedScore, return: result.mean, returnStd: result.std, trainSeconds, evalSeconds };
  } finally {
    agent.dispose();
    env.close?.();
  }
}

if (args['render-only']) {
  await render(true);
  console.log(`rendered ${join(out, 'results-table.md')} from ${currentCells(doc, cells).size} stored cells`);
} else {
  doc.sessions.push({ startedAt: new Date().toISOString(), command, machine, load1: Math.round(loadavg()[0] * 10) / 10 });
  await writeResults(resultsPath, doc);
  console.log(`results table: ${variants.length} variants (${variants.map((v) => v.id).join(', ')}) × ${TASKS.length} tasks × ${budget.seeds} seeds; ${budget.steps} updates, ${JSON.stringify(budget.hiddenDims)}; ${machine}; results in ${resultsPath}`);
  let sincePicture = 0;
  const { ran, failed } = await runCells(resultsPath, doc, selected, trainAndEvaluate, {
    lanes,
    retryFailed: args['retry-failed'],
    machine,
    log: (line) => console.log(`[${new Date().toISOString()}] ${line}`),
    afterCell: async () => {
      sincePicture += 1;
      const pictures = sincePicture >= PICTURE_EVERY;
      if (pictures) sincePicture = 0;
      await render(pictures);
    },
  });
  await render(true);
  console.log(`results table: ran ${ran} cells (${failed} failed); table in ${join(out, 'results-table.md')}`);
}
