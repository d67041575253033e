import type { Dataset } from 'offline-rl';
import { writeHdf5 } from './hdf5-writer';
import type { SaveDatasetOptions } from './save-options';
import { writtenColumns } from './save-columns';

/**
 * Writes a D4RL-style HDF5 file at `tmp` (see `saveDataset`): float32 `observations`, `actions`,
 * `rewards`, uint8 `terminals` / `timeouts`, `next_observations` when every row's next observation
 * is known, and the root attributes `dataset_id`, `ref_min_score`, `ref_max_score` when known.
 *
 * @example
 * ```ts
 * await writeD4rl(dataset, 'out.hdf5.tmp', {});
 * ```
 * @internal
 */
export async function writeD4rl(dataset: Dataset, tmp: string, options: SaveDatasetOptions): Promise<void> {
  const { terminals, timeouts, allNextKnown } = writtenColumns(dataset);
  const { size, observationDim, actionDim } = dataset;
  const datasetId = options.datasetId ?? dataset.metadata?.datasetId;
  const ref = dataset.metadata?.referenceScores;
  await writeHdf5(tmp, 'writing D4RL files', false, (file) => {
    file.create_dataset({ name: 'observations', data: dataset.observations, shape: [size, observationDim] });
    file.create_dataset({ name: 'actions', data: dataset.actions, shape: [size, actionDim] });
    file.create_dataset({ name: 'rewards', data: dataset.rewards, shape: [size] });
    // h5wasm cannot write HDF5's boolean enum (h5py's bool); 0/1 bytes read back as uint8.
    file.create_dataset({ name: 'terminals', data: terminals, shape: [size], dtype: '<B' });
    file.create_dataset({ name: 'timeouts', data: timeouts, shape: [size], dtype: '<B' });
    if (allNextKnown) {
      file.create_dataset({ name: 'next_observations', data: dataset.nextObservations, shape: [size, observationDim] });
    }
    if (datasetId !== undefined) file.create_attribute('dataset_id', datasetId);
    if (ref !== undefined) {
      file.create_attribute('ref_min_score', new Float64Array([ref.min]), []);
      file.create_attribute('ref_max_score', new Float64Array([ref.max]), []);
    }
  });
}
