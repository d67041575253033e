import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectDataset, createDataset, D4RL_REFERENCE_SCORES, type Dataset } from 'offline-rl';
import { hopper } from 'offline-rl/mujoco';
import { loadDataset, saveDataset, type DatasetFileFormat } from 'offline-rl/io';
import { flags } from './fixture-values';

const PYTHON = '/usr/bin/python3';
const READ_BACK = fileURLToPath(new URL('./read_back.py', import.meta.url));
/** Debian's h5py and numpy (the real Python clients); the read-back tests are skipped without them. */
const HAS_H5PY = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import h5py, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!HAS_H5PY) console.warn('save-dataset.test.ts: /usr/bin/python3 with h5py and numpy not found (apt install python3-h5py): read-back by h5py/numpy skipped');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'offline-rl-save-'));
}

/** Observations that differ in every row: o(i) = [i, −i / 4, 0.5]. */
function observationRows(n: number, shift = 0): number[][] {
  return Array.from({ length: n }, (_, i) => [i + shift, -(i + shift) / 4, 0.5]);
}

/**
 * 9 rows with next observations given: episode 0 (rows 0–3) terminal, episode 1 (rows 4–6)
 * timeout, episode 2 (rows 7–8) timeout at the end of the data. D4RL's hopper reference scores.
 */
function knownNext(): Dataset {
  const observations = observationRows(9);
  return createDataset({
    observations,
    nextObservations: observations.map((o) => [o[0] + 1, -(o[0] + 1) / 4, 0.5]),
    actions: Array.from({ length: 9 }, (_, i) => [Math.sin(i), Math.cos(i) / 2]),
    rewards: Array.from({ length: 9 }, (_, i) => i / 3),
    terminals: flags(9, [3]),
    timeouts: flags(9, [6, 8]),
    metadata: { datasetId: 'hopper-medium-v2', referenceScores: D4RL_REFERENCE_SCORES.hopper },
  });
}

/** 9 rows, next observations derived: episode 0 (rows 0–3) terminal, episode 1 (rows 4–6) timeout, episode 2 (rows 7–8) terminal. */
function derivedNext(): Dataset {
  return createDataset({
    observations: observationRows(9, 10),
    actions: Array.from({ length: 9 }, (_, i) => [i / 10 - 0.4, 0.25]),
    rewards: Array.from({ length: 9 }, (_, i) => 1 - i / 8),
    terminals: flags(9, [3, 8]),
    timeouts: flags(9, [6]),
  });
}

function expectSameDataset(actual: Dataset, expected: Dataset, datasetId = expected.metadata?.datasetId): void {
  for (const key of ['observations', 'nextObservations', 'actions', 'rewards', 'terminals', 'timeouts', 'episodeStarts', 'transitionIndices'] as const) {
    expect(actual[key], key).toEqual(expected[key]);
  }
  expect(actual.actionSpace).toEqual(expected.actionSpace);
  expect(actual.metadata?.datasetId).toBe(datasetId);
  expect(actual.metadata?.referenceScores).toEqual(expected.metadata?.referenceScores);
}

const NAMES: Record<DatasetFileFormat, string> = { d4rl: 'out.hdf5', npz: 'out.npz', minari: 'out-v0' };

