import { rename, rm, stat } from 'node:fs/promises';

/** A sibling temporary name for `path`: same folder, so the final rename never crosses file systems. */
export function temporaryName(path: string): string {
  return `${path}.${process.pid}.${Date.now()}.tmp`;
}

/**
 * Writes `path` through a temporary sibling and a rename: `write(tmp)` creates the file or folder
 * `tmp`; only when it succeeds does `tmp` take `path`'s place (an existing file or folder there is
 * replaced only then). On any error the temporary is removed and `path` is left as it was.
 *
 * @example
 * ```ts
 * await writeAtomically('out.npz', async (tmp) => writeFile(tmp, bytes));
 * ```
 * @internal
 */
export async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = temporaryName(path);
  try {
    await write(tmp);
    const existing = await stat(path).catch(() => null);
    if (existing?.isDirectory()) {
      // rename() cannot replace a non-empty folder: move the old one aside first, drop it after.
      const old = `${tmp}.old`;
      await rename(path, old);
      try {
        await rename(tmp, path);
      } catch (error) {
        await rename(old, path);
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, path);
    }
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
