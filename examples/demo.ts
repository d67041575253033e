/**
 * offline-rl demo: the two toy problems every offline RL method must get right, trained in seconds.
 *
 *   npm run demo            # full demo
 *   npm run demo -- --quick # fewer steps (used by the smoke test)
 *
 * 1. The two-step chain (γ = 1). From s0, `up` leads to s1 and `down` to s2. In s1, up earns +10 and
 *    down −10; in s2 both earn +1. The logged data takes every action 50/50. What you should see:
 *    - SARSA (IQL with expectile τ = 0.5) learns the value of the *behaviour* policy: V(s1) is the
 *      mean of +10 and −10 = 0 < V(s2) = 1, so it prefers **down** at s0 and earns 1.
 *    - IQL with τ = 0.9 fits V(s1) to the upper expectile 10(2τ − 1) = 8 > 1, so it prefers **up** at
 *      s0, then up again, and earns the optimal 10 — from data in which only a quarter of the
 *      episodes did that. It never evaluates an action the data did not take.
 *    - BC copies the 50/50 behaviour: its greedy action at s0 is a coin flip and its sampled
 *      return is the behaviour policy's 0.5.
 *    The analytic fixed point `envs.twoStepChainValues(τ)` is printed in brackets beside each
 *    learned value.
 * 2. The bandit: one state, two arms, 50/50 data, arm 1 pays 1 and arm 0 pays 0. BC plays each arm
 *    about half the time (sampled return ≈ 0.5); IQL's advantage-weighted policy puts almost all of
 *    its probability on the better arm (≈ 0.95 with β = 3, sampled return ≈ 0.95, greedy return 1).
 *
 * Everything is seeded: the same backend prints the same numbers on every run.
 */
import { parseArgs } from 'node:util';
import { createDataset, envs, evaluate, trainBC, trainIQL, useBackend, type Agent } from 'offline-rl';

const { values: flags } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const QUICK = flags.quick ?? false;

/** Small networks and a larger learning rate: the toy problems need no more. */
const TOY = { hiddenDims: [32, 32], learningRate: 1e-3, batchSize: 128, seed: 0 };
/** Updates per trainer: enough for the values to settle within ~0.2 of the analytic ones (--quick only smoke-tests). */
const CHAIN_STEPS = QUICK ? 200 : 1000;
const BANDIT_BC_STEPS = QUICK ? 100 : 500;
const BANDIT_IQL_STEPS = QUICK ? 200 : 1000;
/** Stochastic `act` samples used to estimate the probability of the better bandit arm. */
const ACT_SAMPLES = 2000;
/** Episodes of the sampled-return evaluations. */
const SAMPLED_EPISODES = 500;

const S0 = [1, 0, 0];
const S1 = [0, 1, 0];
const S2 = [0, 0, 1];
const ACTION_NAME = (a: number): string => (a === envs.UP ? 'up' : 'down');

const fmt = (x: number, digits = 2): string => (Object.is(Math.round(x * 10 ** digits), -0) ? 0 : x).toFixed(digits);
const withAnalytic = (learned: number, analytic: number): string => `${fmt(learned)} (${fmt(analytic)})`;

