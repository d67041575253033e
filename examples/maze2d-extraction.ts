/**
 * # Policy extraction on a maze2d-like point maze
 *
 * IQL learns critics without a policy; how the policy is then *extracted* decides what it does.
 * This script trains IQL once per seed on a point-maze dataset, then compares three policies drawn
 * from the same critics:
 *
 * - **AWR-Gaussian** (IQL's own recipe, trained concurrently): weighted BC with a Gaussian. At a
 *   junction the data goes several ways; a Gaussian fitted to that *mean-matches*: its mean falls
 *   inside the unit circle and its std stays wide.
 * - **DDPG(+BC)** (post hoc): a deterministic actor pushed uphill on Q, with a small BC term.
 *   Picks one direction at full speed.
 * - **Discretized AWR** (post hoc): AWR with one categorical over `bins` tokens per action
 *   dimension; it can hold several modes and its mode is the best-weighted token.
 *
 * It does this twice: on `mixed` data (a controller driving to random goals: many directions per
 * state) and on `expert` data (driving to the evaluation goal with little noise: sparse action
 * coverage, where following the critic off the data is riskier). For each it prints a table
 * (policy std, mean |a|, fraction of actions with |a| > 0.9, normalized score over seeds) and writes
 * an SVG of each method's greedy actions over a grid of states beside the dataset's actions.
 *
 *   npx tsx examples/maze2d-extraction.ts                 # full run (minutes)
 *   npx tsx examples/maze2d-extraction.ts --quick         # smoke run (seconds)
 *   npx tsx examples/maze2d-extraction.ts --layout umaze --seeds 2 --out out/maze2d --reward sparse
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createDataset,
  envs,
  evaluate,
  extractPolicy,
  policyDiagnostics,
  Rng,
  trainIQL,
  useBackend,
  type Agent,
} from 'offline-rl';
import { quiverSvg, type QuiverArrow } from './plot/quiver-svg';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    layout: { type: 'string', default: 'medium' },
    reward: { type: 'string', default: 'dense' },
    seeds: { type: 'string' },
    out: { type: 'string', default: 'out/maze2d' },
    'bc-alpha': { type: 'string', default: '0.1' },
    bins: { type: 'string', default: '41' },
  },
});
const layout = args.layout as 'open' | 'umaze' | 'medium' | 'large';
const reward = args.reward as 'sparse' | 'dense';
const quick = args.quick;
// Budgets: the full run is sized to show the effect in a few minutes on one wasm thread.
const SIZES = quick
  ? { data: 10_000, iqlSteps: 300, extractSteps: 150, episodes: 1, seeds: 1 }
  : { data: 50_000, iqlSteps: 6000, extractSteps: 3000, episodes: 5, seeds: 3 };
const seeds = Number(args.seeds ?? SIZES.seeds);
const bcAlpha = Number(args['bc-alpha']);
const bins = Number(args.bins);

const backend = await useBackend('auto');
console.log(`backend: ${backend}; layout ${layout}, ${reward} reward, ${seeds} seed(s)${quick ? ', quick run' : ''}\n`);
mkdirSync(args.out, { recursive: true });

type Method = 'AWR-Gaussian' | `DDPG+BC (α=${number})` | 'discretized AWR';
const METHODS: Method[] = ['AWR-Gaussian', `DDPG+BC (α=${bcAlpha})`, 'discretized AWR'];
const COLORS = ['#1565c0', '#c62828', '#6a1b9a'];

/** Greedy actions over a grid of states: 3×3 points in every open cell, at rest. */
function gridStates(maze: envs.PointMazeEnv['maze']): number[][] {
  const states: number[][] = [];
  for (const [i, j] of maze.openCells) for (const di of [-0.3, 0, 0.3]) for (const dj of [-0.3, 0, 0.3]) states.push([i + di, j + dj, 0, 0]);
  return states;
}

