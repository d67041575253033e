import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionSpace, Dataset, MetadataValue } from 'offline-rl';
import { assembleDataset } from './assemble';
import { DatasetFileError } from './dataset-file-error';
import { columnInfo, readColumnInto, readHdf5, type ColumnInfo, type Hdf5Reader } from './hdf5-file';
import type { LoadDatasetOptions } from './load-options';
import { datasetMetadata, scoresFrom, type FileFacts } from './metadata';
import { MINARI_MAIN_FILE, MINARI_METADATA_FILE, episodeGroups, minariDataFolder } from './minari-layout';
import { actionSpaceOf, serializedSpace } from './minari-spaces';
import { parsePythonJson } from './python-json';

/**
 * Observation keys of a Minari Dict observation space when `options.observationKeys` is not given:
 * the state, then the goal (goal-conditioned tasks such as PointMaze, AntMaze, Fetch).
 *
 * @example
 * ```ts
 * await loadDataset(folder); // same as { observationKeys: DEFAULT_OBSERVATION_KEYS }
 * ```
 */
export const DEFAULT_OBSERVATION_KEYS: readonly string[] = Object.freeze(['observation', 'desired_goal']);

/** Keys of metadata.json not copied to `metadata.extra` (they become datasetId / referenceScores / the action space). */
const CONSUMED_KEYS = new Set(['dataset_id', 'ref_min_score', 'ref_max_score']);

/** A JSON value without non-finite numbers (Python's JSON may hold them), or undefined. */
function jsonValue(value: unknown): MetadataValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const list = value.map(jsonValue);
    return list.every((v) => v !== undefined) ? (list as MetadataValue[]) : undefined;
  }
  if (typeof value === 'object') {
    const out: Record<string, MetadataValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const kept = jsonValue(v);
      if (kept !== undefined) out[k] = kept;
    }
    return out;
  }
  return undefined;
}

