/**
 * AWAC and ReBRAC learn from mixed-goal point-maze data what BC cannot: over 3 seeds each beats BC's
 * normalized score (the same kind of claim as TD3+BC's in point-maze-extraction.test.ts), with their
 * published maze2d recipes (AWAC λ 0.1; ReBRAC CORL's maze2d-medium β pair, lr 3e-4, batch 256) on
 * test-sized networks and budgets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trainAWAC } from '../../src/algorithms/awac';
import { trainBC } from '../../src/algorithms/bc';
import { trainReBRAC } from '../../src/algorithms/rebrac';
import { createDataset } from '../../src/data';
import { pointMaze, pointMazeDataset } from '../../src/envs/point-maze';
import { evaluate } from '../../src/eval';
import { setTestBackend } from '../helpers/backend';

/** These train for real: leave room for a loaded CI host. */
const LONG_TEST_MS = 900_000;

describe('AWAC and ReBRAC on a point maze', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('each beats BC’s normalized score over 3 seeds on mixed-goal data', async () => {
    const dataset = createDataset(pointMazeDataset({ layout: 'medium', size: 50_000, seed: 3, kind: 'mixed', reward: 'dense' }));
    const env = pointMaze({ layout: 'medium', reward: 'dense' });
    const scores = { awac: [] as number[], rebrac: [] as number[], bc: [] as number[] };
    for (const seed of [0, 1, 2]) {
      const cfg = { hiddenDims: [64, 64], steps: 2000, seed };
      for (const [name, agent] of [
        ['awac', await trainAWAC(dataset, { ...cfg, preset: 'maze2d' })],
        ['rebrac', await trainReBRAC(dataset, { ...cfg, preset: 'maze2d-medium-v1' })],
        ['bc', await trainBC(dataset, cfg)],
      ] as const) {
        scores[name].push((await evaluate(agent, env, { episodes: 4, seed: 10 + seed })).normalizedScore!);
        agent.dispose();
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    console.log(JSON.stringify(scores));
    expect(mean(scores.awac)).toBeGreaterThan(mean(scores.bc) + 10);
    expect(mean(scores.rebrac)).toBeGreaterThan(mean(scores.bc) + 10);
  }, LONG_TEST_MS);
});
