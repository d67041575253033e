/**
 * MuJoCo locomotion with offline-rl: build the D4RL tasks (Gymnasium v4 definitions on the official
 * MuJoCo WebAssembly build), step one by hand, and score two reference policies with `evaluate`,
 * which reports D4RL normalized scores. Needs the optional package: `npm install @mujoco/mujoco`.
 *
 *   npx tsx examples/mujoco-locomotion.ts               # 20 episodes per policy and task
 *   npx tsx examples/mujoco-locomotion.ts --episodes 3
 */
import { parseArgs } from 'node:util';
import { evaluate, Rng } from 'offline-rl';
import type { BoxSpace, Policy } from 'offline-rl';
import { halfCheetah, hopper, walker2d } from 'offline-rl/mujoco';

const { values } = parseArgs({ options: { episodes: { type: 'string', default: '20' } } });
const episodes = Number(values.episodes);

/** Uniform random actions in the box, drawn from the seed `evaluate` passes to each call. */
function uniformPolicy(observationDim: number, actionSpace: BoxSpace): Policy {
  return {
    observationDim,
    actionSpace,
    act(observations, options) {
      const rng = Rng.named(options?.seed ?? 0, 'uniform-policy');
      return observations.map(() => actionSpace.low.map((low, i) => low + (actionSpace.high[i] - low) * rng.next()));
    },
  };
}

/** No torque at all: the robot falls (hopper, walker2d) or stands still (halfcheetah). */
function zeroPolicy(observationDim: number, actionSpace: BoxSpace): Policy {
  return { observationDim, actionSpace, act: (observations) => observations.map(() => actionSpace.low.map(() => 0)) };
}

// One episode by hand: reset with a seed, step until terminated (fell) or truncated (1000 steps).
const env = await hopper();
let observation = env.reset(0);
let episodeReturn = 0;
for (let t = 0; ; t++) {
  const { observation: next, reward, terminated, truncated } = env.step([0.5, -0.5, 0.2]);
  observation = next;
  episodeReturn += reward;
  if (terminated || truncated) {
    console.log(`hopper, constant action: ${t + 1} steps, return ${episodeReturn.toFixed(2)}, ` +
      `${terminated ? 'terminated' : 'truncated'} at height ${observation[0].toFixed(3)}`);
    break;
  }
}
env.close(); // frees the model and data in wasm memory

console.log(`\n${episodes} episodes per policy; normalized = D4RL score (0 = D4RL random, 100 = expert)`);
console.log('task          policy      mean return   mean length   normalized');
for (const make of [hopper, halfCheetah, walker2d]) {
  const task = await make();
  for (const [label, policy] of [
    ['uniform', uniformPolicy(task.observationDim, task.actionSpace)],
    ['zero', zeroPolicy(task.observationDim, task.actionSpace)],
  ] as const) {
    const result = await evaluate(policy, task, { episodes, seed: 0, deterministic: false });
    const length = result.lengths.reduce((s, n) => s + n, 0) / episodes;
    console.log(
      `${task.name.padEnd(13)} ${label.padEnd(11)} ${result.mean.toFixed(2).padStart(11)} ` +
        `${length.toFixed(1).padStart(13)} ${result.normalizedScore!.toFixed(2).padStart(12)}`,
    );
  }
  task.close();
}
