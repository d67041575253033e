import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as byName from 'offline-rl';
import * as bySource from '../src/index';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Child processes share two cores with the other test files: be generous. */
const TIMEOUT_MS = 180_000;

/** Runs `npx tsx <script> …args` from the repository root, as a user would, and returns its stdout. */
async function tsx(script: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tsx', script, ...args], { cwd: ROOT, timeout: TIMEOUT_MS, maxBuffer: 10 * 1024 * 1024 });
  return stdout;
}

describe("import … from 'offline-rl'", () => {
  it('resolves to the sources in tests (vitest alias, like tsconfig paths for tsx)', () => {
    expect(byName.trainIQL).toBe(bySource.trainIQL);
    expect(typeof byName.envs.twoStepChain).toBe('function');
  });
});

describe('README', () => {
  it('quick start is examples/quickstart.ts without its header comment (so the README code runs)', () => {
    const script = readFileSync(new URL('../examples/quickstart.ts', import.meta.url), 'utf8');
    const body = script.slice(script.indexOf('*/') + 2).trim();
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = readme.match(/## Quick start[\s\S]*?```ts\n([\s\S]*?)```/);
    expect(block, 'README has a ts code block under "## Quick start"').not.toBeNull();
    expect(block![1].trim()).toBe(body);
  });
});

describe('examples (run with npx tsx, importing the package by name)', () => {
  it(
    'quickstart.ts trains, acts, beats the random log, and reloads the same agent',
    async () => {
      const out = await tsx('examples/quickstart.ts');
      expect(out).toMatch(/step 1000\/1000/);
      const match = out.match(/mean return: IQL (-?\d+\.\d+) vs random log (-?\d+\.\d+)/);
      expect(match, out).not.toBeNull();
      const [iql, logged] = [Number(match![1]), Number(match![2])];
      expect(iql).toBeGreaterThan(logged);
      expect(out).toMatch(/same actions true/);
    },
    TIMEOUT_MS,
  );

  it(
    'demo.ts --quick prints the backend and both tables',
    async () => {
      const out = await tsx('examples/demo.ts', '--quick');
      expect(out).toMatch(/TensorFlow\.js backend: (tensorflow|wasm|cpu)/);
      expect(out).toMatch(/method\s+V\(s1\)\s+V\(s2\)\s+Q\(s0,up\)\s+Q\(s0,down\)\s+first action\s+return\s+sampled return/);
      for (const name of ['BC', 'SARSA τ=0.5', 'IQL τ=0.9', 'IQL τ=0.7']) expect(out).toContain(name);
      expect(out).toMatch(/method\s+P\(better arm\)\s+return\s+sampled return/);
      expect(out).toMatch(/done in \d+\.\d s/);
    },
    TIMEOUT_MS,
  );

  it(
    'dataset-files.ts writes D4RL, Minari and npz files, reads each back unchanged and trains on it',
    async () => {
      const out = await tsx('examples/dataset-files.ts');
      for (const format of ['d4rl', 'minari', 'npz']) {
        const line = out.split('\n').find((l) => l.startsWith(format));
        expect(line, out).toMatch(/400 rows, 200 episodes → read back 400 rows, same rows true, id two-step-chain-v0; IQL return 10\.0, normalized score 100\.0/);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'compose-your-own.ts --quick trains a method built from exported parts (TD3+BC actor over CQL critics) beside TD3+BC and BC',
    async () => {
      const out = await tsx('examples/compose-your-own.ts', '--quick');
      for (const name of ['TD3 + CQL critics (composed here)', 'TD3+BC (shipped)', 'BC (shipped)']) {
        const line = out.split('\n').find((l) => l.startsWith(name));
        expect(line, out).toMatch(/normalized score -?\d+\.\d$/);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'maze2d-extraction.ts --quick prints both tables and writes both pictures',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'offline-rl-maze-'));
      const out = await tsx('examples/maze2d-extraction.ts', '--quick', '--out', dir);
      for (const kind of ['mixed', 'expert']) {
        expect(out).toContain(`## ${kind} data`);
        const svg = readFileSync(join(dir, `maze2d-medium-${kind}.svg`), 'utf8');
        expect(svg.startsWith('<svg')).toBe(true);
        expect(svg.match(/<line /g)?.length ?? 0).toBeGreaterThan(600);
      }
      for (const method of ['AWR-Gaussian', 'DDPG+BC', 'discretized AWR']) expect(out).toContain(`| ${method}`);
    },
    TIMEOUT_MS,
  );
});
