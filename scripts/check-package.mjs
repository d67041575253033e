#!/usr/bin/env node
/**
 * Smoke check of the built package (run `npm run build` first): loads `offline-rl` by name through
 * the package's own `exports`, once as ESM (`import`) and once as CommonJS (`require`), each in a
 * fresh Node process, and in each: checks the entry file that was picked, selects the wasm backend
 * (the optional backend is loaded by the library's dynamic import), trains a few IQL steps on the
 * bandit, acts, and saves and reloads the agent (Node's file system reached at run time); then loads
 * `offline-rl/node`, trains two runs with `trainMany` in worker threads (which load
 * `dist/train-worker.js` or `dist/train-worker.cjs`, beside the entry) and checks that a run equals
 * the same `trainIQL` call and that its agent is an instance of the core's own `Agent` class (one copy
 * of the library, shared by both entries); then loads `offline-rl/mujoco` (which imports the ESM-only
 * `@mujoco/mujoco` at run time, from CommonJS too), steps a hopper and evaluates it. Then runs the `offline-rl` command (package.json "bin", a
 * shebang script) with `--help` and `inspect --json`, and draws a dataset with `offline-rl/plot`. In
 * each build it also loads `offline-rl/io`, writes the bandit's dataset as D4RL, Minari and npz (its
 * optional peers h5wasm and fflate, loaded by dynamic import from both builds) and reads each back to
 * the same rows.
 *
 * Usage: node scripts/check-package.mjs
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const body = (load, resolve, loadNode, loadMujoco, loadIo) => `
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const lib = ${load};
  const entry = ${resolve};
  const node = ${loadNode};
  for (const name of ['trainIQL', 'trainBC', 'trainTD3BC', 'train', 'createTrainer', 'createDataset', 'evaluate', 'useBackend', 'loadAgent', 'agentFromJSON', 'extractPolicy', 'createTDLearner', 'fqe', 'offlineMetrics', 'splitEpisodes']) {
    if (typeof lib[name] !== 'function') throw new Error('missing export ' + name);
  }
  if ('trainMany' in lib) throw new Error('trainMany must live in offline-rl/node, not in the core entry');
  if (typeof node.trainMany !== 'function') throw new Error('offline-rl/node lacks trainMany');
  const backend = await lib.useBackend('wasm');
  const dataset = lib.createDataset(lib.envs.banditDataset({ size: 64 }));
  const agent = await lib.trainIQL(dataset, { steps: 5, batchSize: 16, hiddenDims: [8], logInterval: 5 });
  const action = agent.act([[1]]);
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-check-'));
  try {
    await agent.save(join(dir, 'agent.json'));
    const loaded = await lib.loadAgent(join(dir, 'agent.json'));
    if (JSON.stringify(loaded.act([[1]])) !== JSON.stringify(action)) throw new Error('reloaded agent acts differently');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const tiny = (seed) => ({ steps: 5, batchSize: 16, hiddenDims: [8], logInterval: 5, seed });
  const runs = await node.trainMany('iql', dataset, [tiny(0), tiny(1)], { workers: 2 });
  if (!(runs[0] instanceof lib.Agent)) throw new Error('trainMany returned agents of another copy of the library');
  const direct = await lib.trainIQL(dataset, tiny(1));
  if (runs.length !== 2) throw new Error('trainMany returned ' + runs.length + ' agents');
  if (JSON.stringify(runs[1].toJSON()) !== JSON.stringify(direct.toJSON())) throw new Error('trainMany run 1 differs from trainIQL with the same config');
  const mujoco = ${loadMujoco};
  const env = await mujoco.hopper();
  const first = env.reset(0);
  const step = env.step([0.1, -0.2, 0.3]);
  env.close();
  if (first.length !== 11 || step.observation.length !== 11 || !Number.isFinite(step.reward)) throw new Error('offline-rl/mujoco hopper misbehaves');
  const evalEnv = await mujoco.hopper();
  const still = { observationDim: 11, actionSpace: evalEnv.actionSpace, act: (o) => o.map(() => [0, 0, 0]) };
  const score = (await lib.evaluate(still, evalEnv, { episodes: 1 })).normalizedScore;
  evalEnv.close();
  if (!Number.isFinite(score)) throw new Error('offline-rl/mujoco hopper has no normalized score');
  const io = ${loadIo};
  if ('loadDataset' in lib) throw new Error('loadDataset must live in offline-rl/io, not in the core entry');
  const ioDir = mkdtempSync(join(tmpdir(), 'offline-rl-check-io-'));
  try {
    for (const [format, name] of [['d4rl', 'd.hdf5'], ['minari', 'd-v0'], ['npz', 'd.npz']]) {
      await io.saveDataset(dataset, join(ioDir, name), { format });
      const back = await io.loadDataset(join(ioDir, name), { actionSpace: dataset.actionSpace });
      if (back.size !== dataset.size || back.rewards.some((r, i) => r !== dataset.rewards[i])) throw new Error('offline-rl/io ' + format + ' round trip changed the rows');
    }
  } finally {
    rmSync(ioDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ entry: entry.slice(entry.lastIndexOf('dist')), backend, action }));
`;

const CASES = [
  {
    name: "ESM  import('offline-rl')",
    args: ['--input-type=module', '-e', body("await import('offline-rl')", "import.meta.resolve('offline-rl')", "await import('offline-rl/node')", "await import('offline-rl/mujoco')", "await import('offline-rl/io')")],
    expectEntry: 'dist/index.js',
  },
  {
    name: "CJS  require('offline-rl')",
    args: ['--input-type=commonjs', '-e', `(async () => {${body("require('offline-rl')", "require.resolve('offline-rl')", "require('offline-rl/node')", "require('offline-rl/mujoco')", "require('offline-rl/io')")}})().catch((e) => { console.error(e); process.exit(1); });`],
    expectEntry: 'dist/index.cjs',
  },
];

for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/node.js', 'dist/node.cjs', 'dist/node.d.ts', 'dist/node.d.cts', 'dist/mujoco.js', 'dist/mujoco.cjs', 'dist/mujoco.d.ts', 'dist/mujoco.d.cts', 'dist/io.js', 'dist/io.cjs', 'dist/io.d.ts', 'dist/io.d.cts', 'dist/plot.js', 'dist/plot.cjs', 'dist/plot.d.ts', 'dist/plot.d.cts', 'dist/cli.js']) {
  if (!existsSync(join(ROOT, file))) {
    console.error(`check-package: ${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

let failed = false;
for (const { name, args, expectEntry } of CASES) {
  try {
    const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const report = JSON.parse(out.trim().split('\n').pop());
    if (report.entry !== expectEntry) throw new Error(`loaded ${report.entry}, expected ${expectEntry}`);
    console.log(`ok   ${name} → ${report.entry}, useBackend('wasm') → ${report.backend}, trained, acted ${JSON.stringify(report.action)}, saved and reloaded, offline-rl/node trainMany ×2 in workers = trainIQL, offline-rl/mujoco hopper steps and scores, offline-rl/io d4rl/minari/npz round trips`);
  } catch (err) {
    failed = true;
    console.error(`FAIL ${name}\n${err.stderr ?? ''}${err.message}`);
  }
}
// The command line, as npm links it: package.json "bin" → a script with a shebang, run from the package.
try {
  const bin = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin?.['offline-rl'];
  if (!bin) throw new Error('package.json has no "bin" named offline-rl');
  const script = join(ROOT, bin);
  if (!readFileSync(script, 'utf8').startsWith('#!/usr/bin/env node\n')) throw new Error(`${bin} does not start with a node shebang`);
  const help = execFileSync(process.execPath, [script, '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (!help.includes('Usage: offline-rl <command>')) throw new Error(`--help printed ${JSON.stringify(help.slice(0, 200))}`);
  const trainHelp = execFileSync(process.execPath, [script, 'train', '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (!/--algo iql\|/.test(trainHelp)) throw new Error('train --help lists no algorithms');
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-cli-check-'));
  try {
    const data = join(dir, 'data.json');
    writeFileSync(data, JSON.stringify({ observations: [[0], [1], [2]], actions: [[0], [0.5], [1]], rewards: [0, 1, 2], terminals: [0, 0, 1] }));
    const described = JSON.parse(execFileSync(process.execPath, [script, 'inspect', data, '--json', '--plot', join(dir, 'data.svg')], { cwd: ROOT, encoding: 'utf8' }));
    if (described.rows !== 3 || described.episodes !== 1) throw new Error(`inspect --json printed ${JSON.stringify(described)}`);
    if (!readFileSync(join(dir, 'data.svg'), 'utf8').startsWith('<svg')) throw new Error('inspect --plot wrote no SVG');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`ok   ${bin} --help, train --help, inspect --json --plot (offline-rl/plot)`);
} catch (err) {
  failed = true;
  console.error(`FAIL offline-rl command line\n${err.stderr ?? ''}${err.message}`);
}

process.exit(failed ? 1 : 0);
