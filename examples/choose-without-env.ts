/**
 * # Choosing a policy without an environment
 *
 * Hold episodes out of Pendulum data, train BC and IQL on the rest, and judge both from the held-out
 * data alone with fitted Q evaluation and the offline metrics; then check the choice against the
 * environment (which, in practice, you would not have).
 *
 *   npx tsx examples/choose-without-env.ts            # a few minutes on one wasm thread
 *   npx tsx examples/choose-without-env.ts --quick    # smoke run
 *
 * One full run (wasm) printed:
 *
 *   bc   FQE  -245.6   TD error  16.54   action difference 1.61   (return in the env: -770.1)
 *   iql  FQE  -135.2   TD error  41.84   action difference 2.87   (return in the env: -179.1)
 *
 * FQE picks IQL, as the environment does. IQL acts further from the data (action difference) and its
 * critic is harder to fit there (TD error): neither says which policy is better on its own.
 */
import { parseArgs } from 'node:util';
import { createDataset, envs, evaluate, fqe, offlineMetrics, splitEpisodes, trainBC, trainIQL, useBackend } from 'offline-rl';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const budget = args.quick ? { size: 4_000, train: 200, fqe: 200 } : { size: 20_000, train: 4_000, fqe: 3_000 };
await useBackend('wasm');
const dataset = createDataset(envs.pendulumDataset({ kind: 'medium', size: budget.size, seed: 0 }));
const { train, test } = splitEpisodes(dataset, 0.2, 0);
const net = { hiddenDims: [64, 64], seed: 0 };
const candidates = {
  bc: await trainBC(train, { ...net, steps: budget.train / 2 }),
  iql: await trainIQL(train, { ...net, steps: budget.train, beta: 10, discount: 0.95 }),
};
const discount = 0.98;
for (const [name, agent] of Object.entries(candidates)) {
  // Pendulum's step costs reach 16.3: rewardScale (1 − γ) / 16.3 keeps |Q| near 1 while fitting.
  const estimate = await fqe(agent, test, {
    discount, steps: budget.fqe, hiddenDims: [64, 64], learningRate: 1e-3, targetUpdateRate: 0.05,
    rewardScale: (1 - discount) / 16.3, normalizeObservations: true,
  });
  const metrics = offlineMetrics(agent, test, { discount, critic: estimate });
  const { mean } = await evaluate(agent, envs.pendulum(), { episodes: 10, parallel: 10 });
  console.log(
    `${name.padEnd(4)} FQE ${estimate.initialStateValue.toFixed(1).padStart(7)}   TD error ${metrics.tdError!.toFixed(2).padStart(6)}` +
      `   action difference ${metrics.actionDifference!.toFixed(2)}   (return in the env: ${mean.toFixed(1)})`,
  );
  estimate.dispose();
  agent.dispose();
}
