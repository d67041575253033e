import { describe, expect, it } from 'vitest';
import { createDataset, episodeCount, splitEpisodes } from '../../src/data';
import { twoStepChainDataset } from '../../src/envs/two-step-chain';
import { offlineMetrics, type QFunction } from '../../src/offline-eval';

const S0 = [1, 0, 0];
const S1 = [0, 1, 0];
const S2 = [0, 0, 1];
/** Two chain episodes: s0 –up→ s1 –up→ +10 (terminal); s0 –down→ s2 –down→ +1 (terminal). */
const chain = createDataset({
  observations: [S0, S1, S0, S2],
  actions: [0, 0, 1, 1],
  rewards: [0, 10, 0, 1],
  nextObservations: [S1, S1, S2, S2],
  terminals: [0, 1, 0, 1],
  actionSpace: { type: 'discrete', n: 2 },
});
/** A tabular Q: rows s0, s1, s2; columns up, down. */
const TABLE = [
  [5, 2],
  [9, -9],
  [1, 1],
];
const tableQ: QFunction = { q: (observations, actions) => observations.map((o, i) => TABLE[o.indexOf(1)][(actions as number[])[i]]) };
const alwaysUp = (observations: number[][]): number[] => observations.map(() => 0);

describe('offlineMetrics against hand-computed values', () => {
  it('discrete: action match, data return, value estimates, TD error and soft OPC', () => {
    const m = offlineMetrics(alwaysUp, chain, { discount: 0.5, critic: tableQ, success: 5 });
    expect(m.actionMatch).toBe(0.5); // up matches rows 0 and 1
    expect(m.actionDifference).toBeUndefined();
    expect(m.dataReturn).toBeCloseTo((0.5 * 10 + 0.5 * 1) / 2, 12); // 2.75
    expect(m.averageValue).toBeCloseTo((5 + 9 + 5 + 1) / 4, 12); // Q(s, up) over rows
    expect(m.initialStateValue).toBeCloseTo(5, 12);
    // (5 − 0.5·9)², (9 − 10)², (2 − 0.5·1)², (1 − 1)²
    expect(m.tdError).toBeCloseTo((0.25 + 1 + 2.25 + 0) / 4, 12);
    // Episode 0 (return 10 ≥ 5) succeeded: mean value over its rows (5, 9) minus the mean over all.
    expect(m.softOPC).toBeCloseTo(7 - 5, 12);
    expect(offlineMetrics(alwaysUp, chain, { discount: 0.5, critic: tableQ, success: [true, false] }).softOPC).toBeCloseTo(2, 12);
  });

  it('box: mean squared action difference in the data’s units', () => {
    const data = createDataset({
      observations: [[0], [1], [2]],
      actions: [[1, -2], [0, 0], [3, 1]],
      rewards: [1, 1, 1],
      terminals: [0, 0, 1],
      actionSpace: { type: 'box', low: [-4, -4], high: [4, 4] },
    });
    const m = offlineMetrics((o) => o.map(() => [1, 0]), data);
    // ‖(1,0) − a‖²: 4, 1, 5 → mean 10/3
    expect(m.actionDifference).toBeCloseTo(10 / 3, 6);
    expect(m.dataReturn).toBeCloseTo(1 + 0.99 + 0.99 ** 2, 6);
    expect(m.tdError).toBeUndefined();
  });

  it('reads an agent’s own critics, and leaves the value metrics out for a policy without any', () => {
    const agentLike = { act: alwaysUp, q: tableQ.q, critics: {} };
    expect(offlineMetrics(agentLike, chain, { discount: 0.5 }).initialStateValue).toBeCloseTo(5, 12);
    const noCritics = { act: alwaysUp, q: () => { throw new Error('no critics'); }, critics: undefined };
    const m = offlineMetrics(noCritics, chain);
    expect(m.initialStateValue).toBeUndefined();
    expect(m.softOPC).toBeUndefined();
  });

  it('rejects bad options and policies, naming them', () => {
    expect(() => offlineMetrics(alwaysUp, chain, { discount: 2 })).toThrow(/discount must be in \[0, 1\]/);
    expect(() => offlineMetrics(alwaysUp, chain, { critic: tableQ, success: [true] })).toThrow(/one flag per episode \(2\), got 1/);
    expect(() => offlineMetrics((o) => o.map(() => 7), chain)).toThrow(/row 0 is 7/);
    expect(() => offlineMetrics({ act: alwaysUp, observationDim: 4 }, chain)).toThrow(/width 4/);
  });
});

describe('splitEpisodes', () => {
  const data = createDataset(twoStepChainDataset({ episodes: 50, seed: 1 }));

  it('holds out round(fraction · episodes) whole episodes, disjoint from train, the same for the same seed', () => {
    const { train, test, trainEpisodes, testEpisodes } = splitEpisodes(data, 0.2, 3);
    expect(testEpisodes).toHaveLength(10);
    expect(episodeCount(test)).toBe(10);
    expect(episodeCount(train)).toBe(40);
    expect(train.size + test.size).toBe(data.size);
    expect([...trainEpisodes, ...testEpisodes].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, e) => e));
    // Episode k of test is the input's episode testEpisodes[k], rows intact.
    const e = testEpisodes[3];
    expect(Array.from(test.rewards.subarray(test.episodeStarts[3], test.episodeStarts[4]))).toEqual(Array.from(data.rewards.subarray(data.episodeStarts[e], data.episodeStarts[e + 1])));
    expect(splitEpisodes(data, 0.2, 3).testEpisodes).toEqual(testEpisodes);
    expect(splitEpisodes(data, 0.2, 4).testEpisodes).not.toEqual(testEpisodes);
  });

  it('keeps at least one episode on each side, and rejects what cannot be split', () => {
    expect(episodeCount(splitEpisodes(data, 0.001, 0).test)).toBe(1);
    expect(episodeCount(splitEpisodes(data, 0.999, 0).train)).toBe(1);
    expect(() => splitEpisodes(data, 0, 0)).toThrow(/fraction must be in the open interval \(0, 1\)/);
    expect(() => splitEpisodes(data, 0.5, -1)).toThrow(/seed/);
    const one = createDataset({ observations: [[0]], actions: [[0]], rewards: [0], terminals: [1] });
    expect(() => splitEpisodes(one, 0.5, 0)).toThrow(/1 episode\(s\)/);
  });
});
