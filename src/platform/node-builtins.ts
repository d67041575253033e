import type * as FsPromises from 'node:fs/promises';

/** The part of Node's `process` this module reads; absent in browsers. */
interface NodeProcessLike {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * A Node built-in module by id (`'node:worker_threads'`, `'node:os'`, …) through
 * `process.getBuiltinModule` (Node ≥ 20.16), or `undefined` outside Node. No `import` statement is
 * involved, so bundlers never see the module.
 *
 * @example
 * ```ts
 * const os = nodeBuiltin<typeof import('node:os')>('node:os');
 * const cores = os?.availableParallelism() ?? 1;
 * ```
 */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: NodeProcessLike }).process;
  return typeof proc?.getBuiltinModule === 'function' ? (proc.getBuiltinModule(id) as T | undefined) : undefined;
}

/**
 * Node's `fs/promises`, reached through `process.getBuiltinModule` (Node ≥ 20.16) rather than an
 * `import`: the core entry contains no `import('node:…')`, so browser bundlers (esbuild, Vite,
 * webpack) bundle it with no configuration, and the file system is only touched when a method that
 * needs it (`agent.save(path)`, `loadAgent(path)`, checkpoints) runs in Node.
 *
 * @param what - what needs the file system, for the error message (e.g. `'loadAgent'`).
 * @throws Error outside Node (or on a Node older than 20.16), saying what to use instead.
 * @example
 * ```ts
 * const fs = nodeFs('agent.save');
 * await fs.writeFile(path, text, 'utf8');
 * ```
 */
export function nodeFs(what: string): typeof FsPromises {
  const fs = nodeBuiltin<typeof FsPromises>('node:fs/promises');
  if (!fs) {
    throw new Error(
      `${what}: files need Node.js ≥ 20.16 (process.getBuiltinModule); in a browser use agent.toJSON() / agentFromJSON() and store the JSON yourself`,
    );
  }
  return fs;
}

/**
 * Writes text (UTF-8) or bytes to `path` through a temporary file in the same folder and a rename, so a crash never
 * leaves a half-written file under `path` (and an existing file there stays intact until the new one
 * is complete). Node only.
 *
 * @example
 * ```ts
 * await writeFileAtomic('agent.json', text);
 * ```
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array, what = 'writeFileAtomic'): Promise<void> {
  const fs = nodeFs(what);
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  const tmp = `${path}.${pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, text, typeof text === 'string' ? 'utf8' : undefined);
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
