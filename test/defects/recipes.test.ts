/**
 * Recipe checks through the trainers (public API only). These pin down that the published recipes
 * reach the training loop and the agent, not only the config record:
 *
 * A. Observation normalisation is applied at act time (and to next observations in training).
 * B. The IQL `locomotion` preset is exactly "expectile 0.7, beta 3, rewards × 1000 / (max − min
 *    episode return)".
 * C. The IQL `kitchen` preset's actor dropout (0.1) is active while training, and only in the actor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, episodeCount, trainIQL, type DatasetInput } from '../../src';
import { continuousDataset } from '../algos/fixtures';
import { episodesInput, maxAbsDiff, selectBackend } from './helpers';

const SMALL = { hiddenDims: [16, 16], batchSize: 64, steps: 100, logInterval: 100 };
const OBS = [[0.1, -0.2], [0.5, 0.3], [-1, 0.7], [1.5, -1.2]];
const ACTS = [[0.3, 0.1], [-0.5, 0.9], [0, 0], [0.8, -0.4]];

const shift = (rows: number[][], by: number) => rows.map((row) => row.map((x) => x + by));

describe('recipes through the trainers', () => {
  beforeAll(async () => selectBackend('cpu'));

  describe('A. normalizeObservations is applied at act time', () => {
    const OFFSET = 1000;
    // Episodes of several steps, so next observations matter to the critics; next observations are
    // given explicitly (the following row inside an episode, a fresh point after a terminal) so both
    // columns are offset and must be normalised with the same statistics.
    const episodes = episodesInput([20, 30, 25, 40, 35, 50], (e) => (e % 3) * 0.5 - 0.25);
    const base: DatasetInput = {
      ...episodes,
      nextObservations: episodes.observations.map((row, i) =>
        episodes.terminals[i] === 1 ? [Math.cos(i), Math.sin(2 * i)] : episodes.observations[i + 1],
      ),
    };
    const offsetInput = (): DatasetInput => ({
      ...base,
      observations: shift(episodes.observations, OFFSET),
      nextObservations: shift(base.nextObservations as number[][], OFFSET),
    });

    it('an agent trained on observations + 1000 acts on obs + 1000 as the agent trained on obs acts on obs', async () => {
      const cfg = { ...SMALL, normalizeObservations: true, seed: 3 };
      const plain = await trainIQL(createDataset(base), cfg);
      const offset = await trainIQL(createDataset(offsetInput()), cfg);
      const actionGap = maxAbsDiff(plain.act(OBS) as number[][], offset.act(shift(OBS, OFFSET)) as number[][]);
      const valueGap = maxAbsDiff(plain.value(OBS), offset.value(shift(OBS, OFFSET)));
      // float32 spacing at 1000 is 6.1e-5, so the offset data's standardised observations differ from
      // the plain ones by up to ~1e-4 (σ ≈ 0.7). Measured on cpu: action gap 1.0e-4, value gap 8.9e-6;
      // 1e-3 leaves a 10× margin.
      expect(actionGap).toBeLessThan(1e-3);
      expect(valueGap).toBeLessThan(1e-3);

      // Without normalisation the offset agent acts differently: the check above discriminates.
      const raw = await trainIQL(createDataset(offsetInput()), { ...cfg, normalizeObservations: false });
      const rawGap = maxAbsDiff(plain.act(OBS) as number[][], raw.act(shift(OBS, OFFSET)) as number[][]);
      expect(rawGap).toBeGreaterThan(0.05); // measured 1.47
      [plain, offset, raw].forEach((a) => a.dispose());
    });
  });

  describe("B. preset 'locomotion' = expectile 0.7, beta 3, rewards × 1000 / (max − min episode return)", () => {
    it('gives bit-identical outputs to the hand-scaled dataset trained with rewardPreset none', async () => {
      // Episodes end at terminals, timeouts and the last row. Rewards are multiples of 1/4, so the
      // float32 episode sums below are exact. Returns: 8·0.5 = 4, 12·(−0.25) = −3, 10·1.25 = 12.5,
      // 6·0 = 0, 9·0.75 = 6.75 (a timeout ends episode 4), 7·1 = 7 (the last row ends it).
      const rewardOf = [0.5, -0.25, 1.25, 0, 0.75, 1];
      const lengths = [8, 12, 10, 6, 9, 7];
      const input = episodesInput(lengths, (e) => rewardOf[e]);
      const timeouts = input.terminals.map(() => 0);
      const lastOf = (e: number) => lengths.slice(0, e + 1).reduce((s, n) => s + n, 0) - 1;
      input.terminals[lastOf(4)] = 0; // episode 4 ends by a timeout, not a terminal
      timeouts[lastOf(4)] = 1;
      input.terminals[lastOf(5)] = 0; // the last episode ends with the data
      input.timeouts = timeouts;
      const dataset = createDataset(input);
      expect(episodeCount(dataset)).toBe(6);

      const returns = lengths.map((n, e) => n * rewardOf[e]);
      expect(returns).toEqual([4, -3, 12.5, 0, 6.75, 7]);
      const range = Math.max(...returns) - Math.min(...returns); // 15.5
      const scaled = createDataset({ ...input, rewards: input.rewards.map((r) => (r / range) * 1000) });

      const seed = 11;
      const run = { ...SMALL, steps: 60, logInterval: 60 };
      const preset = await trainIQL(dataset, { ...run, preset: 'locomotion', seed });
      const byHand = await trainIQL(scaled, { ...run, rewardPreset: 'none', expectile: 0.7, beta: 3, seed });
      expect(preset.spec.config.rewardPreset).toBe('locomotion');
      expect(preset.act(OBS)).toEqual(byHand.act(OBS));
      expect(preset.act(OBS, { deterministic: false, seed: 5 })).toEqual(byHand.act(OBS, { deterministic: false, seed: 5 }));
      expect(preset.value(OBS)).toEqual(byHand.value(OBS));
      expect(preset.q(OBS, ACTS)).toEqual(byHand.q(OBS, ACTS));

      // …and the scaling matters: the unscaled dataset gives other values.
      const unscaled = await trainIQL(dataset, { ...run, rewardPreset: 'none', expectile: 0.7, beta: 3, seed });
      expect(unscaled.value(OBS)).not.toEqual(preset.value(OBS));
      [preset, byHand, unscaled].forEach((a) => a.dispose());
    });
  });

  describe("C. preset 'kitchen' trains the actor with dropout 0.1", () => {
    it('same critics and value as actorDropout 0, different actor', async () => {
      const dataset = createDataset(continuousDataset(256, 9));
      const seed = 4;
      const withDropout = await trainIQL(dataset, { ...SMALL, preset: 'kitchen', seed });
      const without = await trainIQL(dataset, { ...SMALL, preset: 'kitchen', actorDropout: 0, seed });
      expect(withDropout.spec.config.actorDropout).toBe(0.1);
      expect(without.spec.config.actorDropout).toBe(0);
      // In IQL the actor never feeds the critics or the value network: they train identically.
      expect(withDropout.q(OBS, ACTS)).toEqual(without.q(OBS, ACTS));
      expect(withDropout.value(OBS)).toEqual(without.value(OBS));
      // The actors saw dropout masks in one run and none in the other (measured gap 0.013).
      expect(maxAbsDiff(withDropout.act(OBS) as number[][], without.act(OBS) as number[][])).toBeGreaterThan(1e-3);
      // Dropout is off at act time: acting is deterministic.
      expect(withDropout.act(OBS)).toEqual(withDropout.act(OBS));
      withDropout.dispose();
      without.dispose();
    });
  });
});
