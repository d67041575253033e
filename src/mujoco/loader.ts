import type { MainModule } from '@mujoco/mujoco';

/**
 * The loaded MuJoCo WebAssembly module of `@mujoco/mujoco` (what its default export resolves to).
 *
 * @example
 * ```ts
 * const mujoco: MujocoModule = await loadMujoco();
 * const model = mujoco.MjModel.from_xml_string(HOPPER_XML);
 * model.delete();
 * ```
 */
export type MujocoModule = MainModule;

/** What a missing `@mujoco/mujoco` is reported as. */
const INSTALL_HINT =
  'offline-rl/mujoco: the MuJoCo environments need the optional package @mujoco/mujoco (the official ' +
  'MuJoCo WebAssembly build, ~22 MB), which is not installed. Install it next to offline-rl: ' +
  '`npm install @mujoco/mujoco`';

/** Codes with which Node and bundlers' runtimes report a package that cannot be found. */
const NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Whether `error` (thrown by a dynamic `import()`) says that `specifier` itself could not be found,
 * as opposed to an error inside the package.
 */
function isMissingPackage(error: unknown, specifier: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) return text.includes(specifier);
  // Browsers: "Failed to resolve module specifier '@mujoco/mujoco'" (TypeError, no code).
  return /failed to resolve module specifier|cannot find (module|package)/i.test(text) && text.includes(specifier);
}

/**
 * The package specifier of MuJoCo's WebAssembly build, the optional peer dependency.
 *
 * @example
 * ```ts
 * console.log(`npm install ${MUJOCO_PACKAGE}`);
 * ```
 */
export const MUJOCO_PACKAGE = '@mujoco/mujoco';

/**
 * Load the MuJoCo module through `importer` (a dynamic import of `@mujoco/mujoco`) and instantiate
 * its WebAssembly. When the package is missing, rejects with an Error that says to install it
 * (the import's error as `cause`); other failures pass through unchanged.
 *
 * @param importer - returns the package's namespace (with the module factory as `default`).
 * @param specifier - the package name that `importer` loads, looked for in "not found" errors.
 * @example
 * ```ts
 * const mujoco = await loadMujocoWith(() => import('@mujoco/mujoco'));
 * ```
 */
export async function loadMujocoWith(
  importer: () => Promise<{ default: () => Promise<MujocoModule> }>,
  specifier: string = MUJOCO_PACKAGE,
): Promise<MujocoModule> {
  let namespace: { default: () => Promise<MujocoModule> };
  try {
    namespace = await importer();
  } catch (error) {
    if (isMissingPackage(error, specifier)) throw new Error(INSTALL_HINT, { cause: error });
    throw error;
  }
  if (typeof namespace?.default !== 'function') {
    throw new Error(`offline-rl/mujoco: ${specifier} has no default export (the module factory)`);
  }
  return namespace.default();
}

/**
 * Imports a package by a computed name: bundlers leave it alone (a browser bundle of
 * `offline-rl/mujoco` builds without `@mujoco/mujoco`, whose Node-only branches some bundlers
 * cannot resolve), and the CommonJS build keeps a real `import()` (the package is ESM only).
 */
function importByName(specifier: string): Promise<{ default: () => Promise<MujocoModule> }> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<{ default: () => Promise<MujocoModule> }>;
}

let shared: Promise<MujocoModule> | undefined;

/**
 * The MuJoCo WebAssembly module, loaded once per process (or page) and shared by every environment
 * made without an explicit `mujoco` option. Loading takes ~0.4 s in Node. A failed load is not
 * cached: the next call tries again.
 *
 * In browsers the package is imported by name at run time, which a page can resolve only through an
 * import map. Usually, load the module in your own code, where your bundler sees it, and pass it as
 * the `mujoco` option of the environment factories:
 * `import load from '@mujoco/mujoco'; const mujoco = await load({ locateFile: () => wasmUrl });`
 * (`mujoco.wasm` must be served; esbuild needs `--external:module` for the package's Node branch).
 *
 * @throws Error (rejects) saying to `npm install @mujoco/mujoco` when the package is not installed.
 * @example
 * ```ts
 * const mujoco = await loadMujoco();
 * const env = await hopper({ mujoco }); // same as await hopper()
 * ```
 */
export function loadMujoco(): Promise<MujocoModule> {
  if (shared === undefined) {
    const loading = loadMujocoWith(() => importByName(MUJOCO_PACKAGE));
    shared = loading;
    loading.catch(() => {
      if (shared === loading) shared = undefined;
    });
  }
  return shared;
}
