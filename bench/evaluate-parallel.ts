/**
 * Batched evaluation benchmark: wall time of `evaluate(agent, env, { episodes, parallel })` for
 * several `parallel` values, and the speed-up over `parallel: 1`. The agent is a BC policy with
 * the default 256 × 256 network (a few training steps: its weights do not change the cost of
 * acting); the returns are checked to be identical for every `parallel`.
 *
 *   npx tsx bench/evaluate-parallel.ts                          # wasm, pendulum and point maze
 *   npx tsx bench/evaluate-parallel.ts --backend cpu --json
 *
 * Each figure is the best of `--repeats` runs (default 3) after one warm-up run.
 */
import { parseArgs } from 'node:util';
import { createDataset, envs, evaluate, trainBC, useBackend, type Agent, type Env } from 'offline-rl';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    repeats: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const repeats = Number(values.repeats);

interface Case {
  name: string;
  env: () => Env;
  data: () => Parameters<typeof createDataset>[0];
  episodes: number;
  parallels: number[];
}

const CASES: Case[] = [
  {
    name: 'pendulum (200 steps)',
    env: () => envs.pendulum(),
    data: () => envs.pendulumDataset({ kind: 'medium', size: 5000 }),
    episodes: 32,
    parallels: [1, 4, 8, 16, 32],
  },
  {
    name: 'point maze umaze (300 steps)',
    env: () => envs.pointMaze({ layout: 'umaze' }),
    data: () => envs.pointMazeDataset({ layout: 'umaze', size: 5000 }),
    episodes: 16,
    parallels: [1, 4, 8, 16],
  },
];

async function time(agent: Agent, c: Case, parallel: number): Promise<{ ms: number; returns: number[] }> {
  let best = Infinity;
  let returns: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    const result = await evaluate(agent, c.env(), { episodes: c.episodes, seed: 1, parallel });
    const ms = performance.now() - t0;
    if (r > 0) best = Math.min(best, ms);
    returns = result.returns;
  }
  return { ms: best, returns };
}

await useBackend(values.backend as 'wasm' | 'cpu');
const rows: Array<{ env: string; parallel: number; ms: number; speedup: number; stepsPerSecond: number }> = [];
for (const c of CASES) {
  const agent = await trainBC(createDataset(c.data()), { steps: 10, seed: 0 });
  const base = await time(agent, c, 1);
  const totalSteps = c.episodes * c.env().maxEpisodeSteps;
  for (const parallel of c.parallels) {
    const { ms, returns } = parallel === 1 ? base : await time(agent, c, parallel);
    if (JSON.stringify(returns) !== JSON.stringify(base.returns)) throw new Error(`${c.name}: parallel ${parallel} changed the returns`);
    rows.push({ env: c.name, parallel, ms, speedup: base.ms / ms, stepsPerSecond: (1000 * totalSteps) / ms });
  }
  agent.dispose();
}
if (values.json) console.log(JSON.stringify({ backend: values.backend, rows }));
else {
  console.log(`backend ${values.backend}; best of ${repeats} runs`);
  for (const r of rows) {
    console.log(`${r.env.padEnd(30)} parallel ${String(r.parallel).padStart(2)}  ${r.ms.toFixed(0).padStart(6)} ms  ×${r.speedup.toFixed(2)}  ${r.stepsPerSecond.toFixed(0)} env steps/s`);
  }
}
