import { beforeAll, describe, expect, it } from 'vitest';
import { extractPolicy } from '../../src/algorithms/extraction/extract-policy';
import { policyDiagnostics } from '../../src/agent/policy-diagnostics';
import { trainBC } from '../../src/algorithms/bc';
import { trainIQL } from '../../src/algorithms/iql';
import { trainTD3BC } from '../../src/algorithms/td3bc';
import { createDataset } from '../../src/data';
import { pointMaze, pointMazeDataset } from '../../src/envs/point-maze';
import { evaluate } from '../../src/eval';
import { setTestBackend } from '../helpers/backend';
import { mazeScore, mean, mixedMazeDataset } from '../helpers/maze-race';

/** These train for real (about a minute each on an idle 2-core machine): leave room for a loaded CI host. */
const LONG_TEST_MS = 400_000;

/**
 * The maze2d finding (design §1) on the medium maze, whose junctions give the data several action
 * directions per state. Dense reward keeps the training budget test-sized.
 */
describe('policy extraction on a point maze with junctions', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('AWR-Gaussian mean-matches (wide std, short actions); DDPG and discretized AWR act at full norm; all beat random', async () => {
    const log = pointMazeDataset({ layout: 'medium', size: 50_000, seed: 0, kind: 'mixed', reward: 'dense' });
    const dataset = createDataset(log);
    const env = pointMaze({ layout: 'medium', reward: 'dense' });
    const randomReturn = env.referenceScores!.min; // mean return of a uniform random policy
    const states = log.observations.filter((_, i) => i % 50 === 0);
    const dataNorm = log.actions.reduce((s, a) => s + Math.hypot(...a), 0) / log.actions.length;
    expect(dataNorm).toBeGreaterThan(0.9);

    const net = { hiddenDims: [64, 64], seed: 0 };
    const awr = await trainIQL(dataset, { ...net, steps: 6000 });
    const ddpg = await extractPolicy(awr, dataset, { method: 'ddpg', steps: 3000, seed: 1 });
    const discrete = await extractPolicy(awr, dataset, { method: 'discrete-awr', steps: 3000, seed: 1 });

    const dAwr = policyDiagnostics(awr, states);
    expect(dAwr.meanStd).toBeGreaterThanOrEqual(0.25);
    expect(dAwr.meanActionNorm).toBeLessThan(dataNorm - 0.15);
    for (const agent of [ddpg, discrete]) expect(policyDiagnostics(agent, states).meanActionNorm).toBeGreaterThanOrEqual(0.85);
    for (const agent of [awr, ddpg, discrete]) {
      const result = await evaluate(agent, env, { episodes: 4, seed: 1 });
      expect(result.mean).toBeGreaterThan(randomReturn);
      agent.dispose();
    }
  }, LONG_TEST_MS);
});

describe('TD3+BC on a point maze', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('beats BC’s normalized score over 3 seeds on mixed-goal data', async () => {
    const dataset = mixedMazeDataset();
    const scores = { td3bc: [] as number[], bc: [] as number[] };
    for (const seed of [0, 1, 2]) {
      const cfg = { hiddenDims: [64, 64], steps: 5000, seed };
      scores.td3bc.push(await mazeScore(await trainTD3BC(dataset, cfg), seed));
      scores.bc.push(await mazeScore(await trainBC(dataset, cfg), seed));
    }
    console.log(`point maze, normalized scores per seed: ${JSON.stringify(scores)}`);
    expect(mean(scores.td3bc), JSON.stringify(scores)).toBeGreaterThan(mean(scores.bc) + 10);
  }, LONG_TEST_MS);
});
