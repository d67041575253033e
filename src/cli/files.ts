import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createDataset, type Dataset, type DatasetInput } from 'offline-rl';
import type { MetricsRecord } from 'offline-rl/plot';

/**
 * Reads a dataset file: a `.json` file holding {@link DatasetInput}'s columns (what the
 * `envs.*Dataset` builders return, written with `JSON.stringify`), or any format `offline-rl/io`'s
 * `loadDataset` reads (D4RL `.hdf5`, a Minari folder, an OGBench `.npz`).
 *
 * @throws Error naming the file when it cannot be read or is not a valid dataset.
 * @example
 * ```ts
 * const dataset = await readDataset('hopper-medium-v2.hdf5');
 * ```
 */
export async function readDataset(path: string): Promise<Dataset> {
  if (path.toLowerCase().endsWith('.json')) {
    const input = (await readJson(path, 'dataset')) as DatasetInput;
    try {
      return createDataset(input);
    } catch (err) {
      throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
    }
  }
  // Loaded on first use: the `.json` path and the other commands never load the file readers.
  const { loadDataset } = await import('offline-rl/io');
  return loadDataset(path);
}

/**
 * Reads and parses a JSON file.
 *
 * @throws Error naming the file (and `what` it should be) when it cannot be read or parsed.
 * @example
 * ```ts
 * const cfg = await readJson('cfg.json', 'config');
 * ```
 */
export async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the ${what} file ${path} (${(err as Error).message})`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`the ${what} file ${path} is not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

/**
 * Writes a file atomically (a temporary name, then a rename): an interrupted write never leaves a
 * half-written file.
 *
 * @example
 * ```ts
 * await writeAtomic('plot.png', pngBytes);
 * ```
 */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // The same scheme as the library's own writes (agent.save, checkpoints): `<path>.<pid>.<time>.tmp`.
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * A file beside `path` with its `.json` extension (if any) replaced by `suffix`:
 * `runs/agent.json` → `runs/agent.metrics.jsonl`.
 *
 * @example
 * ```ts
 * besidePath('runs/agent.json', '.ckpt.json'); // 'runs/agent.ckpt.json'
 * ```
 */
export function besidePath(path: string, suffix: string): string {
  return path.replace(/\.json$/i, '') + suffix;
}

/**
 * A JSON-lines log, one record per line, each line written in one append (an interruption loses at
 * most the line being written).
 *
 * @example
 * ```ts
 * const log = await JsonLinesLog.create('agent.metrics.jsonl');
 * await log.append({ step: 1000, 'critic/loss': 0.1 });
 * ```
 */
export class JsonLinesLog {
  private constructor(
    readonly path: string,
    readonly records: MetricsRecord[],
  ) {}

  /** Starts a new log (replacing a file at `path`). */
  static async create(path: string): Promise<JsonLinesLog> {
    await writeAtomic(path, '');
    return new JsonLinesLog(path, []);
  }

  /**
   * Continues the log of a resumed run: keeps the records up to `step` (later ones were written after
   * the checkpoint and will be written again), or starts a new log when there is none.
   */
  static async resume(path: string, step: number): Promise<JsonLinesLog> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return JsonLinesLog.create(path);
    }
    const records: MetricsRecord[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as MetricsRecord;
        if (typeof record.step === 'number' && record.step <= step) records.push(record);
      } catch {
        // a line cut by an interruption
      }
    }
    await writeAtomic(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return new JsonLinesLog(path, records);
  }

  async append(record: MetricsRecord): Promise<void> {
    this.records.push(record);
    await appendFile(this.path, `${JSON.stringify(record)}\n`, 'utf8');
  }
}

/**
 * Removes a file if it exists.
 *
 * @example
 * ```ts
 * await removeFile('agent.ckpt.json');
 * ```
 */
export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
