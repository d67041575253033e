/**
 * How to start a training worker: the worker entry module sits next to the module holding this code,
 * with the same extension — `dist/train-worker.js` beside the ESM build, `dist/train-worker.cjs` beside
 * the CommonJS build (where tsup's shim turns `import.meta.url` into the file's URL), and
 * `src/parallel/train-worker.ts` beside the sources. For TypeScript sources (tests, `tsx` scripts)
 * the bootstrap registers `tsx` in the worker first: on Node 20 neither the parent's `--import tsx`
 * nor `execArgv: ['--import', 'tsx']` makes a worker thread load `.ts` files.
 */

/** File name (without extension) of the worker entry module, in `src/parallel/` and in `dist/`. */
export const TRAIN_WORKER_NAME = 'train-worker';

/**
 * Code for `new Worker(code, { eval: true })` that loads the worker entry module next to `moduleUrl`
 * (default: the module holding this function). The worker is always started from this one-line bootstrap rather than from
 * the file itself: a worker inherits the parent's `execArgv`, and a file entry fails under a parent
 * started with `--input-type` (`node --input-type=module -e …`), which only string input accepts.
 *
 * @throws Error when the library is not on the file system or the entry module is missing (for
 * example when offline-rl was bundled into an application file without `dist/train-worker.*`), or when
 * TypeScript sources are in use and `tsx` cannot be found.
 * @example
 * ```ts
 * const code = await trainWorkerBootstrap('file:///app/node_modules/offline-rl/dist/index.js');
 * // "import(\"file:///app/node_modules/offline-rl/dist/train-worker.js\");"
 * const worker = new Worker(code, { eval: true, workerData: setup });
 * ```
 */
export async function trainWorkerBootstrap(moduleUrl?: string): Promise<string> {
  const { existsSync } = await import('node:fs');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  // CommonJS has the exact path (tsup's `import.meta.url` shim does not escape '#', '%' or '?').
  const here = moduleUrl !== undefined ? new URL(moduleUrl) : typeof __filename === 'string' ? pathToFileURL(__filename) : new URL(import.meta.url);
  if (here.protocol !== 'file:') {
    throw new Error(`trainMany: offline-rl was loaded from ${here.href}; its worker threads need the package on the file system (Node)`);
  }
  const extension = /\.[cm]?[jt]s$/.exec(here.pathname)?.[0] ?? '.js';
  const entry = new URL(`./${TRAIN_WORKER_NAME}${extension}`, here);
  if (!existsSync(entry)) {
    throw new Error(
      `trainMany: the worker script ${fileURLToPath(entry)} is missing next to ${fileURLToPath(here)}. ` +
        'If offline-rl was bundled into your application, keep it external (a dependency loaded from node_modules) ' +
        `or ship offline-rl's dist/${TRAIN_WORKER_NAME}${extension} beside the bundle.`,
    );
  }
  const load = `import(${JSON.stringify(entry.href)})`;
  if (!extension.endsWith('ts')) return `${load};`;
  // TypeScript sources: register tsx's ESM hooks in this worker thread first.
  const tsx = await tsxApiUrl(here);
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return ${load}; });`;
}

/** URL of `tsx/esm/api` (its ESM build), resolved from `from` through tsx's own `exports`. */
async function tsxApiUrl(from: URL): Promise<string> {
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  let manifest: string;
  try {
    manifest = createRequire(from).resolve('tsx/package.json');
  } catch {
    throw new Error(
      'trainMany: offline-rl is running from its TypeScript sources, and its worker threads load them with tsx, which is not installed (npm install -D tsx); or use the built package',
    );
  }
  const exportsMap = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<string, { import?: { default?: string } } | string>;
  const api = exportsMap['./esm/api'];
  const file = typeof api === 'object' ? api.import?.default : undefined;
  if (!file) throw new Error(`trainMany: ${manifest} has no ESM export './esm/api' (tsx 4 is needed to run offline-rl's sources in worker threads)`);
  return new URL(file, pathToFileURL(manifest)).href;
}
