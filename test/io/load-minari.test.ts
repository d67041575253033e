import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { describe, expect, it } from 'vitest';
import { normalizedScore } from 'offline-rl';
import { DatasetFileError, loadDataset } from 'offline-rl/io';
import { FIXTURES, act, column, flags, obs, rew } from './fixture-values';

const minari = (name: string): string => join(FIXTURES, 'minari', name);
/** Episode lengths of the Box fixture: n(e) = 2 + e % 3 for ids 0 … 10. */
const BOX_LENGTHS = Array.from({ length: 11 }, (_, e) => 2 + (e % 3));

/** (episode id, step) of every row, episodes in id order. */
function rowsById(lengths: readonly number[]): Array<[number, number]> {
  return lengths.flatMap((n, e) => Array.from({ length: n }, (_, t): [number, number] => [e, t]));
}

function endsOf(lengths: readonly number[]): number[] {
  let row = -1;
  return lengths.map((n) => (row += n));
}

describe('loadDataset: Minari folder written with h5py (Box observations)', () => {
  it('reads episodes in numeric id order (episode_2 before episode_10), whatever the creation order', async () => {
    const ds = await loadDataset(minari('box'));
    const rows = rowsById(BOX_LENGTHS);
    expect(ds.size).toBe(32);
    expect(Array.from(ds.episodeStarts)).toEqual([0, ...endsOf(BOX_LENGTHS).map((r) => r + 1)]);
    // Episode e's rows hold o(e, t): the id order is visible in the values.
    expect(ds.observations).toEqual(column(rows, obs));
    expect(ds.actions).toEqual(column(rows, act));
    expect(ds.rewards).toEqual(column(rows, rew)); // float64 in the file
  });

  it('row t is (obs[t], act[t], rew[t], obs[t + 1]): the N + 1-th observation is the next observation of the last row', async () => {
    const ds = await loadDataset(minari('box'));
    const rows = rowsById(BOX_LENGTHS);
    expect(ds.nextObservations).toEqual(column(rows, (e, t) => obs(e, t + 1)));
    for (const [e, last] of endsOf(BOX_LENGTHS).entries()) {
      expect(Array.from(ds.nextObservations.subarray(last * 3, last * 3 + 3))).toEqual(Array.from(Float32Array.from(obs(e, BOX_LENGTHS[e]))));
    }
    // Every next observation is known (truncated episodes too): every row is usable for TD.
    expect(ds.transitionIndices.length).toBe(32);
  });

  it('terminations become terminals and truncations timeouts', async () => {
    const ds = await loadDataset(minari('box'));
    const ends = endsOf(BOX_LENGTHS);
    expect(ds.terminals).toEqual(flags(32, ends.filter((_, e) => e % 2 === 0)));
    expect(ds.timeouts).toEqual(flags(32, ends.filter((_, e) => e % 2 === 1)));
  });

  it('metadata.json gives the action space, the id and ref_min_score / ref_max_score (normalizedScore uses them)', async () => {
    const ds = await loadDataset(minari('box'));
    expect(ds.actionSpace).toEqual({ type: 'box', low: [-1, -1], high: [1, 1] });
    expect(ds.metadata?.format).toBe('minari');
    expect(ds.metadata?.source).toBe(minari('box'));
    expect(ds.metadata?.datasetId).toBe('offline-rl/pointline-box-v0');
    expect(ds.metadata?.referenceScores).toEqual({ min: 1.5, max: 40 });
    expect(ds.metadata?.extra).toMatchObject({ total_episodes: 11, total_steps: 32, minari_version: '0.5.3', author: ['offline-rl fixtures'] });
    expect(normalizedScore(40, ds)).toBe(100);
    expect(normalizedScore(1.5 + 38.5 / 2, ds)).toBe(50);
  });

  it('the data/ folder and data/main_data.hdf5 are accepted as well as the dataset folder', async () => {
    const a = await loadDataset(minari('box'));
    for (const path of [join(minari('box'), 'data'), join(minari('box'), 'data', 'main_data.hdf5')]) {
      const b = await loadDataset(path);
      expect(b.observations).toEqual(a.observations);
      expect(b.episodeStarts).toEqual(a.episodeStarts);
    }
  });
});

