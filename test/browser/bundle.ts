import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Message } from 'esbuild';

/** Repository root (esbuild's working directory: node_modules and the alias resolve from here). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The bundled test page. */
export interface PageBundle {
  /** Folder (under the OS temp folder) holding `page.js`. */
  dir: string;
  /** Absolute path of the bundled page script. */
  file: string;
  /** esbuild's errors and warnings, formatted one per line as `file:line: text`. */
  errors: string[];
  warnings: string[];
  /** Build time in ms. */
  ms: number;
}

function format(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}: ` : '';
  return `${where}${message.text}`;
}

/**
 * Bundles test/browser/page.ts for the browser with esbuild (ESM, `platform: 'browser'`) with no
 * configuration beyond resolving `offline-rl` to src/index.ts as vitest.config.ts does (no externals,
 * no stubs: what a user's bundler does with the installed package), into a fresh folder under the OS temp folder.
 * A failed build resolves with its errors rather than throwing, so a test can assert on them.
 *
 * @returns where the bundle is and what esbuild reported.
 */
export async function bundlePage(): Promise<PageBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'offline-rl-browser-'));
  const file = join(dir, 'page.js');
  const t0 = performance.now();
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, 'test/browser/page.ts')],
      outfile: file,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      alias: { 'offline-rl': './src/index.ts' },
      logLevel: 'silent',
    });
    return { dir, file, errors: result.errors.map(format), warnings: result.warnings.map(format), ms: performance.now() - t0 };
  } catch (error) {
    const failure = error as { errors?: Message[]; warnings?: Message[] };
    if (!Array.isArray(failure.errors)) throw error;
    return { dir, file, errors: failure.errors.map(format), warnings: (failure.warnings ?? []).map(format), ms: performance.now() - t0 };
  }
}
