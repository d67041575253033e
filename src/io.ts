/**
 * `offline-rl/io`: dataset files in Node — {@link loadDataset} reads D4RL HDF5 files, Minari
 * dataset folders and OGBench-style `.npz` archives into a `Dataset`; {@link saveDataset} writes
 * them. Kept out of the core entry so that `import … from 'offline-rl'` never loads an HDF5 library
 * and bundles for browsers. HDF5 needs the optional package `h5wasm`, `.npz` needs `fflate`
 * (`npm install h5wasm fflate`); a clear error says which is missing.
 *
 * @example
 * ```ts
 * import { trainIQL } from 'offline-rl';
 * import { loadDataset } from 'offline-rl/io';
 * const agent = await trainIQL(await loadDataset('hopper_medium-v2.hdf5'), { preset: 'locomotion' });
 * ```
 *
 * @packageDocumentation
 */
export * from './io/index';
