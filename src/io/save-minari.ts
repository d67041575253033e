import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Dataset } from 'offline-rl';
import { writeHdf5 } from './hdf5-writer';
import { MINARI_DATA_FOLDER, MINARI_MAIN_FILE, MINARI_METADATA_FILE } from './minari-layout';
import { stringifyPythonJson } from './python-json';
import type { SaveDatasetOptions } from './save-options';
import { writtenColumns } from './save-columns';

/**
 * The `minari_version` written to metadata.json: the Minari release whose dataset format
 * `saveDataset` writes (Minari refuses datasets whose version is not in its `supported_dataset_versions`).
 *
 * @example
 * ```ts
 * MINARI_FORMAT_VERSION; // '0.5.3'
 * ```
 */
export const MINARI_FORMAT_VERSION = '0.5.3';
/** Minari's dataset ids: `(namespace/)name-v<version>` (minari/dataset/minari_dataset.py). */
const MINARI_ID = /^([\w.-]+\/)*[\w.-]+-v\d+$/;

/** The id to write: the given one if Minari accepts it, else `<folder name>-v0`. */
function minariId(path: string, given: string | undefined): string {
  if (given !== undefined && MINARI_ID.test(given)) return given;
  const name = basename(path).replace(/[^\w.-]+/g, '-');
  return MINARI_ID.test(name) ? name : `${name}-v0`;
}

/** The action space as Minari serialises it (minari/serialization.py), as a JSON string. */
function actionSpaceJson(dataset: Dataset): string {
  const space = dataset.actionSpace;
  return space.type === 'discrete'
    ? stringifyPythonJson({ type: 'Discrete', dtype: 'int64', start: 0, n: space.n })
    : stringifyPythonJson({ type: 'Box', dtype: 'float32', shape: [space.low.length], low: space.low, high: space.high });
}

/** An episode as written: rows [from, to), and whether its last row was dropped (then it ends by truncation). */
interface WrittenEpisode {
  from: number;
  to: number;
  cut: boolean;
}

/**
 * Writes a Minari dataset folder at `tmp` (see `saveDataset`): `data/main_data.hdf5` with one group
 * `episode_<k>` per episode (attributes `id`, `total_steps`; `observations` N + 1 rows,
 * `actions`, `rewards`, `terminations`, `truncations` N rows; resizable chunked datasets as Minari
 * creates them) and `data/metadata.json`.
 *
 * @returns the rows and episodes written and the rows dropped (a last row whose next observation is unknown).
 * @example
 * ```ts
 * await writeMinari(dataset, 'out.tmp', 'out', {});
 * ```
 * @internal
 */
export async function writeMinari(
  dataset: Dataset,
  tmp: string,
  finalPath: string,
  options: SaveDatasetOptions,
): Promise<{ rows: number; episodes: number; droppedRows: number }> {
  const { terminals, timeouts, nextKnown } = writtenColumns(dataset);
  const { observationDim: od, actionDim: ad, episodeStarts } = dataset;
  const episodes: WrittenEpisode[] = [];
  let droppedRows = 0;
  for (let e = 0; e + 1 < episodeStarts.length; e++) {
    const from = episodeStarts[e];
    let to = episodeStarts[e + 1];
    // Minari needs obs[N]: a last row whose next observation is unknown cannot be written.
    const cut = nextKnown[to - 1] === 0;
    if (cut) {
      to -= 1;
      droppedRows += 1;
    }
    if (to > from) episodes.push({ from, to, cut });
  }
  const rows = episodes.reduce((n, ep) => n + ep.to - ep.from, 0);
  const folder = join(tmp, MINARI_DATA_FOLDER);
  await mkdir(folder, { recursive: true });
  const discrete = dataset.actionSpace.type === 'discrete';

  await writeHdf5(join(folder, MINARI_MAIN_FILE), 'writing Minari datasets', true, (file) => {
    episodes.forEach(({ from, to, cut }, k) => {
      const n = to - from;
      const group = file.create_group(`episode_${k}`);
      group.create_attribute('id', new BigInt64Array([BigInt(k)]), []);
      group.create_attribute('total_steps', new BigInt64Array([BigInt(n)]), []);
      // obs[0 … N − 1] are the rows' observations, obs[N] the last row's next observation (after a
      // cut, the dropped row's observation).
      const observations = new Float32Array((n + 1) * od);
      observations.set(dataset.observations.subarray(from * od, to * od));
      observations.set(dataset.nextObservations.subarray((to - 1) * od, to * od), n * od);
      const truncations = timeouts.slice(from, to);
      if (cut) truncations[n - 1] = 1;
      // Resizable, chunked datasets, as Minari creates them (it appends to them when a dataset grows).
      const column = (name: string, data: Float32Array | Float64Array | Uint8Array | BigInt64Array, length: number, width: number | null, dtype?: string): void => {
        group.create_dataset({
          name,
          data,
          shape: width === null ? [length] : [length, width],
          ...(dtype ? { dtype } : {}),
          chunks: width === null ? [length] : [length, width],
          maxshape: width === null ? [null] : [null, width],
        });
      };
      column('observations', observations, n + 1, od);
      if (discrete) column('actions', BigInt64Array.from(dataset.actions.subarray(from, to), (a) => BigInt(a)), n, null);
      else column('actions', dataset.actions.slice(from * ad, to * ad), n, ad);
      column('rewards', Float64Array.from(dataset.rewards.subarray(from, to)), n, null);
      // h5wasm cannot write HDF5's boolean enum (h5py's bool): 0/1 bytes, which numpy reads as uint8.
      column('terminations', terminals.slice(from, to), n, null, '<B');
      column('truncations', truncations, n, null, '<B');
    });
  });

  const ref = dataset.metadata?.referenceScores;
  const metadata: Record<string, unknown> = {
    dataset_id: minariId(finalPath, options.datasetId ?? dataset.metadata?.datasetId),
    total_episodes: episodes.length,
    total_steps: rows,
    data_format: 'hdf5',
    observation_space: stringifyPythonJson({
      type: 'Box',
      dtype: 'float32',
      shape: [od],
      low: new Array<number>(od).fill(-Infinity),
      high: new Array<number>(od).fill(Infinity),
    }),
    action_space: actionSpaceJson(dataset),
    minari_version: MINARI_FORMAT_VERSION,
    ...(ref === undefined ? {} : { ref_min_score: ref.min, ref_max_score: ref.max }),
  };
  await writeFile(join(folder, MINARI_METADATA_FILE), JSON.stringify(metadata), 'utf8');
  return { rows, episodes: episodes.length, droppedRows };
}
