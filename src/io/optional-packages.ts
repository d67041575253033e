import type * as H5Wasm from 'h5wasm/node';
import type * as Fflate from 'fflate';

/** The h5wasm module (its Node build), once loaded and initialised. */
export type H5 = typeof H5Wasm;
/** The fflate module. */
export type Zip = typeof Fflate;

function isMissingPackage(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    e.message.includes(name)
  );
}

function missing(name: string, what: string): Error {
  return new Error(
    `offline-rl/io: ${what} needs the optional package '${name}', which is not installed. ` +
      `Install it next to offline-rl: npm install ${name}`,
  );
}

let h5: Promise<H5> | undefined;

/**
 * Loads h5wasm's Node build (ESM) on first use and waits for its WebAssembly module.
 *
 * @param what - what needs it, for the error message (`'reading D4RL files'`).
 * @throws Error saying `npm install h5wasm` when the optional package is not installed.
 * @example
 * ```ts
 * const h5wasm = await loadH5wasm('reading D4RL files');
 * const file = new h5wasm.File(path, 'r');
 * ```
 * @internal
 */
export async function loadH5wasm(what: string): Promise<H5> {
  h5 ??= (async () => {
    const module = await import('h5wasm/node');
    await module.ready;
    return module;
  })();
  try {
    return await h5;
  } catch (error) {
    h5 = undefined;
    if (isMissingPackage(error, 'h5wasm')) throw missing('h5wasm', what);
    throw error;
  }
}

/**
 * Loads fflate (zip archives: `.npz` files) on first use.
 *
 * @param what - what needs it, for the error message (`'reading .npz files'`).
 * @throws Error saying `npm install fflate` when the optional package is not installed.
 * @example
 * ```ts
 * const { unzipSync } = await loadFflate('reading .npz files');
 * ```
 * @internal
 */
export async function loadFflate(what: string): Promise<Zip> {
  try {
    return await import('fflate');
  } catch (error) {
    if (isMissingPackage(error, 'fflate')) throw missing('fflate', what);
    throw error;
  }
}
