/**
 * Defect 9: on the cpu backend in Node, TensorFlow.js prints its "Hi, looks like you are running
 * TensorFlow.js in Node.js. To speed things up dramatically, install our node backend…" banner the
 * first time the backend is used — into the output of every user's script, for a backend the user
 * chose on purpose.
 *
 * Intended: selecting the cpu backend through `useBackend('cpu')` and training prints nothing from
 * TensorFlow.js; the script's own output is all there is.
 *
 * The banner is printed once per process, so the check runs a fresh child process (tsx on the
 * sources, the way the examples are run).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** A child process shares the cores with the other test files: be generous. */
const TIMEOUT_MS = 120_000;

const SCRIPT = `
import { createDataset, trainBC, useBackend } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'index.ts')).href)};
await useBackend('cpu');
const observations = Array.from({ length: 32 }, (_, i) => [Math.sin(i), Math.cos(i)]);
const dataset = createDataset({
  observations,
  actions: observations.map(([x]) => [Math.tanh(x)]),
  rewards: observations.map(() => 1),
  terminals: observations.map(() => 1),
});
const agent = await trainBC(dataset, { hiddenDims: [8], batchSize: 16, steps: 5, logInterval: 5, seed: 0 });
agent.act([[0, 0]]);
agent.dispose();
console.log('DONE');
`;

describe('defect 9: no TensorFlow.js banner on the cpu backend', () => {
  it(
    "a script that selects 'cpu' and trains BC prints only its own output",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'offline-rl-banner-'));
      const script = join(dir, 'train-cpu.mts'); // .mts: an ES module wherever it lies
      writeFileSync(script, SCRIPT);
      const { stdout, stderr } = await run(TSX, [script], { cwd: ROOT, timeout: TIMEOUT_MS, maxBuffer: 10 * 1024 * 1024 });
      expect(stdout).toContain('DONE');
      expect(stdout).not.toMatch(/looks like you are running TensorFlow\.js/);
      expect(stderr).not.toMatch(/looks like you are running TensorFlow\.js/);
    },
    TIMEOUT_MS,
  );
});
