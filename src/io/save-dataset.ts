import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Dataset } from 'offline-rl';
import { writeAtomically } from './atomic-write';
import { DatasetFileError } from './dataset-file-error';
import type { DatasetFileFormat } from './load-options';
import { writeD4rl } from './save-d4rl';
import { writeMinari } from './save-minari';
import { writeNpz } from './save-npz';
import type { SaveDatasetOptions, SaveDatasetResult } from './save-options';

const FORMATS: readonly DatasetFileFormat[] = ['d4rl', 'minari', 'npz'];

function formatOfName(path: string): DatasetFileFormat {
  if (/\.npz$/i.test(path)) return 'npz';
  if (/\.(hdf5|h5)$/i.test(path)) return 'd4rl';
  return 'minari';
}

function checkDataset(dataset: Dataset): void {
  const ok =
    dataset !== null &&
    typeof dataset === 'object' &&
    dataset.observations instanceof Float32Array &&
    dataset.episodeStarts instanceof Int32Array &&
    dataset.transitionIndices instanceof Int32Array &&
    Number.isInteger(dataset.size) &&
    dataset.size > 0;
  if (!ok) throw new TypeError('saveDataset: expected a Dataset (from createDataset or loadDataset)');
}

/**
 * Writes a dataset as a D4RL HDF5 file, a Minari dataset folder or an OGBench-style `.npz` archive,
 * which h5py, numpy and Minari read back (and `loadDataset` reads back to the same rows). The
 * file (or folder) is written under a temporary name beside `path` and renamed into place, so
 * `path` is never half-written; an existing file or folder at `path` is replaced. Node only; needs
 * `h5wasm` (HDF5) or `fflate` (npz).
 *
 * - **d4rl**: float32 `observations`, `actions`, `rewards`, `next_observations` (when every row's
 *   next observation is known), 0/1 uint8 `terminals` and `timeouts`; root attributes
 *   `dataset_id`, `ref_min_score`, `ref_max_score` from `dataset.metadata`.
 * - **minari**: `<path>/data/main_data.hdf5` (one group `episode_<k>` per episode, N + 1
 *   observations) and `<path>/data/metadata.json` (`dataset_id`, `total_episodes`, `total_steps`,
 *   `data_format`, the serialized Box observation and action spaces, `minari_version`, reference
 *   scores). A last row whose next observation is unknown cannot be stored (see
 *   {@link SaveDatasetResult.droppedRows}).
 * - **npz**: float32 `observations`, `actions`, `rewards`, `terminals` (episode ends), `masks`
 *   (0 at true terminals), `next_observations` (when all known), like OGBench's files.
 *
 * Every writer marks an episode end that has neither flag (an episode found by the termination
 * fix, the end of the data) as a timeout, so readers see the same episodes. Flags are written as
 * uint8 (h5wasm cannot write h5py's boolean type); `terminals` and `timeouts` both set on a row
 * become a terminal only in npz (OGBench has no separate timeout flag).
 *
 * @throws TypeError when `dataset` is not a Dataset; RangeError for an unknown format;
 *   DatasetFileError naming `path` when its folder does not exist or the file cannot be written.
 * @example
 * ```ts
 * import { saveDataset, loadDataset } from 'offline-rl/io';
 * await saveDataset(dataset, 'runs/pointmaze.hdf5', { format: 'd4rl' });
 * await saveDataset(dataset, 'runs/pointmaze-v0', { format: 'minari' });
 * await saveDataset(dataset, 'runs/pointmaze.npz', { format: 'npz' });
 * const again = await loadDataset('runs/pointmaze.hdf5'); // the same rows and episodes
 * ```
 */
export async function saveDataset(dataset: Dataset, path: string, options: SaveDatasetOptions = {}): Promise<SaveDatasetResult> {
  checkDataset(dataset);
  if (typeof path !== 'string' || path === '') throw new TypeError('saveDataset: path must be a non-empty string');
  if (options === null || typeof options !== 'object') throw new TypeError('saveDataset: options must be an object');
  const format = options.format ?? formatOfName(path);
  if (!FORMATS.includes(format)) {
    throw new RangeError(`saveDataset: options.format must be one of ${FORMATS.join(', ')}, got ${String(format)}`);
  }
  if (options.datasetId !== undefined && typeof options.datasetId !== 'string') {
    throw new TypeError('saveDataset: options.datasetId must be a string');
  }
  const folder = dirname(path);
  if (!(await stat(folder).then((s) => s.isDirectory(), () => false))) {
    throw new DatasetFileError(path, 'file', null, `could not be written: the folder ${folder} does not exist`);
  }
  const episodes = dataset.episodeStarts.length - 1;
  let result: SaveDatasetResult = { path, format, rows: dataset.size, episodes, droppedRows: 0 };
  try {
    await writeAtomically(path, async (tmp) => {
      if (format === 'd4rl') await writeD4rl(dataset, tmp, options);
      else if (format === 'npz') await writeNpz(dataset, tmp, options);
      else result = { path, format, ...(await writeMinari(dataset, tmp, path, options)) };
    });
  } catch (error) {
    if (error instanceof DatasetFileError) throw error;
    throw new DatasetFileError(path, 'file', null, `could not be written: ${(error as Error).message ?? String(error)}`);
  }
  return result;
}