const arrowsOf = (states: number[][], actions: number[][]): QuiverArrow[] => states.map((s, k) => ({ x: s[0], y: s[1], ax: actions[k][0], ay: actions[k][1] }));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const fmt = (x: number | undefined, digits = 2) => (x === undefined ? '–' : x.toFixed(digits));

for (const kind of ['mixed', 'expert'] as const) {
  const log = envs.pointMazeDataset({ layout, size: SIZES.data, seed: 0, kind, reward });
  const dataset = createDataset(log);
  const env = envs.pointMaze({ layout, reward });
  const dataNorms = log.actions.map((a) => Math.hypot(...a));
  const dataStates = log.observations.filter((_, i) => i % 25 === 0);
  console.log(`## ${kind} data: ${dataset.size} transitions, mean |a| ${fmt(mean(dataNorms))}, |a| > 0.9: ${fmt(mean(dataNorms.map((n) => (n > 0.9 ? 1 : 0))))}`);

  const scores: Record<Method, number[]> = Object.fromEntries(METHODS.map((m) => [m, []])) as unknown as Record<Method, number[]>;
  const diagnostics: Partial<Record<Method, ReturnType<typeof policyDiagnostics>>> = {};
  let pictureAgents: Agent[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const awr = await trainIQL(dataset, { hiddenDims: [64, 64], steps: SIZES.iqlSteps, seed });
    const ddpg = await extractPolicy(awr, dataset, { method: 'ddpg', bcAlpha, steps: SIZES.extractSteps, seed: 100 + seed });
    const discrete = await extractPolicy(awr, dataset, { method: 'discrete-awr', bins, steps: SIZES.extractSteps, seed: 100 + seed });
    const agents = [awr, ddpg, discrete];
    for (const [k, agent] of agents.entries()) {
      const result = await evaluate(agent, env, { episodes: SIZES.episodes, seed: 1000 + seed });
      scores[METHODS[k]].push(result.normalizedScore ?? result.mean);
      if (seed === 0) diagnostics[METHODS[k]] = policyDiagnostics(agent, dataStates);
    }
    if (seed === 0) pictureAgents = agents;
    else agents.forEach((a) => a.dispose());
  }
  const random = env.referenceScores ? 0 : Number.NaN; // a uniform random policy scores 0 by definition
  console.log('| method | policy std | mean |a| | |a| > 0.9 | normalized score (mean ± std over seeds) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const m of METHODS) {
    const d = diagnostics[m]!;
    console.log(`| ${m} | ${fmt(d.meanStd)} | ${fmt(d.meanActionNorm)} | ${fmt(d.fractionNearUnitNorm)} | ${fmt(mean(scores[m]), 1)} ± ${fmt(std(scores[m]), 1)} |`);
  }
  console.log(`| (uniform random policy) | | | | ${fmt(random, 1)} |\n`);

  // Picture: dataset actions at their positions, then each method's greedy actions on a grid of states.
  const rng = new Rng(7);
  const sample = Array.from({ length: Math.min(600, log.observations.length) }, () => rng.int(log.observations.length));
  const grid = gridStates(env.maze);
  const panels = [
    { title: `${kind} dataset`, subtitle: `${sample.length} sampled actions`, color: '#424242', arrows: arrowsOf(sample.map((i) => log.observations[i]), sample.map((i) => log.actions[i])) },
    ...pictureAgents.map((agent, k) => ({
      title: METHODS[k],
      subtitle: `|a| ${fmt(diagnostics[METHODS[k]]!.meanActionNorm)}, score ${fmt(scores[METHODS[k]][0], 1)} (seed 0)`,
      color: COLORS[k],
      arrows: arrowsOf(grid, agent.act(grid) as number[][]),
    })),
  ];
  const file = join(args.out, `maze2d-${layout}-${kind}.svg`);
  writeFileSync(file, quiverSvg({ layout: env.maze.layout, goal: env.goal, panels }));
  console.log(`picture: ${file}\n`);
  pictureAgents.forEach((a) => a.dispose());
}
