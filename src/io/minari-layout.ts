import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DatasetFileError } from './dataset-file-error';

/** Minari's file names (minari/dataset/_storages/hdf5_storage.py, minari/dataset/minari_storage.py). */
export const MINARI_DATA_FOLDER = 'data';
export const MINARI_MAIN_FILE = 'main_data.hdf5';
export const MINARI_METADATA_FILE = 'metadata.json';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The `data/` folder of a Minari dataset given its dataset folder, the `data/` folder itself, or
 * its `main_data.hdf5`.
 *
 * @throws DatasetFileError when the path holds no `main_data.hdf5`.
 * @example
 * ```ts
 * await minariDataFolder('~/.minari/datasets/D4RL/door/human-v2'); // '…/human-v2/data'
 * ```
 * @internal
 */
export async function minariDataFolder(path: string): Promise<string> {
  if (basename(path) === MINARI_MAIN_FILE) {
    if (await isFile(path)) return dirname(path);
    throw new DatasetFileError(path, 'file', null, 'does not exist');
  }
  for (const folder of [join(path, MINARI_DATA_FOLDER), path]) {
    if (await isFile(join(folder, MINARI_MAIN_FILE))) return folder;
  }
  throw new DatasetFileError(
    path,
    'file',
    null,
    `is not a Minari dataset: found neither ${join(MINARI_DATA_FOLDER, MINARI_MAIN_FILE)} nor ${MINARI_MAIN_FILE} in it`,
  );
}

/**
 * Episode group names `episode_<id>` in numeric id order (episode_2 before episode_10); other names are left out.
 *
 * @example
 * ```ts
 * episodeGroups(['episode_10', 'episode_2', 'notes']); // ['episode_2', 'episode_10']
 * ```
 * @internal
 */
export function episodeGroups(keys: readonly string[]): string[] {
  return keys
    .map((name) => ({ name, match: /^episode_(\d+)$/.exec(name) }))
    .filter((k): k is { name: string; match: RegExpExecArray } => k.match !== null)
    .sort((a, b) => Number(a.match[1]) - Number(b.match[1]))
    .map((k) => k.name);
}
