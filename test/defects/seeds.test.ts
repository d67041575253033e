/**
 * Defect 4: seeds are only checked to be finite and then truncated with `| 0`, so `0.5`, `-1` and
 * `2 ** 32` are silently accepted (and `0.5` trains exactly like `0`).
 *
 * Intended: a seed is an integer in 0 … 2³² − 1. The trainers reject anything else (non-integers,
 * negatives, ≥ 2³², NaN) with a RangeError naming `seed` and saying it must be an integer; `new Rng`
 * rejects non-integers and seeds ≥ 2³² with a RangeError naming `seed`. Both ends of the range are
 * accepted, and different valid seeds give different agents.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, Rng, trainIQL } from '../../src';
import { continuousDataset } from '../algos/fixtures';
import { rejection, selectBackend, thrown, TINY } from './helpers';

const RUN = { ...TINY, steps: 10, logInterval: 10 };
const OBS = [[0.1, -0.2], [0.5, 0.3], [-1, 0.7]];

describe('defect 4: seeds are integers in 0 … 2³² − 1', () => {
  const dataset = createDataset(continuousDataset(128, 7));
  beforeAll(async () => selectBackend('cpu'));

  for (const [label, seed] of [
    ['0.5', 0.5],
    ['2 ** 32', 2 ** 32],
    ['-1', -1],
    ['NaN', NaN],
  ] as const) {
    it(`trainIQL rejects seed ${label} with a RangeError naming seed and integer`, async () => {
      const err = await rejection(trainIQL(dataset, { ...RUN, seed }));
      expect(err).toBeInstanceOf(RangeError);
      expect(err.message).toMatch(/seed/);
      expect(err.message).toMatch(/integer/);
    });
  }

  it('trainIQL accepts seed 0 and seed 2 ** 32 − 1', async () => {
    for (const seed of [0, 2 ** 32 - 1]) {
      const agent = await trainIQL(dataset, { ...RUN, seed });
      expect(agent.spec.config.seed).toBe(seed);
      agent.dispose();
    }
  });

  it('new Rng(0.5) and new Rng(2 ** 32) throw a RangeError naming seed; new Rng(2 ** 32 − 1) does not', () => {
    for (const seed of [0.5, 2 ** 32]) {
      const err = thrown(() => new Rng(seed));
      expect(err).toBeInstanceOf(RangeError);
      expect(err.message).toMatch(/seed/);
    }
    expect(() => new Rng(2 ** 32 - 1)).not.toThrow();
    expect(() => new Rng(0)).not.toThrow();
  });

  it('different valid seeds give different agents (no aliasing of seeds that agree in their low 31 bits)', async () => {
    for (const [a, b] of [
      [1, 2 ** 31 + 1],
      [0, 2 ** 31],
    ]) {
      const agentA = await trainIQL(dataset, { ...RUN, seed: a });
      const agentB = await trainIQL(dataset, { ...RUN, seed: b });
      expect(agentA.act(OBS), `seeds ${a} and ${b}`).not.toEqual(agentB.act(OBS));
      expect(agentA.value(OBS), `seeds ${a} and ${b}`).not.toEqual(agentB.value(OBS));
      agentA.dispose();
      agentB.dispose();
    }
  });
});
