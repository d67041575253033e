/**
 * Shared helpers of the defect tests. Everything here goes through the public API (`../../src`), so
 * the tests keep working while the internals are refactored.
 */
import { createDataset, setGemmThreads, useBackend, type Dataset, type DatasetInput } from '../../src';

/** Tiny networks and runs: every defect test must stay fast. */
export const TINY = { hiddenDims: [8, 8], batchSize: 32, steps: 20, logInterval: 20 };

/** Selects a backend for a test file with one GEMM thread (as test/helpers/backend.ts does, via the public API). */
export async function selectBackend(name: 'cpu' | 'wasm'): Promise<void> {
  await useBackend(name);
  await setGemmThreads(1);
}

/** A {@link DatasetInput} with plain-array columns (easy to edit in a test). */
export interface EpisodesInput extends DatasetInput {
  observations: number[][];
  actions: number[][];
  rewards: number[];
  terminals: number[];
  timeouts?: number[];
}

/**
 * A box-action log (observation `[x, y]`, action in [−1, 1]²) made of episodes of the given lengths:
 * each episode ends with `terminals = 1` on its last row (the dataset's last row also ends the last
 * episode). Episode `e`'s rewards are all `rewardOf(e)` (use multiples of 1/4 so float32 sums are
 * exact). No `nextObservations`, so only the flags and the last row delimit episodes.
 */
export function episodesInput(lengths: number[], rewardOf: (episode: number) => number = (e) => e * 0.25): EpisodesInput {
  const observations: number[][] = [];
  const actions: number[][] = [];
  const rewards: number[] = [];
  const terminals: number[] = [];
  lengths.forEach((length, e) => {
    for (let t = 0; t < length; t++) {
      const i = observations.length;
      observations.push([Math.sin(0.7 * i + e), Math.cos(1.3 * i - e)]);
      actions.push([Math.tanh(Math.sin(2.1 * i)), Math.tanh(Math.cos(0.9 * i + e)) * 0.5]);
      rewards.push(rewardOf(e));
      terminals.push(t === length - 1 ? 1 : 0);
    }
  });
  return { observations, actions, rewards, terminals };
}

/** {@link episodesInput} as a Dataset. */
export function episodesDataset(lengths: number[], rewardOf?: (episode: number) => number): Dataset {
  return createDataset(episodesInput(lengths, rewardOf));
}

/** Awaits a promise that must reject and returns its error (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Calls a function that must throw and returns its error. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw, but the call returned');
}

/** Largest absolute difference between two equally shaped nested arrays of numbers. */
export function maxAbsDiff(a: number[] | number[][], b: number[] | number[][]): number {
  const fa = (a as unknown[]).flat(1) as number[];
  const fb = (b as unknown[]).flat(1) as number[];
  if (fa.length !== fb.length) throw new Error(`maxAbsDiff: lengths ${fa.length} and ${fb.length}`);
  return fa.reduce((m, x, i) => Math.max(m, Math.abs(x - fb[i])), 0);
}