describe('saveDataset → loadDataset round trip', () => {
  for (const format of ['d4rl', 'npz', 'minari'] as const) {
    it(`${format}: every next observation known → the same rows, episodes, TD rows and metadata`, async () => {
      const ds = knownNext();
      const path = join(tmp(), NAMES[format]);
      const result = await saveDataset(ds, path, { format });
      expect(result).toEqual({ path, format, rows: 9, episodes: 3, droppedRows: 0 });
      expectSameDataset(await loadDataset(path), ds);
    });
  }

  for (const format of ['d4rl', 'npz'] as const) {
    it(`${format}: next observations derived → written without next_observations, derived again the same way`, async () => {
      const ds = derivedNext();
      const path = join(tmp(), NAMES[format]);
      await saveDataset(ds, path, { format });
      const back = await loadDataset(path);
      expectSameDataset(back, ds);
      expect(Array.from(back.transitionIndices)).toEqual([0, 1, 2, 3, 4, 5, 7, 8]);
    });
  }

  it('minari: a timeout row whose next observation is unknown is dropped (Minari stores N + 1 observations); its episode ends truncated', async () => {
    const ds = derivedNext();
    const path = join(tmp(), 'derived-v0');
    const result = await saveDataset(ds, path, { format: 'minari' });
    expect(result).toEqual({ path, format: 'minari', rows: 8, episodes: 3, droppedRows: 1 });
    const back = await loadDataset(path);
    const kept = [0, 1, 2, 3, 4, 5, 7, 8];
    expect(back.size).toBe(8);
    expect(Array.from(back.episodeStarts)).toEqual([0, 4, 6, 8]);
    expect(back.observations).toEqual(Float32Array.from(kept.flatMap((i) => Array.from(ds.observations.subarray(i * 3, i * 3 + 3)))));
    expect(back.rewards).toEqual(Float32Array.from(kept.map((i) => ds.rewards[i])));
    expect(back.terminals).toEqual(flags(8, [3, 7]));
    expect(back.timeouts).toEqual(flags(8, [5]));
    // Row 5's next observation is the dropped row 6's observation.
    expect(Array.from(back.nextObservations.subarray(15, 18))).toEqual(Array.from(ds.observations.subarray(18, 21)));
    expect(back.transitionIndices.length).toBe(8);
  });

  it('minari: discrete actions are stored as int64 with a Discrete action_space and read back as such', async () => {
    const ds = createDataset({
      observations: observationRows(5),
      actions: [0, 2, 1, 1, 0],
      rewards: [0, 1, 0, 1, 1],
      terminals: flags(5, [2]),
      timeouts: flags(5, [4]),
      nextObservations: observationRows(5, 1),
      actionSpace: { type: 'discrete', n: 3 },
    });
    const path = join(tmp(), 'discrete-v0');
    await saveDataset(ds, path);
    const back = await loadDataset(path);
    expect(back.actionSpace).toEqual({ type: 'discrete', n: 3 });
    expectSameDataset(back, ds, 'discrete-v0'); // Minari needs an id: the folder's name
  });

  it('nothing half-written: a failed save leaves no temporary file and an existing file intact; a second save replaces a folder', async () => {
    const dir = tmp();
    const path = join(dir, 'keep.hdf5');
    writeFileSync(path, 'old contents');
    const missing = join(dir, 'no-such-folder', 'x.hdf5');
    await expect(saveDataset(knownNext(), missing)).rejects.toThrow(`${missing}: could not be written: the folder ${join(dir, 'no-such-folder')} does not exist`);
    // A column too short for its shape makes h5wasm fail half-way through the file.
    const broken = { ...knownNext(), nextObservations: new Float32Array(3) };
    await expect(saveDataset(broken, path, { format: 'd4rl' })).rejects.toThrow(`${path}: could not be written`);
    expect(readFileSync(path, 'utf8')).toBe('old contents');
    expect(readdirSync(dir)).toEqual(['keep.hdf5']);
    await saveDataset(knownNext(), path);
    expect((await loadDataset(path)).size).toBe(9);
    const folder = join(dir, 'twice-v0');
    await saveDataset(knownNext(), folder);
    await saveDataset(derivedNext(), folder);
    expect((await loadDataset(folder)).size).toBe(8);
    expect(readdirSync(dir).sort()).toEqual(['keep.hdf5', 'twice-v0']);
  });
});

