/**
 * AWAC and ReBRAC learn from mixed-goal point-maze data what BC cannot: over 3 seeds each beats BC's
 * normalized score (the same kind of claim as TD3+BC's in point-maze-extraction.test.ts), with their
 * published maze2d recipes (AWAC λ 0.1; ReBRAC CORL's maze2d-medium β pair and batch 256, at CORL's
 * default learning rate 1e-3) on test-sized networks and budgets: `[64, 64]` and 5000 updates, as
 * the TD3+BC and CQL tests. At 2000 updates the lead was within the evaluation noise (with 20
 * episodes per agent: AWAC +9.7, ReBRAC +4.5 over BC). Observed on wasm, 20 episodes each: AWAC
 * 20.8 / 34.0 / 29.1, ReBRAC 11.7 / 6.8 / 9.6, BC −0.7 / −1.0 / −3.8 (2026-12-03; ReBRAC's lead, 11.2, is close
 * to the margin).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trainAWAC } from '../../src/algorithms/awac';
import { trainBC } from '../../src/algorithms/bc';
import { trainReBRAC } from '../../src/algorithms/rebrac';
import { setTestBackend } from '../helpers/backend';
import { mazeScore, mean, mixedMazeDataset } from '../helpers/maze-race';

/** These train for real: leave room for a loaded CI host. */
const LONG_TEST_MS = 900_000;

describe('AWAC and ReBRAC on a point maze', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('each beats BC’s normalized score over 3 seeds on mixed-goal data', async () => {
    const dataset = mixedMazeDataset();
    const scores = { awac: [] as number[], rebrac: [] as number[], bc: [] as number[] };
    for (const seed of [0, 1, 2]) {
      const cfg = { hiddenDims: [64, 64], steps: 5000, seed };
      scores.awac.push(await mazeScore(await trainAWAC(dataset, { ...cfg, preset: 'maze2d' }), seed));
      // CORL's default learning rates (1e-3) with the maze2d β pair: the preset's 3e-4 is too slow for this budget.
      scores.rebrac.push(await mazeScore(await trainReBRAC(dataset, { ...cfg, preset: 'maze2d-medium-v1', learningRate: 1e-3, criticLearningRate: 1e-3 }), seed));
      scores.bc.push(await mazeScore(await trainBC(dataset, cfg), seed));
    }
    console.log(`point maze, normalized scores per seed: ${JSON.stringify(scores)}`);
    expect(mean(scores.awac), JSON.stringify(scores)).toBeGreaterThan(mean(scores.bc) + 10);
    expect(mean(scores.rebrac), JSON.stringify(scores)).toBeGreaterThan(mean(scores.bc) + 10);
  }, LONG_TEST_MS);
});
