import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { describe, expect, it } from 'vitest';
import { D4RL_REFERENCE_SCORES, DatasetError, episodeReturns, normalizedScore, selectEpisodes } from 'offline-rl';
import { DatasetFileError, loadDataset } from 'offline-rl/io';
import { FIXTURES, act, column, flags, obs, rew, rowsOf } from './fixture-values';

const d4rl = (name: string): string => join(FIXTURES, 'd4rl', name);
const bad = (name: string): string => join(FIXTURES, 'bad', name);

describe('loadDataset: D4RL HDF5 written by h5py', () => {
  it('with next_observations (float32, bool flags): rows, episodes, terminal vs timeout, every row usable for TD', async () => {
    const ds = await loadDataset(d4rl('hopper-medium-v2.hdf5'));
    const rows = rowsOf([4, 5, 3]);
    expect(ds.size).toBe(12);
    expect(ds.observationDim).toBe(3);
    expect(ds.actionDim).toBe(2);
    expect(ds.observations).toEqual(column(rows, obs));
    expect(ds.nextObservations).toEqual(column(rows, (e, t) => obs(e, t + 1)));
    expect(ds.actions).toEqual(column(rows, act));
    expect(ds.rewards).toEqual(column(rows, rew));
    expect(ds.terminals).toEqual(flags(12, [3, 11]));
    expect(ds.timeouts).toEqual(flags(12, [8]));
    expect(Array.from(ds.episodeStarts)).toEqual([0, 4, 9, 12]);
    // next_observations given: the timeout row 8 keeps its true next observation and bootstraps.
    expect(Array.from(ds.transitionIndices)).toEqual(rows.map((_, i) => i));
  });

  it('without next_observations (float64 values, uint8 terminals, float64 timeouts): next row of the episode, timeout rows left out of TD', async () => {
    const ds = await loadDataset(d4rl('maze2d-umaze-sparse-v1.hdf5'));
    const rows = rowsOf([3, 4, 2]);
    expect(ds.size).toBe(9);
    expect(ds.observations).toEqual(column(rows, obs)); // float64 in the file, rounded once to float32
    expect(ds.actions).toEqual(column(rows, act));
    expect(ds.rewards).toEqual(column(rows, rew));
    expect(ds.terminals).toEqual(flags(9, [6]));
    expect(ds.timeouts).toEqual(flags(9, [2, 8]));
    expect(Array.from(ds.episodeStarts)).toEqual([0, 3, 7, 9]);
    expect(Array.from(ds.transitionIndices)).toEqual([0, 1, 3, 4, 5, 6, 7]);
    // Inside an episode the next observation is the next row's; the terminal row 6 keeps a placeholder (its bootstrap is cut).
    for (const i of [0, 1, 3, 4, 5, 7]) {
      const [e, t] = rows[i];
      expect(Array.from(ds.nextObservations.subarray(i * 3, i * 3 + 3))).toEqual(Array.from(Float32Array.from(obs(e, t + 1))));
    }
  });

  it('float32 flags, no timeouts flag at the end of the data: the last row ends an episode and is left out of TD', async () => {
    const ds = await loadDataset(d4rl('custom-run.hdf5'));
    expect(ds.size).toBe(5);
    expect(ds.terminals).toEqual(flags(5, [1]));
    expect(ds.timeouts).toEqual(flags(5, []));
    expect(Array.from(ds.episodeStarts)).toEqual([0, 2, 5]);
    expect(Array.from(ds.transitionIndices)).toEqual([0, 1, 2, 3]);
  });
});

describe('loadDataset: D4RL metadata and reference scores', () => {
  it('a file named like a D4RL dataset gets its id and D4RL constants; small metadata/* values are kept, infos/* ignored', async () => {
    const ds = await loadDataset(d4rl('hopper-medium-v2.hdf5'));
    expect(ds.metadata).toEqual({
      format: 'd4rl',
      source: d4rl('hopper-medium-v2.hdf5'),
      datasetId: 'hopper-medium-v2',
      referenceScores: { min: -20.272305, max: 3234.3 },
      extra: { 'metadata/algorithm': 'SAC', 'metadata/iteration': 1000000 },
    });
    expect(Object.isFrozen(ds.metadata)).toBe(true);
  });

  it("D4RL's download names map to dataset names (maze2d-umaze-sparse-v1.hdf5 → maze2d-umaze-v1)", async () => {
    const ds = await loadDataset(d4rl('maze2d-umaze-sparse-v1.hdf5'));
    expect(ds.metadata?.datasetId).toBe('maze2d-umaze-v1');
    expect(ds.metadata?.referenceScores).toEqual(D4RL_REFERENCE_SCORES['maze2d-umaze-v1']);
  });

  it('file attributes dataset_id / ref_min_score / ref_max_score win over the name; options win over the file', async () => {
    const ds = await loadDataset(d4rl('custom-run.hdf5'));
    expect(ds.metadata?.datasetId).toBe('custom-run-v0');
    expect(ds.metadata?.referenceScores).toEqual({ min: -5, max: 25 });
    const renamed = await loadDataset(d4rl('custom-run.hdf5'), { datasetId: 'walker2d-medium-v2', referenceScores: undefined });
    expect(renamed.metadata?.datasetId).toBe('walker2d-medium-v2');
    expect(renamed.metadata?.referenceScores).toEqual({ min: -5, max: 25 }); // the file's own scores still come first
    const overridden = await loadDataset(d4rl('custom-run.hdf5'), { referenceScores: { min: 0, max: 10 } });
    expect(overridden.metadata?.referenceScores).toEqual({ min: 0, max: 10 });
  });

  it('normalizedScore(return, dataset) uses the reference scores, also after transforms that keep the episodes', async () => {
    const ds = await loadDataset(d4rl('hopper-medium-v2.hdf5'));
    const hopper = D4RL_REFERENCE_SCORES.hopper;
    expect(normalizedScore(1600, ds)).toBeCloseTo((100 * (1600 - hopper.min)) / (hopper.max - hopper.min), 12);
    const firstTwo = selectEpisodes(ds, [0, 1]);
    expect(firstTwo.metadata).toBe(ds.metadata);
    expect(normalizedScore(episodeReturns(firstTwo)[0], firstTwo)).toBeCloseTo(normalizedScore(episodeReturns(ds)[0], hopper), 12);
  });

  it('a file with no known id and no scores: normalizedScore(return, dataset) says how to give them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offline-rl-io-'));
    const path = join(dir, 'my-robot.hdf5');
    copyFileSync(d4rl('maze2d-umaze-sparse-v1.hdf5'), path);
    const ds = await loadDataset(path);
    expect(ds.metadata?.datasetId).toBeUndefined();
    expect(ds.metadata?.referenceScores).toBeUndefined();
    expect(() => normalizedScore(10, ds)).toThrow(/no reference scores.*datasetId/);
    const named = await loadDataset(path, { datasetId: 'antmaze-umaze-v2' });
    expect(normalizedScore(0.5, named)).toBe(50);
  });
});

