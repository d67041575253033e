import { stat } from 'node:fs/promises';
import type { Dataset } from 'offline-rl';
import { DatasetFileError } from './dataset-file-error';
import { loadD4rl } from './load-d4rl';
import { loadMinari } from './load-minari';
import { loadNpz } from './load-npz';
import type { DatasetFileFormat, LoadDatasetOptions } from './load-options';

const FORMATS: readonly DatasetFileFormat[] = ['d4rl', 'minari', 'npz'];

/**
 * The format of a path: a folder (or a `main_data.hdf5` file) is a Minari dataset, `.npz` an
 * OGBench-style archive, `.hdf5` / `.h5` a D4RL file.
 *
 * @throws DatasetFileError when the path does not exist or tells no format.
 * @example
 * ```ts
 * await formatOfPath('hopper-medium-v2.hdf5'); // 'd4rl'
 * ```
 * @internal
 */
export async function formatOfPath(path: string): Promise<DatasetFileFormat> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw new DatasetFileError(path, 'file', null, 'does not exist');
    throw error;
  }
  if (isDirectory || /(^|[\\/])main_data\.hdf5$/.test(path)) return 'minari';
  if (/\.npz$/i.test(path)) return 'npz';
  if (/\.(hdf5|h5)$/i.test(path)) return 'd4rl';
  throw new DatasetFileError(
    path,
    'file',
    null,
    "cannot tell the format from the name (expected a Minari folder, a .hdf5/.h5 D4RL file or a .npz file); pass { format: 'd4rl' | 'minari' | 'npz' }",
  );
}

/**
 * Reads a dataset file into a {@link Dataset} — D4RL HDF5, a Minari folder, or an OGBench-style
 * `.npz` — recognising the format from the path (or `options.format`). Node only; needs the
 * optional packages `h5wasm` (HDF5) or `fflate` (npz), with an "npm install …" error if missing.
 *
 * - **D4RL** (`.hdf5`, `.h5`): flat columns `observations`, `actions`, `rewards`, `terminals`,
 *   optional `timeouts` and `next_observations`; `infos/*` is ignored; root attributes and small
 *   `metadata/*` values are kept in `metadata.extra`. Flags may be bool, integers or floats (0/1),
 *   values any numeric type (stored as float32). Without `next_observations`, a row's next
 *   observation is the next row's, and the last row of an episode cut by a timeout is left out of
 *   TD updates (`transitionIndices`), as in `createDataset`. A file named like a D4RL dataset
 *   (`hopper-medium-v2.hdf5`, `hopper_medium-v2.hdf5`, `maze2d-umaze-sparse-v1.hdf5`) gets D4RL's
 *   reference scores.
 * - **Minari** (a dataset folder, its `data/` folder, or `data/main_data.hdf5`): one group
 *   `episode_<id>` per episode, read in numeric id order; row t is `(obs[t], act[t], rew[t], obs[t + 1])`
 *   (`observations` hold N + 1 rows), `terminations` → `terminals`, `truncations` → `timeouts`
 *   (an episode ending with neither is marked as a timeout). Dict observations are concatenated
 *   (`options.observationKeys`, default `observation` then `desired_goal`). `metadata.json` gives
 *   the action space, the dataset id and `ref_min_score` / `ref_max_score`.
 * - **npz** (OGBench): `observations`, `actions`, `rewards`, `terminals` (1 = last row of an
 *   episode), `masks` (0 = true terminal: cuts the bootstrap), optional `next_observations`. An
 *   episode end with mask 1 is a timeout.
 *
 * Large files are read in blocks straight into the dataset's Float32Array columns.
 *
 * @throws DatasetFileError (a `DatasetError` of `offline-rl`) naming the file, the column and the first bad
 *   row: missing file, not HDF5/zip, truncated file, missing column, columns of different lengths,
 *   NaN/±Infinity, flags other than 0/1, actions outside the action space. Nothing is returned
 *   half-loaded, and every opened file is closed.
 * @example
 * ```ts
 * import { trainIQL, normalizedScore } from 'offline-rl';
 * import { loadDataset } from 'offline-rl/io';
 *
 * const dataset = await loadDataset('hopper_medium-v2.hdf5');
 * dataset.metadata?.referenceScores; // { min: -20.272305, max: 3234.3 }
 * const agent = await trainIQL(dataset, { preset: 'locomotion' });
 * ```
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  if (typeof path !== 'string' || path === '') throw new TypeError('loadDataset: path must be a non-empty string');
  if (options === null || typeof options !== 'object') throw new TypeError('loadDataset: options must be an object');
  const format = options.format ?? (await formatOfPath(path));
  if (!FORMATS.includes(format)) {
    throw new RangeError(`loadDataset: options.format must be one of ${FORMATS.join(', ')}, got ${String(format)}`);
  }
  switch (format) {
    case 'd4rl':
      return loadD4rl(path, options);
    case 'minari':
      return loadMinari(path, options);
    case 'npz':
      return loadNpz(path, options);
  }
}