describe.skipIf(!HAS_H5PY)('saveDataset → read back by h5py / numpy (Debian python3-h5py)', () => {
  const readBack = (kind: string, path: string): any => JSON.parse(execFileSync(PYTHON, [READ_BACK, kind, path], { encoding: 'utf8' }));
  const f32 = (a: ArrayLike<number>): number[] => Array.from(a);

  it('d4rl: h5py sees the columns, dtypes, shapes, values and attributes', async () => {
    const ds = knownNext();
    const path = join(tmp(), 'hopper.hdf5');
    await saveDataset(ds, path, { format: 'd4rl' });
    const out = readBack('d4rl', path);
    expect(out.keys).toEqual(['actions', 'next_observations', 'observations', 'rewards', 'terminals', 'timeouts']);
    expect(out.columns.observations).toEqual({ dtype: 'float32', shape: [9, 3], values: f32(ds.observations) });
    expect(out.columns.next_observations).toEqual({ dtype: 'float32', shape: [9, 3], values: f32(ds.nextObservations) });
    expect(out.columns.actions).toEqual({ dtype: 'float32', shape: [9, 2], values: f32(ds.actions) });
    expect(out.columns.rewards).toEqual({ dtype: 'float32', shape: [9], values: f32(ds.rewards) });
    expect(out.columns.terminals).toEqual({ dtype: 'uint8', shape: [9], values: f32(ds.terminals) });
    expect(out.columns.timeouts).toEqual({ dtype: 'uint8', shape: [9], values: f32(ds.timeouts) });
    expect(out.attrs).toEqual({ dataset_id: 'hopper-medium-v2', ref_min_score: -20.272305, ref_max_score: 3234.3 });
  });

  it('npz: numpy.load sees OGBench columns (terminals = episode ends, masks = 0 at terminals) and the scalars', async () => {
    const ds = knownNext();
    const path = join(tmp(), 'hopper.npz');
    await saveDataset(ds, path);
    const out = readBack('npz', path);
    expect(out.keys).toEqual(['actions', 'dataset_id', 'masks', 'next_observations', 'observations', 'ref_max_score', 'ref_min_score', 'rewards', 'terminals']);
    expect(out.columns.observations).toEqual({ dtype: 'float32', shape: [9, 3], values: f32(ds.observations) });
    expect(out.columns.next_observations.values).toEqual(f32(ds.nextObservations));
    expect(out.columns.actions).toEqual({ dtype: 'float32', shape: [9, 2], values: f32(ds.actions) });
    expect(out.columns.terminals).toEqual({ dtype: 'float32', shape: [9], values: f32(flags(9, [3, 6, 8])) });
    expect(out.columns.masks).toEqual({ dtype: 'float32', shape: [9], values: [1, 1, 1, 0, 1, 1, 1, 1, 1] });
    expect(out.columns.dataset_id).toEqual({ dtype: '<U16', shape: [], value: 'hopper-medium-v2' });
    expect(out.columns.ref_min_score).toEqual({ dtype: 'float64', shape: [], values: [-20.272305] });
  });

  it("minari: Minari's reader finds metadata.json keys, spaces, and N + 1 observations per episode", async () => {
    const ds = knownNext();
    const path = join(tmp(), 'hopper-v0');
    await saveDataset(ds, path, { format: 'minari', datasetId: 'offline-rl/hopper-v0' });
    const out = readBack('minari', path);
    expect(out.metadata).toEqual({
      dataset_id: 'offline-rl/hopper-v0',
      total_episodes: 3,
      total_steps: 9,
      data_format: 'hdf5',
      observation_space: { type: 'Box', dtype: 'float32', shape: [3], low: ['-inf', '-inf', '-inf'], high: ['inf', 'inf', 'inf'] },
      action_space: { type: 'Box', dtype: 'float32', shape: [2], low: [-1, -1], high: [1, 1] },
      minari_version: '0.5.3',
      ref_min_score: -20.272305,
      ref_max_score: 3234.3,
    });
    expect(out.groups).toEqual(['episode_0', 'episode_1', 'episode_2']);
    const starts = [0, 4, 7, 9];
    out.episodes.forEach((episode: any, e: number) => {
      const [from, to] = [starts[e], starts[e + 1]];
      const n = to - from;
      expect(episode.attrs).toEqual({ id: e, total_steps: n });
      expect(episode.maxshape).toEqual([null, 3]);
      expect(episode.observations.shape).toEqual([n + 1, 3]);
      expect(episode.observations.values).toEqual([...f32(ds.observations.subarray(from * 3, to * 3)), ...f32(ds.nextObservations.subarray((to - 1) * 3, to * 3))]);
      expect(episode.actions).toEqual({ dtype: 'float32', shape: [n, 2], values: f32(ds.actions.subarray(from * 2, to * 2)) });
      expect(episode.rewards).toEqual({ dtype: 'float64', shape: [n], values: f32(ds.rewards.subarray(from, to)) });
      expect(episode.terminations.values).toEqual(f32(ds.terminals.subarray(from, to)));
      expect(episode.truncations.values).toEqual(f32(ds.timeouts.subarray(from, to)));
    });
  });
});

describe('collectDataset → saveDataset → loadDataset', () => {
  for (const format of ['d4rl', 'npz', 'minari'] as const) {
    it(`${format}: MuJoCo hopper episodes that fall (terminals) and hit the time limit (timeouts) come back row for row`, async () => {
      // A 30-step limit: some random-action episodes fall before it, the others are cut by it.
      const env = await hopper({ maxEpisodeSteps: 30 });
      const ds = collectDataset(env, 'random', { episodes: 16, seed: 3 });
      env.close();
      const count = (flags: ArrayLike<number>) => Array.from(flags).filter((f) => f === 1).length;
      expect(count(ds.terminals)).toBeGreaterThan(0);
      expect(count(ds.timeouts)).toBeGreaterThan(0);
      expect(count(ds.terminals) + count(ds.timeouts)).toBe(16);
      const path = join(tmp(), NAMES[format]);
      const result = await saveDataset(ds, path, { format });
      expect(result).toMatchObject({ rows: ds.size, episodes: 16, droppedRows: 0 });
      // Minari needs a dataset id: a dataset without one is saved under its folder's name.
      expectSameDataset(await loadDataset(path), ds, format === 'minari' ? 'out-v0' : undefined);
    });
  }
});