/** Expects `promise` to reject with a DatasetFileError whose message names `path` and matches `pattern`. */
async function expectFileError(promise: Promise<unknown>, path: string, pattern: RegExp, field?: string, index?: number | null) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'loadDataset should have failed').toBeInstanceOf(DatasetFileError);
  expect(error).toBeInstanceOf(DatasetError);
  const e = error as DatasetFileError;
  expect(e.message.startsWith(`${path}: `), e.message).toBe(true);
  expect(e.message).toMatch(pattern);
  expect(e.path).toBe(path);
  if (field !== undefined) expect(e.field).toBe(field);
  if (index !== undefined) expect(e.index).toBe(index);
}

describe('loadDataset: bad D4RL files name the file, the column and the first bad row', () => {
  it('a missing file', async () => {
    const path = d4rl('no-such-file.hdf5');
    await expectFileError(loadDataset(path), path, /does not exist/, 'file', null);
    await expectFileError(loadDataset(path, { format: 'd4rl' }), path, /does not exist/, 'file', null);
  });

  it('a file that is not HDF5', async () => {
    await expectFileError(loadDataset(bad('not-hdf5.hdf5')), bad('not-hdf5.hdf5'), /is not an HDF5 file/, 'file', null);
  });

  it('a truncated file (cut at several places)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offline-rl-io-'));
    const bytes = readFileSync(d4rl('hopper-medium-v2.hdf5'));
    for (const keep of [100, 3000, bytes.length - 1]) {
      const path = join(dir, `cut-${keep}.hdf5`);
      writeFileSync(path, bytes.subarray(0, keep));
      await expectFileError(loadDataset(path), path, new RegExp(`is truncated: the file has ${keep} bytes but its HDF5 superblock says ${bytes.length}`), 'file');
    }
  });

  it('a missing required column lists the columns the file has', async () => {
    const path = bad('missing-rewards.hdf5');
    await expectFileError(loadDataset(path), path, /has no column 'rewards' \(the file has: actions, observations, terminals, timeouts\)/, 'rewards', null);
  });

  it('columns of different lengths', async () => {
    const path = bad('short-actions.hdf5');
    await expectFileError(loadDataset(path), path, /column 'actions' has 5 rows but 'rewards' has 6/, 'actions', null);
  });

  it('NaN names the column, the row and the value column', async () => {
    const path = bad('nan-observations.hdf5');
    await expectFileError(loadDataset(path), path, /column 'observations' row 4, column 1 is NaN/, 'observations', 4);
  });

  it('a flag that is not 0/1', async () => {
    const path = bad('bad-terminals.hdf5');
    await expectFileError(loadDataset(path), path, /column 'terminals' row 1 = 0\.5 is not a 0\/1 flag/, 'terminals', 1);
  });

  it('actions outside the action space name the row and suggest options.actionSpace', async () => {
    const path = d4rl('hopper-medium-v2.hdf5');
    await expectFileError(
      loadDataset(path, { actionSpace: { type: 'box', low: [-0.2, -1], high: [1, 1] } }),
      path,
      /column 'actions' \(row 0\): actions\[0\]\[0\] = -0\.3\d* is outside the box \[-0\.2, 1\]; pass options\.actionSpace/,
      'actions',
      0,
    );
  });

  it('a name with no known extension asks for options.format', async () => {
    const path = join(FIXTURES, 'make_fixtures.py');
    await expectFileError(loadDataset(path), path, /cannot tell the format.*format: 'd4rl' \| 'minari' \| 'npz'/, 'file', null);
  });

  it('every error path closes the HDF5 file: the same file then opens for writing', async () => {
    await h5wasm.ready;
    const dir = mkdtempSync(join(tmpdir(), 'offline-rl-io-'));
    for (const name of ['nan-observations.hdf5', 'short-actions.hdf5', 'missing-rewards.hdf5', 'bad-terminals.hdf5']) {
      const path = join(dir, name);
      copyFileSync(bad(name), path);
      await expect(loadDataset(path)).rejects.toBeInstanceOf(DatasetFileError);
      // HDF5 refuses to open a file read-write while the same library holds it open read-only.
      const file = new h5wasm.File(path, 'a');
      expect(file.file_id >= 0n, `${name} is still open after the error`).toBe(true);
      file.close();
    }
  });
});
