/**
 * Batched evaluation benchmark: wall time of `evaluate(agent, env, { episodes, parallel })` for
 * several `parallel` values, and the speed-up over `parallel: 1`. The agent is a BC policy with
 * the default 256 × 256 network (a few training steps: its weights do not change the cost of
 * acting); the returns are checked to be identical for every `parallel`. Environment steps per
 * second count the steps the episodes really took (MuJoCo hopper episodes end when it falls).
 *
 *   npx tsx bench/evaluate-parallel.ts                # wasm: pendulum, point maze, MuJoCo hopper and halfcheetah
 *   npx tsx bench/evaluate-parallel.ts --backend cpu --json
 *
 * Each figure is the best of `--repeats` runs (default 3) after one warm-up run.
 */
import { parseArgs } from 'node:util';
import { collectDataset, createDataset, envs, evaluate, trainBC, useBackend, type Agent, type Dataset, type Env } from 'offline-rl';
import { halfCheetah, hopper } from 'offline-rl/mujoco';

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
  env: () => Env | Promise<Env>;
  data: () => Dataset | Promise<Dataset>;
  episodes: number;
  parallels: number[];
}

const CASES: Case[] = [
  {
    name: 'pendulum (200 steps)',
    env: () => envs.pendulum(),
    data: () => createDataset(envs.pendulumDataset({ kind: 'medium', size: 5000 })),
    episodes: 32,
    parallels: [1, 4, 8, 16, 32],
  },
  {
    name: 'point maze umaze (300 steps)',
    env: () => envs.pointMaze({ layout: 'umaze' }),
    data: () => createDataset(envs.pointMazeDataset({ layout: 'umaze', size: 5000 })),
    episodes: 16,
    parallels: [1, 4, 8, 16],
  },
  {
    // The case the issue names: 10 hopper episodes (they end when the hopper falls).
    name: 'mujoco hopper (≤ 1000 steps)',
    env: () => hopper(),
    data: async () => randomData(await hopper()),
    episodes: 10,
    parallels: [1, 2, 5, 10],
  },
  {
    name: 'mujoco halfcheetah (1000 steps)',
    env: () => halfCheetah(),
    data: async () => randomData(await halfCheetah()),
    episodes: 10,
    parallels: [1, 2, 5, 10],
  },
];

/** A few random-policy episodes: enough rows to fit BC's shapes (observation and action sizes). */
async function randomData(env: Env): Promise<Dataset> {
  const dataset = collectDataset(env, 'random', { steps: 2000, seed: 0 });
  env.close?.();
  return dataset;
}

async function time(agent: Agent, c: Case, parallel: number): Promise<{ ms: number; returns: number[]; steps: number }> {
  let best = Infinity;
  let returns: number[] = [];
  let steps = 0;
  for (let r = 0; r <= repeats; r++) {
    const env = await c.env();
    const t0 = performance.now();
    const result = await evaluate(agent, env, { episodes: c.episodes, seed: 1, parallel });
    const ms = performance.now() - t0;
    env.close?.();
    if (r > 0) best = Math.min(best, ms);
    returns = result.returns;
    steps = result.lengths.reduce((a, b) => a + b, 0);
  }
  return { ms: best, returns, steps };
}

await useBackend(values.backend as 'wasm' | 'cpu');
const rows: Array<{ env: string; parallel: number; ms: number; speedup: number; stepsPerSecond: number }> = [];
for (const c of CASES) {
  const agent = await trainBC(await c.data(), { steps: 10, seed: 0 });
  const base = await time(agent, c, 1);
  for (const parallel of c.parallels) {
    const { ms, returns, steps } = parallel === 1 ? base : await time(agent, c, parallel);
    if (JSON.stringify(returns) !== JSON.stringify(base.returns)) throw new Error(`${c.name}: parallel ${parallel} changed the returns`);
    rows.push({ env: c.name, parallel, ms, speedup: base.ms / ms, stepsPerSecond: (1000 * steps) / ms });
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
