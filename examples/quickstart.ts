/**
 * offline-rl quick start (the README's, as a script): `npx tsx examples/quickstart.ts`.
 *
 * A point on a line must walk to the origin. We log 200 ten-step episodes of a random policy as plain
 * arrays, train IQL on that log, act, evaluate the policy in the same task written as an `Env`, and
 * save and reload the agent. The learned policy should steer towards 0 and beat the random log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, evaluate, loadAgent, Rng, trainIQL, type Env } from 'offline-rl';

const EPISODE_STEPS = 10;
const move = (x: number, a: number) => Math.max(-2, Math.min(2, x + 0.5 * a)); // a in [-1, 1]
const reward = (x: number) => -Math.abs(x); // 0 at the origin

// 1. A dataset from plain arrays: one row per transition. The last step of each episode is a time
//    limit (`timeouts`: the episode ends but its value still bootstraps), not a terminal state.
const rng = new Rng(0);
const observations: number[][] = [];
const actions: number[][] = [];
const rewards: number[] = [];
const terminals: number[] = [];
const timeouts: number[] = [];
const nextObservations: number[][] = [];
for (let episode = 0; episode < 200; episode++) {
  let x = 4 * rng.next() - 2;
  for (let t = 0; t < EPISODE_STEPS; t++) {
    const a = 2 * rng.next() - 1; // the random behaviour policy
    const next = move(x, a);
    observations.push([x]);
    actions.push([a]);
    rewards.push(reward(next));
    nextObservations.push([next]);
    terminals.push(0);
    timeouts.push(t === EPISODE_STEPS - 1 ? 1 : 0);
    x = next;
  }
}
const dataset = createDataset({
  observations,
  actions,
  rewards,
  terminals,
  timeouts,
  nextObservations,
  actionSpace: { type: 'box', low: [-1], high: [1] },
});

// 2. Train IQL (small networks and few steps: this is a toy; the defaults are the paper's recipe).
const agent = await trainIQL(dataset, {
  steps: 1000,
  hiddenDims: [32, 32],
  learningRate: 1e-3,
  discount: 0.9,
  seed: 0,
  logInterval: 250,
  onProgress: ({ step, steps, metrics }) => console.log(`step ${step}/${steps}  critic/loss ${metrics['critic/loss'].toFixed(4)}`),
});

// 3. Act: one action per observation (the policy's mean by default).
const probe = [[-1.5], [0], [1.5]];
console.log('actions at x = -1.5, 0, 1.5:', (agent.act(probe) as number[][]).map(([a]) => a.toFixed(2)).join(', '));
console.log('V at x = -1.5, 0, 1.5:', agent.value(probe).map((v) => v.toFixed(2)).join(', '));

// 4. Evaluate in the same task written as an Env (your own environments implement this interface).
function pointOnALine(): Env {
  let x = 0;
  let t = 0;
  const envRng = new Rng(1);
  return {
    name: 'point-on-a-line',
    observationDim: 1,
    actionSpace: { type: 'box', low: [-1], high: [1] },
    maxEpisodeSteps: EPISODE_STEPS,
    reset(seed) {
      const r = seed === undefined ? envRng : new Rng(seed);
      x = 4 * r.next() - 2;
      t = 0;
      return [x];
    },
    step(action) {
      const a = Array.isArray(action) ? action[0] : action;
      x = move(x, a);
      t += 1;
      return { observation: [x], reward: reward(x), terminated: false, truncated: t >= EPISODE_STEPS };
    },
  };
}
const result = await evaluate(agent, pointOnALine(), { episodes: 20, seed: 0 });
const logged = rewards.reduce((s, r) => s + r, 0) / (rewards.length / EPISODE_STEPS);
console.log(`mean return: IQL ${result.mean.toFixed(2)} vs random log ${logged.toFixed(2)}`);

// 5. Save to one JSON file and load it back.
const dir = await mkdtemp(join(tmpdir(), 'offline-rl-'));
try {
  const file = join(dir, 'agent.json');
  await agent.save(file);
  const loaded = await loadAgent(file);
  const same = JSON.stringify(loaded.act(probe)) === JSON.stringify(agent.act(probe));
  console.log(`saved and reloaded ${file}: same actions ${same}`);
  loaded.dispose();
} finally {
  await rm(dir, { recursive: true, force: true });
  agent.dispose();
}
