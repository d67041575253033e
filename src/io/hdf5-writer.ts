import type { File as H5File } from 'h5wasm/node';
import { loadH5wasm } from './optional-packages';

/**
 * Creates an HDF5 file, runs `write`, and closes the file on every path.
 *
 * @param trackOrder - keep the creation order of groups and attributes (Minari opens its file with `track_order=True`).
 * @example
 * ```ts
 * await writeHdf5(tmp, 'writing D4RL files', false, (file) => file.create_dataset({ name: 'rewards', data: rewards }));
 * ```
 * @internal
 */
export async function writeHdf5(path: string, what: string, trackOrder: boolean, write: (file: H5File) => void): Promise<void> {
  const h5 = await loadH5wasm(what);
  const file = new h5.File(path, 'w', { track_order: trackOrder });
  if (file.file_id < 0n) throw new Error('HDF5 could not create the file');
  try {
    write(file);
  } finally {
    file.close();
  }
}
