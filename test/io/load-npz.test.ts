import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetFileError, loadDataset } from 'offline-rl/io';
import { FIXTURES, act, column, flags, obs, rew, rowsOf } from './fixture-values';

const ogbench = (name: string): string => join(FIXTURES, 'ogbench', name);
const rows = rowsOf([4, 3, 2]);

describe('loadDataset: OGBench .npz written by numpy', () => {
  it('np.savez with next_observations: terminals = episode ends, masks = 0 only at the true terminal', async () => {
    const ds = await loadDataset(ogbench('cube-tiny.npz'));
    expect(ds.size).toBe(9);
    expect(ds.observations).toEqual(column(rows, obs));
    expect(ds.nextObservations).toEqual(column(rows, (e, t) => obs(e, t + 1)));
    expect(ds.actions).toEqual(column(rows, act));
    expect(ds.rewards).toEqual(column(rows, rew));
    expect(Array.from(ds.episodeStarts)).toEqual([0, 4, 7, 9]);
    // Row 6 ends episode 1 with mask 0: a terminal. Rows 3 and 8 end episodes with mask 1: timeouts, not terminals.
    expect(ds.terminals).toEqual(flags(9, [6]));
    expect(ds.timeouts).toEqual(flags(9, [3, 8]));
    expect(ds.transitionIndices.length).toBe(9);
    expect(ds.metadata).toEqual({ format: 'npz', source: ogbench('cube-tiny.npz') });
  });

  it('np.savez_compressed without next_observations (float64, uint8 flags): timeout rows are left out of TD, the terminal row stays', async () => {
    const ds = await loadDataset(ogbench('cube-tiny-compact.npz'));
    expect(ds.observations).toEqual(column(rows, obs));
    expect(ds.terminals).toEqual(flags(9, [6]));
    expect(ds.timeouts).toEqual(flags(9, [3, 8]));
    expect(Array.from(ds.episodeStarts)).toEqual([0, 4, 7, 9]);
    expect(Array.from(ds.transitionIndices)).toEqual([0, 1, 2, 4, 5, 6, 7]);
    const reference = await loadDataset(ogbench('cube-tiny.npz'));
    for (const i of [0, 1, 2, 4, 5, 7]) {
      expect(ds.nextObservations.subarray(i * 3, i * 3 + 3)).toEqual(reference.nextObservations.subarray(i * 3, i * 3 + 3));
    }
  });
});

describe('loadDataset: bad .npz files', () => {
  it('a missing column lists the members the archive has', async () => {
    const path = join(FIXTURES, 'bad', 'missing-masks.npz');
    const error = (await loadDataset(path).catch((e: unknown) => e)) as DatasetFileError;
    expect(error).toBeInstanceOf(DatasetFileError);
    expect(error.message).toBe(`${path}: has no column 'masks' (the archive has: observations, actions, rewards, terminals)`);
    expect(error.field).toBe('masks');
  });

  it('Infinity names the column and the row', async () => {
    const path = join(FIXTURES, 'bad', 'inf-rewards.npz');
    const error = (await loadDataset(path).catch((e: unknown) => e)) as DatasetFileError;
    expect(error.message).toBe(`${path}: column 'rewards' row 2 is Infinity`);
    expect([error.field, error.index]).toEqual(['rewards', 2]);
  });

  it('a truncated archive, a file that is not a zip, a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offline-rl-npz-'));
    const bytes = readFileSync(ogbench('cube-tiny.npz'));
    const cut = join(dir, 'cut.npz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(loadDataset(cut)).rejects.toThrow(new RegExp(`^${cut}: (could not be read as a zip archive|member '\\w+\\.npy' holds fewer bytes)`));
    const text = join(dir, 'text.npz');
    writeFileSync(text, 'observations\n');
    await expect(loadDataset(text)).rejects.toThrow(`${text}: is not a .npz archive (no zip signature; 13 bytes)`);
    await expect(loadDataset(join(dir, 'none.npz'))).rejects.toThrow(`${join(dir, 'none.npz')}: does not exist`);
  });
});
