import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMujoco, loadMujocoWith } from '../../src/mujoco';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The error Node's own `import()` gives for a package that is not installed (from a child process, as
 * a user's program sees it; vitest's loader reports missing modules differently), rebuilt with its
 * code and message.
 */
function nodeMissingPackageError(specifier: string): Error {
  const script = `import(${JSON.stringify(specifier)}).catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message })))`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const { code, message } = JSON.parse(out) as { code: string; message: string };
  return Object.assign(new Error(message), { code });
}

describe('loading @mujoco/mujoco', () => {
  it('a missing package rejects with an error that says to install @mujoco/mujoco, Node\'s error as cause', async () => {
    const missing = '@mujoco/not-installed-here';
    const nodeError = nodeMissingPackageError(missing);
    expect(nodeError.message).toContain(missing);
    const error = await loadMujocoWith(() => Promise.reject(nodeError), missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/optional package @mujoco\/mujoco/);
    expect((error as Error).message).toMatch(/npm install @mujoco\/mujoco/);
    expect((error as Error).cause).toBe(nodeError);
    expect(nodeError).toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });
  });

  it('other failures pass through unchanged (a broken package, a missing dependency of the package)', async () => {
    const boom = new Error('wasm compile failed');
    await expect(loadMujocoWith(() => Promise.reject(boom))).rejects.toBe(boom);
    const inner = Object.assign(new Error("Cannot find package 'left-pad' imported from …"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadMujocoWith(() => Promise.reject(inner))).rejects.toBe(inner);
    await expect(loadMujocoWith(() => Promise.resolve({} as never))).rejects.toThrow(/no default export/);
  });

  it('loads the real module once and shares it', async () => {
    const a = loadMujoco();
    const b = loadMujoco();
    expect(a).toBe(b);
    const mujoco = await a;
    expect(typeof mujoco.mj_step).toBe('function');
  });
});

describe('bundles', () => {
  it('the core entry bundled for browsers contains nothing of @mujoco/mujoco nor src/mujoco', async () => {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/index.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.startsWith('src/envs/'))).toBe(true); // the check sees the envs
    expect(inputs.filter((f) => f.includes('@mujoco') || f.startsWith('src/mujoco/'))).toEqual([]);
    const text = result.outputFiles.map((f) => f.text).join('\n');
    expect(text).not.toMatch(/@mujoco\/mujoco|mj_step|from_xml_string/);
  });

  it('offline-rl/mujoco bundles for browsers without pulling the 22 MB package in (it is loaded by name)', async () => {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/mujoco/index.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      alias: { 'offline-rl': './src/index.ts' },
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('src/mujoco/models/hopper.ts');
    expect(inputs.filter((f) => f.includes('node_modules/@mujoco'))).toEqual([]);
  });
});