describe('loadDataset: Minari Dict observations', () => {
  const lengths = [3, 2, 4];
  const rows = rowsById(lengths);

  it("concatenates 'observation' then 'desired_goal' by default", async () => {
    const ds = await loadDataset(minari('dict'));
    expect(ds.size).toBe(9);
    expect(ds.observationDim).toBe(5);
    expect(ds.observations).toEqual(column(rows, (e, t) => [...obs(e, t), 10 + e, 20 + e]));
    expect(ds.nextObservations).toEqual(column(rows, (e, t) => [...obs(e, t + 1), 10 + e, 20 + e]));
    expect(Array.from(ds.episodeStarts)).toEqual([0, 3, 5, 9]);
    expect(ds.terminals).toEqual(flags(9, [2, 8]));
    expect(ds.timeouts).toEqual(flags(9, [4]));
    expect(ds.metadata?.referenceScores).toBeUndefined();
  });

  it('options.observationKeys chooses the keys and their order', async () => {
    const ds = await loadDataset(minari('dict'), { observationKeys: ['achieved_goal', 'observation'] });
    expect(ds.observationDim).toBe(5);
    expect(ds.observations).toEqual(column(rows, (e, t) => [t, 0 - e, ...obs(e, t)]));
    const goalOnly = await loadDataset(minari('dict'), { observationKeys: ['desired_goal'] });
    expect(goalOnly.observations).toEqual(column(rows, (e) => [10 + e, 20 + e]));
  });

  it('a key the Dict lacks is an error that lists the keys it has', async () => {
    const error = await loadDataset(minari('dict'), { observationKeys: ['observation', 'goal'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFileError);
    expect((error as Error).message).toMatch(/main_data\.hdf5: 'episode_0\/observations' is a Dict observation without 'goal' \(it has: achieved_goal, desired_goal, observation\).*observationKeys/);
  });
});

describe('loadDataset: bad Minari folders', () => {
  it('observations with N rows for N actions name the episode column', async () => {
    const path = join(FIXTURES, 'bad', 'minari-short-observations');
    const error = (await loadDataset(path).catch((e: unknown) => e)) as DatasetFileError;
    expect(error).toBeInstanceOf(DatasetFileError);
    expect(error.message).toBe(
      `${join(path, 'data', 'main_data.hdf5')}: column 'episode_1/observations' has 3 rows but 'episode_1/rewards' has 3: Minari stores N + 1 observations for N steps`,
    );
    expect(error.field).toBe('episode_1/observations');
  });

  it('a folder that is not a Minari dataset', async () => {
    const path = join(FIXTURES, 'ogbench');
    await expect(loadDataset(path)).rejects.toThrow(`${path}: is not a Minari dataset: found neither data/main_data.hdf5 nor main_data.hdf5 in it`);
  });

  it('NaN in an episode names the episode column and its row; metadata.json that is not JSON names itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offline-rl-minari-'));
    cpSync(minari('box'), dir, { recursive: true });
    await h5wasm.ready;
    const file = new h5wasm.File(join(dir, 'data', 'main_data.hdf5'), 'a');
    const observations = file.get('episode_7/observations') as InstanceType<typeof h5wasm.Dataset>;
    observations.write_slice([[2, 3], [1, 2]], new Float32Array([Number.NaN]));
    file.close();
    await expect(loadDataset(dir)).rejects.toThrow(/data\/main_data\.hdf5: column 'episode_7\/observations' row 2, column 1 is NaN/);
    writeFileSync(join(dir, 'data', 'metadata.json'), '{"dataset_id": ');
    await expect(loadDataset(dir)).rejects.toThrow(/data\/metadata\.json: is not valid JSON/);
  });

  it('an episode that ends with neither flag is kept as one episode, marked as a timeout', async () => {
    const ds = await loadDataset(minari('unflagged'));
    expect(Array.from(ds.episodeStarts)).toEqual([0, 3, 5]);
    expect(ds.terminals).toEqual(flags(5, [4]));
    expect(ds.timeouts).toEqual(flags(5, [2]));
    expect(ds.transitionIndices.length).toBe(5);
    expect(Array.from(ds.nextObservations.subarray(6, 9))).toEqual(Array.from(Float32Array.from(obs(0, 3))));
  });
});
