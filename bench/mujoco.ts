/**
 * Step rate of the MuJoCo locomotion envs (`offline-rl/mujoco`) in this process: env steps per
 * second with uniform random actions (resetting whenever an episode ends) after a warm-up of 2000
 * steps, the raw `mj_step` rate of the same model, and the time to load the wasm module and to build
 * one env.
 *
 *   npx tsx bench/mujoco.ts                # 20,000 env steps per task
 *   npx tsx bench/mujoco.ts --steps 5000 --json
 */
import { parseArgs } from 'node:util';
import { Rng } from 'offline-rl';
import { loadMujoco, locomotionEnv, LOCOMOTION_TASKS } from 'offline-rl/mujoco';
import type { LocomotionTaskName } from 'offline-rl/mujoco';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '20000' }, json: { type: 'boolean', default: false } } });
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`--steps must be a positive integer, got ${values.steps}`);

const t0 = performance.now();
const mujoco = await loadMujoco();
const loadMs = performance.now() - t0;

interface Row {
  task: LocomotionTaskName;
  buildMs: number;
  envStepsPerSecond: number;
  mjStepsPerSecond: number;
  episodes: number;
}
const rows: Row[] = [];
for (const task of Object.keys(LOCOMOTION_TASKS) as LocomotionTaskName[]) {
  const tb = performance.now();
  const env = await locomotionEnv(task, { mujoco });
  const buildMs = performance.now() - tb;
  const rng = new Rng(0);
  const width = env.actionSpace.low.length;
  let episodes = 0;
  env.reset(0);
  // Warm-up: V8 first runs wasm through its baseline compiler and tiers up hot functions later.
  for (let t = 0; t < 2000; t++) {
    const r = env.step(Array.from({ length: width }, () => 2 * rng.next() - 1));
    if (r.terminated || r.truncated) env.reset();
  }
  env.reset(0);
  const ts = performance.now();
  for (let t = 0; t < steps; t++) {
    const r = env.step(Array.from({ length: width }, () => 2 * rng.next() - 1));
    if (r.terminated || r.truncated) {
      episodes += 1;
      env.reset();
    }
  }
  const envStepsPerSecond = steps / ((performance.now() - ts) / 1000);
  // The physics alone, from the same state distribution (a fresh reset, zero controls).
  env.reset(1);
  const tm = performance.now();
  const mjSteps = steps * env.task.frameSkip;
  for (let k = 0; k < mjSteps; k++) {
    if (k % 400 === 0) env.reset(k);
    mujoco.mj_step(env.model, env.data);
  }
  const mjStepsPerSecond = mjSteps / ((performance.now() - tm) / 1000);
  env.close();
  rows.push({ task, buildMs, envStepsPerSecond, mjStepsPerSecond, episodes });
}

if (values.json) {
  console.log(JSON.stringify({ steps, loadMs, rows }));
} else {
  console.log(`wasm module load: ${loadMs.toFixed(0)} ms; ${steps} env steps per task with random actions`);
  console.log('task         build ms   env steps/s   mj_step/s   episodes');
  for (const r of rows) {
    console.log(
      `${r.task.padEnd(12)} ${r.buildMs.toFixed(1).padStart(8)} ${r.envStepsPerSecond.toFixed(0).padStart(13)} ` +
        `${r.mjStepsPerSecond.toFixed(0).padStart(11)} ${String(r.episodes).padStart(10)}`,
    );
  }
}