/** metadata.json, parsed (Python's JSON: bare ±Infinity allowed), or an empty object when the file is absent. */
async function readMetadataJson(folder: string): Promise<Record<string, unknown>> {
  const path = join(folder, MINARI_METADATA_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = parsePythonJson(text);
  } catch (error) {
    throw new DatasetFileError(path, MINARI_METADATA_FILE, null, `is not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DatasetFileError(path, MINARI_METADATA_FILE, null, 'is not a JSON object');
  }
  const format = (parsed as { data_format?: unknown }).data_format;
  if (format !== undefined && format !== 'hdf5') {
    throw new DatasetFileError(path, 'data_format', null, `data_format is '${String(format)}'; only Minari's 'hdf5' storage is supported`);
  }
  return parsed as Record<string, unknown>;
}

function actionSpaceFromMetadata(folder: string, meta: Record<string, unknown>, options: LoadDatasetOptions): ActionSpace | undefined {
  if (options.actionSpace) return options.actionSpace;
  const space = serializedSpace(meta.action_space);
  if (space === undefined) return undefined;
  const result = actionSpaceOf(space);
  if ('problem' in result) {
    throw new DatasetFileError(join(folder, MINARI_METADATA_FILE), 'action_space', null, `${result.problem}; pass options.actionSpace to loadDataset`);
  }
  return result.space;
}

/** One episode's columns, measured. */
interface EpisodePlan {
  readonly name: string;
  readonly steps: number;
  /** One entry per observation key (a single entry for a Box space). */
  readonly observations: readonly ColumnInfo[];
  readonly actions: ColumnInfo;
  readonly rewards: ColumnInfo;
  readonly terminations: ColumnInfo;
  readonly truncations: ColumnInfo;
}

function observationColumns(reader: Hdf5Reader, episode: string, keys: readonly string[] | undefined): ColumnInfo[] {
  const { h5, file, path } = reader;
  const name = `${episode}/observations`;
  const entity = file.get(name);
  if (!(entity instanceof h5.Group)) return [columnInfo(reader, name, true)];
  const available = entity.keys();
  const chosen = keys ?? DEFAULT_OBSERVATION_KEYS;
  const missing = chosen.filter((k) => !available.includes(k));
  if (missing.length > 0) {
    throw new DatasetFileError(
      path,
      name,
      null,
      `'${name}' is a Dict observation without ${missing.map((k) => `'${k}'`).join(', ')} (it has: ${available.join(', ')}); ` +
        'choose the keys to concatenate with options.observationKeys',
    );
  }
  return chosen.map((k) => columnInfo(reader, `${name}/${k}`, true));
}

function planEpisode(reader: Hdf5Reader, episode: string, keys: readonly string[] | undefined): EpisodePlan {
  const rewards = columnInfo(reader, `${episode}/rewards`, true);
  const steps = rewards.rows;
  const plan: EpisodePlan = {
    name: episode,
    steps,
    observations: observationColumns(reader, episode, keys),
    actions: columnInfo(reader, `${episode}/actions`, true),
    rewards,
    terminations: columnInfo(reader, `${episode}/terminations`, true),
    truncations: columnInfo(reader, `${episode}/truncations`, true),
  };
  for (const info of [plan.rewards, plan.terminations, plan.truncations]) {
    if (info.width !== 1) throw new DatasetFileError(reader.path, info.name, null, `column '${info.name}' has ${info.width} values per row, expected 1`);
  }
  for (const info of [plan.actions, plan.terminations, plan.truncations]) {
    if (info.rows !== steps) {
      throw new DatasetFileError(reader.path, info.name, null, `column '${info.name}' has ${info.rows} rows but '${rewards.name}' has ${steps}`);
    }
  }
  for (const info of plan.observations) {
    if (info.rows !== steps + 1) {
      throw new DatasetFileError(
        reader.path,
        info.name,
        null,
        `column '${info.name}' has ${info.rows} rows but '${rewards.name}' has ${steps}: Minari stores N + 1 observations for N steps`,
      );
    }
  }
  return plan;
}

/** Checks that every episode has the first one's widths. */
function checkWidths(path: string, plans: readonly EpisodePlan[]): { observationWidths: number[]; actionDim: number } {
  const first = plans[0];
  const observationWidths = first.observations.map((o) => o.width);
  for (const plan of plans) {
    plan.observations.forEach((o, k) => {
      if (o.width !== observationWidths[k]) {
        throw new DatasetFileError(path, o.name, null, `column '${o.name}' has ${o.width} values per row but '${first.observations[k].name}' has ${observationWidths[k]}`);
      }
    });
    if (plan.actions.width !== first.actions.width) {
      throw new DatasetFileError(path, plan.actions.name, null, `column '${plan.actions.name}' has ${plan.actions.width} values per row but '${first.actions.name}' has ${first.actions.width}`);
    }
  }
  return { observationWidths, actionDim: first.actions.width };
}

/**
 * Reads a Minari dataset folder (HDF5 storage; see `loadDataset`).
 *
 * @example
 * ```ts
 * const dataset = await loadMinari('~/.minari/datasets/D4RL/door/human-v2', {});
 * ```
 * @internal
 */
export async function loadMinari(path: string, options: LoadDatasetOptions): Promise<Dataset> {
  const folder = await minariDataFolder(path);
  const meta = await readMetadataJson(folder);
  const actionSpace = actionSpaceFromMetadata(folder, meta, options);
  const mainFile = join(folder, MINARI_MAIN_FILE);

  const { input, episodeRows, names } = await readHdf5(mainFile, 'reading Minari datasets', (reader) => {
    const names = episodeGroups(reader.file.keys());
    if (names.length === 0) throw new DatasetFileError(mainFile, 'file', null, 'has no episode_<id> groups: the dataset is empty');
    const plans = names.map((name) => planEpisode(reader, name, options.observationKeys));
    const { observationWidths, actionDim } = checkWidths(mainFile, plans);
    const observationDim = observationWidths.reduce((a, b) => a + b, 0);
    const episodeRows = new Int32Array(plans.length + 1);
    plans.forEach((p, e) => (episodeRows[e + 1] = episodeRows[e] + p.steps));
    const size = episodeRows[plans.length];
    if (size === 0) throw new DatasetFileError(mainFile, 'file', null, 'has episodes of 0 steps only: the dataset is empty');

    const observations = new Float32Array(size * observationDim);
    const nextObservations = new Float32Array(size * observationDim);
    const actions = new Float32Array(size * actionDim);
    const rewards = new Float32Array(size);
    const terminals = new Float32Array(size);
    const timeouts = new Float32Array(size);
    plans.forEach((plan, e) => {
      const row = episodeRows[e];
      const n = plan.steps;
      if (n === 0) return;
      let offset = 0;
      for (const info of plan.observations) {
        // Row t is (obs[t], act[t], rew[t], obs[t + 1]): observations 0 … N − 1 and, as next observations, 1 … N.
        readColumnInto(reader, info, 0, n, { array: observations, row, stride: observationDim, offset }, 'finite');
        readColumnInto(reader, info, 1, n + 1, { array: nextObservations, row, stride: observationDim, offset }, 'finite');
        offset += info.width;
      }
      readColumnInto(reader, plan.actions, 0, n, { array: actions, row, stride: actionDim, offset: 0 }, 'finite');
      readColumnInto(reader, plan.rewards, 0, n, { array: rewards, row, stride: 1, offset: 0 }, 'finite');
      readColumnInto(reader, plan.terminations, 0, n, { array: terminals, row, stride: 1, offset: 0 }, 'flag');
      readColumnInto(reader, plan.truncations, 0, n, { array: timeouts, row, stride: 1, offset: 0 }, 'flag');
      // An episode that stops with neither flag (collection stopped) was cut: a timeout, so it stays one episode.
      const last = row + n - 1;
      if (terminals[last] === 0 && timeouts[last] === 0) timeouts[last] = 1;
    });
    return { input: { observations, nextObservations, actions, rewards, terminals, timeouts }, episodeRows, names };
  });

  const extra: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (CONSUMED_KEYS.has(key)) continue;
    const kept = jsonValue(value);
    if (kept !== undefined) extra[key] = kept;
  }
  const referenceScores = scoresFrom(meta.ref_min_score, meta.ref_max_score);
  const facts: FileFacts = {
    ...(typeof meta.dataset_id === 'string' ? { datasetId: meta.dataset_id } : {}),
    ...(referenceScores ? { referenceScores } : {}),
    extra,
  };
  /** Maps a dataset row to its episode group and step. */
  const where = (row: number): string => {
    let e = 0;
    while (e + 1 < names.length && episodeRows[e + 1] <= row) e++;
    return `${names[e]} row ${row - episodeRows[e]}`;
  };
  return assembleDataset(
    mainFile,
    { ...input, ...(actionSpace ? { actionSpace } : {}), metadata: datasetMetadata('minari', path, facts, options) },
    where,
    { terminals: 'terminations', timeouts: 'truncations', nextObservations: 'observations' },
  );
}
