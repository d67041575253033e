/**
 * Does fitted Q evaluation rank policies as the environment does? On Pendulum data, fits FQE for a
 * set of policies of different quality (scripted: the swing-up controller, noisy and degraded
 * versions of it, random and zero torques; trained: BC, IQL and TD3+BC on the same data), rolls
 * each out in `envs.pendulum`, and reports per seed the Spearman rank correlation between the FQE
 * estimates (discounted value of the data's initial states) and the true mean returns.
 *
 *   npx tsx bench/fqe-ranking.ts                      # medium data (20,000 rows), seeds 0 1 2
 *   npx tsx bench/fqe-ranking.ts --kind medium-replay --seeds 0 --steps 4000
 *   npx tsx bench/fqe-ranking.ts --json               # one JSON line per seed
 */
import { parseArgs } from 'node:util';
import {
  createDataset,
  envs,
  evaluate,
  fqe,
  Rng,
  trainBC,
  trainIQL,
  trainTD3BC,
  useBackend,
  type Agent,
  type Policy,
  type PolicyFunction,
} from '../src/index';

const { values: args } = parseArgs({
  options: {
    kind: { type: 'string', default: 'medium' },
    size: { type: 'string', default: '20000' },
    seeds: { type: 'string', default: '0,1,2' },
    steps: { type: 'string', default: '3000' },
    discount: { type: 'string', default: '0.98' },
    episodes: { type: 'string', default: '20' },
    'train-steps': { type: 'string', default: '4000' },
    json: { type: 'boolean', default: false },
  },
});

const MAX_TORQUE = 2;
const clip = (u: number): number => Math.max(-MAX_TORQUE, Math.min(MAX_TORQUE, u));

/** The swing-up controller with, per step, probability `p` of a uniformly random torque instead, plus Gaussian noise. */
function scripted(p: number, noise: number): PolicyFunction {
  const controller = envs.pendulumController();
  return (observations, { seed }) => {
    const rng = new Rng(seed ?? 0);
    return observations.map((o) => (p > 0 && rng.next() < p ? [MAX_TORQUE * (2 * rng.next() - 1)] : [clip(controller(o)[0] + noise * rng.normal())]));
  };
}

/** A function policy as a `Policy` for `evaluate`, stochastic ones drawing from the given seed. */
function asPolicy(fn: PolicyFunction): Policy {
  let calls = 0;
  return {
    observationDim: 3,
    actionSpace: { type: 'box', low: [-MAX_TORQUE], high: [MAX_TORQUE] },
    act: (observations, options = {}) => fn(observations, { ...options, seed: (options.seed ?? 0) + 7919 * calls++ }),
  };
}

/** Spearman's ρ: Pearson correlation of the ranks (ties get their mean rank). */
function spearman(x: number[], y: number[]): number {
  const ranks = (v: number[]): number[] => {
    const order = v.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const r = new Array<number>(v.length);
    for (let k = 0; k < order.length; ) {
      let end = k;
      while (end + 1 < order.length && order[end + 1].value === order[k].value) end++;
      for (let j = k; j <= end; j++) r[order[j].i] = (k + end) / 2;
      k = end + 1;
    }
    return r;
  };
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (a: number[]): number => a.reduce((s, t) => s + t, 0) / a.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

async function main(): Promise<void> {
  await useBackend('wasm');
  const kind = args.kind as envs.PendulumDatasetKind;
  const seeds = args.seeds.split(',').map(Number);
  const steps = Number(args.steps);
  const discount = Number(args.discount);
  const trainSteps = Number(args['train-steps']);
  const env = envs.pendulum();
  const rows: Array<{ seed: number; spearman: number; policies: Array<{ name: string; fqe: number; envReturn: number }> }> = [];
  for (const seed of seeds) {
    const dataset = createDataset(envs.pendulumDataset({ kind, size: Number(args.size), seed }));
    const net = { hiddenDims: [64, 64], seed };
    const agents: Array<[string, Agent]> = [
      ['bc', await trainBC(dataset, { ...net, steps: trainSteps / 2 })],
      ['iql', await trainIQL(dataset, { ...net, steps: trainSteps, beta: 10, discount: 0.95 })],
      ['td3bc', await trainTD3BC(dataset, { ...net, steps: trainSteps, discount: 0.95 })],
    ];
    const scriptedPolicies: Array<[string, PolicyFunction, boolean]> = [
      ['controller', scripted(0, 0), true],
      ['controller+noise0.5', scripted(0, 0.5), false],
      ['controller, 50% random', scripted(0.5, 0), false],
      ['controller, 80% random', scripted(0.8, 0), false],
      ['random torque', scripted(1, 0), false],
      ['zero torque', (o) => o.map(() => [0]), true],
    ];
    const policies: Array<{ name: string; fqe: number; envReturn: number }> = [];
    // |Q| near 1: (1 − γ) / Pendulum's largest step cost (π² + 0.1·8² + 0.001·2² ≈ 16.3).
    const fqeOptions = { steps, discount, hiddenDims: [64, 64], learningRate: 1e-3, targetUpdateRate: 0.05, seed, rewardScale: (1 - discount) / 16.3, normalizeObservations: true };
    const t0 = Date.now();
    for (const [name, agent] of agents) {
      const result = await fqe(agent, dataset, fqeOptions);
      const { mean } = await evaluate(agent, env, { episodes: Number(args.episodes), seed: 1000 + seed, parallel: 20 });
      policies.push({ name, fqe: result.initialStateValue, envReturn: mean });
      result.dispose();
      agent.dispose();
      process.stderr.write(`seed ${seed} ${name}: fqe ${policies.at(-1)!.fqe.toFixed(1)} env ${mean.toFixed(1)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
    for (const [name, fn, deterministic] of scriptedPolicies) {
      const result = await fqe(fn, dataset, { ...fqeOptions, deterministic });
      const { mean } = await evaluate(asPolicy(fn), env, { episodes: Number(args.episodes), seed: 1000 + seed, parallel: 20, deterministic });
      policies.push({ name, fqe: result.initialStateValue, envReturn: mean });
      result.dispose();
      process.stderr.write(`seed ${seed} ${name}: fqe ${policies.at(-1)!.fqe.toFixed(1)} env ${mean.toFixed(1)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
    const rho = spearman(policies.map((p) => p.fqe), policies.map((p) => p.envReturn));
    rows.push({ seed, spearman: rho, policies });
    if (args.json) console.log(JSON.stringify({ kind, seed, steps, discount, spearman: rho, policies }));
    else {
      console.log(`\n${kind}, seed ${seed}: Spearman ρ(FQE, return) = ${rho.toFixed(3)} over ${policies.length} policies`);
      for (const p of policies) console.log(`  ${p.name.padEnd(24)} FQE ${p.fqe.toFixed(1).padStart(8)}   env return ${p.envReturn.toFixed(1).padStart(8)}`);
    }
  }
  if (!args.json) console.log(`\nmean Spearman ρ over ${rows.length} seed(s): ${(rows.reduce((s, r) => s + r.spearman, 0) / rows.length).toFixed(3)}`);
}

void main();
