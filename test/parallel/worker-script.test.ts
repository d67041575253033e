import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trainWorkerBootstrap } from '../../src/parallel/worker-script';

describe('trainWorkerBootstrap', () => {
  it('loads train-worker with the extension of the built entry (ESM .js, CommonJS .cjs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offline-rl-worker-'));
    try {
      for (const ext of ['.js', '.cjs']) {
        writeFileSync(join(dir, `train-worker${ext}`), '');
        const code = await trainWorkerBootstrap(pathToFileURL(join(dir, `index${ext}`)).href);
        expect(code).toBe(`import(${JSON.stringify(pathToFileURL(join(dir, `train-worker${ext}`)).href)});`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers tsx first for the TypeScript sources', async () => {
    const code = await trainWorkerBootstrap();
    expect(code).toMatch(/^import\("file:\/\/\/.*\/tsx\/dist\/esm\/api\/index\.mjs"\)\.then\(\(tsx\) => \{ tsx\.register\(\); return import\(".*\/src\/parallel\/train-worker\.ts"\); \}\);$/);
  });

  it('says what is missing when the worker script is not beside the module', async () => {
    await expect(trainWorkerBootstrap('file:///nowhere/bundle.js')).rejects.toThrow(/the worker script \/nowhere\/train-worker\.js is missing next to \/nowhere\/bundle\.js/);
    await expect(trainWorkerBootstrap('https://cdn.example/offline-rl/index.js')).rejects.toThrow(/need the package on the file system/);
  });
});
