/**
 * Measures what `loadDataset` costs on a D4RL-sized file: peak resident memory (RSS, which includes
 * h5wasm's WebAssembly heap) and wall time for a file of 1,000,000 rows (observations 17, actions
 * 6, as hopper/walker2d/halfcheetah-medium-v2) written by h5py, with and without `next_observations`.
 *
 * The file is written by Debian's /usr/bin/python3 (h5py, numpy) into a temporary folder; each
 * load runs in a fresh Node process (`--expose-gc`), which reports RSS just before `loadDataset`
 * and the peak RSS (`process.resourceUsage().maxRSS`) right after. The target: the peak growth
 * stays below 2× the float32 size of the file's columns (the dataset itself is 1×).
 *
 * Run: `npx tsx scripts/measure-io-memory.ts [--rows 1000000]`
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const OBSERVATION_DIM = 17;
const ACTION_DIM = 6;
const EPISODE_LENGTH = 1000;
const MB = 1024 * 1024;

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, child: { type: 'string' } } });
const rows = Number(values.rows);

if (values.child !== undefined) {
  // Child: load one file and report.
  const { loadDataset } = await import('offline-rl/io');
  const { loadH5wasm } = await import('../src/io/optional-packages');
  await loadH5wasm('measuring'); // module code and the initial WebAssembly heap belong to the baseline
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const dataset = await loadDataset(values.child);
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  const columns =
    dataset.observations.byteLength + dataset.nextObservations.byteLength + dataset.actions.byteLength +
    dataset.rewards.byteLength + dataset.terminals.byteLength + dataset.timeouts.byteLength;
  console.log(JSON.stringify({ rows: dataset.size, ms, before, peak, columns }));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-io-memory-'));
  try {
    const python = `
import sys, h5py, numpy as np
rows, path, with_next = int(sys.argv[1]), sys.argv[2], sys.argv[3] == '1'
rng = np.random.default_rng(0)
obs = rng.standard_normal((rows + 1, ${OBSERVATION_DIM}), dtype=np.float32)
ends = np.zeros(rows, dtype=bool); ends[${EPISODE_LENGTH} - 1::${EPISODE_LENGTH}] = True
with h5py.File(path, 'w') as f:
    f['observations'] = obs[:-1]
    if with_next: f['next_observations'] = obs[1:]
    f['actions'] = rng.uniform(-1, 1, (rows, ${ACTION_DIM})).astype(np.float32)
    f['rewards'] = rng.standard_normal(rows, dtype=np.float32)
    f['terminals'] = np.zeros(rows, dtype=bool)
    f['timeouts'] = ends
`;
    const script = fileURLToPath(import.meta.url);
    console.log(`loadDataset memory and time: ${rows.toLocaleString('en-US')} rows, observations ${OBSERVATION_DIM}, actions ${ACTION_DIM} (file written by h5py)`);
    for (const withNext of [true, false]) {
      const file = join(dir, `hopper_medium-${withNext ? 'next' : 'plain'}-v2.hdf5`);
      execFileSync('/usr/bin/python3', ['-c', python, String(rows), file, withNext ? '1' : '0']);
      const out = execFileSync('npx', ['tsx', '--expose-gc', script, '--child', file], { encoding: 'utf8' });
      const r = JSON.parse(out.trim().split('\n').pop()!);
      // The float32 size of the file's columns (flags counted as float32, as the dataset stores them).
      const fileColumns = rows * 4 * (OBSERVATION_DIM * (withNext ? 2 : 1) + ACTION_DIM + 3);
      const growth = r.peak - r.before;
      console.log(
        `${withNext ? 'with next_observations   ' : 'without next_observations'}  file ${(statSync(file).size / MB).toFixed(0)} MB  ` +
          `columns (float32) ${(fileColumns / MB).toFixed(0)} MB  dataset ${(r.columns / MB).toFixed(0)} MB  ` +
          `RSS before ${(r.before / MB).toFixed(0)} MB, peak ${(r.peak / MB).toFixed(0)} MB: growth ${(growth / MB).toFixed(0)} MB = ` +
          `${(growth / fileColumns).toFixed(2)}× the columns  time ${(r.ms / 1000).toFixed(2)} s`,
      );
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