/** Prints rows as a table with a header rule, columns padded to their widest cell. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  process.stdout.write(`  trained ${label.padEnd(12)} in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  return result;
}

async function main(): Promise<void> {
  const started = performance.now();
  const backend = await useBackend('auto');
  console.log(`offline-rl demo${QUICK ? ' (--quick)' : ''} — TensorFlow.js backend: ${backend}\n`);

  // ---------------------------------------------------------------------------------------------
  // 1. Two-step chain: BC, SARSA (IQL τ = 0.5) and IQL τ = 0.9, γ = 1.
  // ---------------------------------------------------------------------------------------------
  console.log(`1. Two-step chain, γ = 1, 50/50 data (${CHAIN_STEPS} updates each)`);
  const chainData = createDataset(envs.twoStepChainDataset({ episodes: 1000, seed: 1 }));
  const chainAgents: Array<{ name: string; expectile?: number; agent: Agent }> = [
    { name: 'BC', agent: await timed('BC', () => trainBC(chainData, { ...TOY, steps: CHAIN_STEPS })) },
  ];
  for (const [name, expectile] of [
    ['SARSA τ=0.5', 0.5],
    ['IQL τ=0.9', 0.9],
  ] as const) {
    const agent = await timed(name, () => trainIQL(chainData, { ...TOY, expectile, discount: 1, steps: CHAIN_STEPS }));
    chainAgents.push({ name, expectile, agent });
  }

  const chainRows: string[][] = [];
  for (const { name, expectile, agent } of chainAgents) {
    const [firstAction] = agent.act([S0]) as number[];
    const greedy = await evaluate(agent, envs.twoStepChain(), { episodes: 10, seed: 0 });
    const sampled = await evaluate(agent, envs.twoStepChain(), { episodes: SAMPLED_EPISODES, seed: 0, deterministic: false });
    if (expectile === undefined) {
      chainRows.push([name, '—', '—', '—', '—', ACTION_NAME(firstAction), fmt(greedy.mean), fmt(sampled.mean)]);
      continue;
    }
    const analytic = envs.twoStepChainValues(expectile);
    const [v1, v2] = agent.value([S1, S2]);
    const [qUp, qDown] = agent.q([S0, S0], [envs.UP, envs.DOWN]);
    chainRows.push([
      name,
      withAnalytic(v1, analytic.vS1),
      withAnalytic(v2, analytic.vS2),
      withAnalytic(qUp, analytic.qS0Up),
      withAnalytic(qDown, analytic.qS0Down),
      `${ACTION_NAME(firstAction)} (${ACTION_NAME(analytic.greedyAtS0)})`,
      fmt(greedy.mean),
      fmt(sampled.mean),
    ]);
  }
  console.log();
  printTable(['method', 'V(s1)', 'V(s2)', 'Q(s0,up)', 'Q(s0,down)', 'first action', 'return', 'sampled return'], chainRows);
  console.log('(analytic IQL fixed point in brackets; return: greedy policy; sampled: stochastic policy, mean of 500 episodes)\n');
  chainAgents.forEach(({ agent }) => agent.dispose());

  // ---------------------------------------------------------------------------------------------
  // 2. Bandit: one state, two arms, 50/50 data, arm 1 better. BC vs IQL.
  // ---------------------------------------------------------------------------------------------
  console.log('2. Bandit, one state, 50/50 data, arm 1 pays 1 and arm 0 pays 0');
  const banditData = createDataset(envs.banditDataset({ size: 1000, seed: 3 }));
  const bc = await timed('BC', () => trainBC(banditData, { ...TOY, steps: BANDIT_BC_STEPS }));
  const iql = await timed('IQL τ=0.7', () => trainIQL(banditData, { ...TOY, steps: BANDIT_IQL_STEPS }));
  const banditRows: string[][] = [];
  for (const [name, agent] of [
    ['BC', bc],
    ['IQL τ=0.7', iql],
  ] as const) {
    const observations = Array.from({ length: ACT_SAMPLES }, () => [1]);
    const sampledActions = agent.act(observations, { deterministic: false, seed: 1 }) as number[];
    const pBetter = sampledActions.filter((a) => a === 1).length / ACT_SAMPLES;
    const greedy = await evaluate(agent, envs.bandit(), { episodes: 10, seed: 0 });
    const sampled = await evaluate(agent, envs.bandit(), { episodes: SAMPLED_EPISODES, seed: 0, deterministic: false });
    banditRows.push([name, fmt(pBetter), fmt(greedy.mean), fmt(sampled.mean)]);
  }
  console.log();
  printTable(['method', 'P(better arm)', 'return', 'sampled return'], banditRows);
  console.log(`(P(better arm): fraction of ${ACT_SAMPLES} stochastic act() samples; returns as above)\n`);
  bc.dispose();
  iql.dispose();

  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
