import { writeFile } from 'node:fs/promises';
import type { Dataset } from 'offline-rl';
import { writeNpy } from './npy';
import { loadFflate } from './optional-packages';
import type { SaveDatasetOptions } from './save-options';
import { writtenColumns } from './save-columns';

/**
 * Writes an OGBench-style `.npz` at `tmp` (see `saveDataset`), stored uncompressed like `numpy.savez`:
 * float32 `observations`, `actions`, `rewards`, `terminals` (1 at every episode's last row),
 * `masks` (0 at true terminals), `next_observations` when every row's next observation is known,
 * and the scalars `dataset_id`, `ref_min_score`, `ref_max_score` when known.
 *
 * @example
 * ```ts
 * await writeNpz(dataset, 'out.npz.tmp', {});
 * ```
 * @internal
 */
export async function writeNpz(dataset: Dataset, tmp: string, options: SaveDatasetOptions): Promise<void> {
  const { zipSync } = await loadFflate('writing .npz files');
  const { terminals, episodeEnds, allNextKnown } = writtenColumns(dataset);
  const { size, observationDim, actionDim } = dataset;
  const masks = new Float32Array(size);
  for (let i = 0; i < size; i++) masks[i] = terminals[i] === 1 ? 0 : 1;
  const members: Record<string, Uint8Array> = {
    'observations.npy': writeNpy(dataset.observations, [size, observationDim]),
    'actions.npy': writeNpy(dataset.actions, [size, actionDim]),
    'rewards.npy': writeNpy(dataset.rewards, [size]),
    'terminals.npy': writeNpy(Float32Array.from(episodeEnds), [size]),
    'masks.npy': writeNpy(masks, [size]),
  };
  if (allNextKnown) members['next_observations.npy'] = writeNpy(dataset.nextObservations, [size, observationDim]);
  const datasetId = options.datasetId ?? dataset.metadata?.datasetId;
  if (datasetId !== undefined) members['dataset_id.npy'] = writeNpy(datasetId, []);
  const ref = dataset.metadata?.referenceScores;
  if (ref !== undefined) {
    members['ref_min_score.npy'] = writeNpy(new Float64Array([ref.min]), []);
    members['ref_max_score.npy'] = writeNpy(new Float64Array([ref.max]), []);
  }
  await writeFile(tmp, zipSync(members, { level: 0 }));
}
