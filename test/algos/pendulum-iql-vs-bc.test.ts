import { beforeAll, describe, expect, it } from 'vitest';
import { trainBC } from '../../src/algorithms/bc';
import { trainIQL } from '../../src/algorithms/iql';
import { createDataset, episodeReturns } from '../../src/data';
import { pendulum, pendulumDataset } from '../../src/envs';
import { evaluate } from '../../src/eval';
import { setTestBackend } from '../helpers/backend';

/**
 * SLOWER learning test (about 1 minute of CPU; several minutes of wall time on a loaded 2-core
 * host): 3 seeds × (IQL 4000 updates + BC 2000 updates) with [64, 64] networks on wasm.
 */
const SLOW_TEST_MS = 900_000;

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;

/**
 * Pendulum medium-replay data is mostly random torques with some of the controller's actions mixed
 * in (random-torque probability 1 → 0.8 over the episodes). BC fits the average action, a
 * shrunk controller; IQL's advantage weights pick out the controller's actions, so it must beat
 * both BC and the data it learned from.
 */
describe('slow: IQL vs BC on Pendulum medium-replay', () => {
  beforeAll(async () => setTestBackend('wasm'));

  it('IQL scores clearly above BC (3 seeds) and above the dataset’s mean episode return', async () => {
    const dataset = createDataset(pendulumDataset({ kind: 'medium-replay', seed: 0 }));
    const dataMean = mean(episodeReturns(dataset));
    const env = pendulum();
    const iql: number[] = [];
    const bc: number[] = [];
    for (const seed of [0, 1, 2]) {
      const net = { hiddenDims: [64, 64], seed };
      // β 10: the advantages are in raw reward units (≈ −5 per step); γ 0.95 shortens the horizon
      // the critics must propagate in a short run.
      const iqlAgent = await trainIQL(dataset, { ...net, steps: 4000, beta: 10, discount: 0.95 });
      const bcAgent = await trainBC(dataset, { ...net, steps: 2000 });
      const options = { episodes: 20, seed: 100 + seed, parallel: 20 };
      iql.push((await evaluate(iqlAgent, env, options)).mean);
      bc.push((await evaluate(bcAgent, env, options)).mean);
      iqlAgent.dispose();
      bcAgent.dispose();
    }
    // Measured (wasm): data −1027.1; IQL −683.6, −699.7, −610.5 (mean −664.6, normalized 52);
    // BC −966.4, −1149.7, −1023.1 (mean −1046.4, normalized 17).
    expect(mean(iql)).toBeGreaterThan(mean(bc) + 150);
    expect(mean(iql)).toBeGreaterThan(dataMean + 150);
    for (const r of iql) expect(r).toBeGreaterThan(dataMean);
  }, SLOW_TEST_MS);
});
