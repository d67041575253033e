/**
 * Defect 2: %BC with fewer episodes than 1 / topFraction silently keeps one episode (it rounds
 * `topFraction × episodes` up to at least 1), so "BC-10%" of a one-episode log is plain BC of it.
 *
 * Intended: `trainBC(ds, { topFraction })` needs at least `1 / topFraction` episodes (e.g. 10 for
 * 0.1); with fewer it rejects with a RangeError that names `topFraction` and says how many episodes
 * the dataset has. With exactly enough episodes it trains.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, episodeCount, trainBC } from '../../src';
import { episodesDataset, episodesInput, rejection, selectBackend, TINY } from './helpers';

describe('defect 2: topFraction needs enough episodes', () => {
  beforeAll(async () => selectBackend('cpu'));

  it('one episode (no terminal or timeout before the last row) and topFraction 0.1: RangeError naming topFraction and 1 episode', async () => {
    const input = episodesInput([60]);
    input.terminals = input.terminals.map(() => 0); // only the end of the data ends the episode
    const dataset = createDataset(input);
    expect(episodeCount(dataset)).toBe(1);
    const err = await rejection(trainBC(dataset, { ...TINY, topFraction: 0.1 }));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(/topFraction/);
    expect(err.message).toMatch(/\b1 episode|episodes?\W+1\b/);
  });

  it('5 episodes and topFraction 0.1: RangeError naming topFraction and the 5 episodes', async () => {
    const dataset = episodesDataset([12, 12, 12, 12, 12]);
    expect(episodeCount(dataset)).toBe(5);
    const err = await rejection(trainBC(dataset, { ...TINY, topFraction: 0.1 }));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(/topFraction/);
    expect(err.message).toMatch(/\b5 episode|episodes?\W+5\b/);
  });

  it('10 episodes and topFraction 0.1 train (on the best episode)', async () => {
    const dataset = episodesDataset(Array.from({ length: 10 }, () => 12));
    expect(episodeCount(dataset)).toBe(10);
    const agent = await trainBC(dataset, { ...TINY, topFraction: 0.1, seed: 2 });
    expect(agent.spec.config.topFraction).toBe(0.1);
    expect(agent.act([[0, 0]])).toHaveLength(1);
    agent.dispose();
  });
});
