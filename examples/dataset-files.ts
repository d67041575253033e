/**
 * Dataset files: `npx tsx examples/dataset-files.ts` (needs the optional packages h5wasm and fflate).
 *
 * Writes one dataset — the two-step chain's log, with its reference scores as metadata — as a D4RL
 * HDF5 file, a Minari dataset folder and an OGBench `.npz`, reads each back with `loadDataset`,
 * checks the rows survived, trains IQL briefly on what was read, and scores the agent with the
 * reference returns the file carried.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, envs, evaluate, trainIQL, useBackend } from 'offline-rl';
import { loadDataset, saveDataset } from 'offline-rl/io';

const env = envs.twoStepChain();
const dataset = createDataset({
  ...envs.twoStepChainDataset({ episodes: 200, seed: 0 }),
  metadata: { datasetId: 'two-step-chain-v0', referenceScores: env.referenceScores },
});
await useBackend('auto');
const dir = await mkdtemp(join(tmpdir(), 'offline-rl-files-'));
try {
  for (const [format, name] of [['d4rl', 'chain.hdf5'], ['minari', 'two-step-chain-v0'], ['npz', 'chain.npz']] as const) {
    const path = join(dir, name);
    const written = await saveDataset(dataset, path, { format });
    // D4RL and npz files record no action space: say it is discrete. Minari's metadata.json has it.
    const loaded = await loadDataset(path, format === 'minari' ? {} : { actionSpace: dataset.actionSpace });
    const same = loaded.size === dataset.size && loaded.rewards.every((r, i) => r === dataset.rewards[i]);
    const agent = await trainIQL(loaded, { expectile: 0.9, discount: 1, steps: 300, hiddenDims: [32, 32], learningRate: 1e-3, batchSize: 128, seed: 0 });
    const result = await evaluate(agent, env, { episodes: 5, referenceScores: loaded.metadata?.referenceScores });
    console.log(
      `${format.padEnd(6)} ${written.rows} rows, ${written.episodes} episodes → read back ${loaded.size} rows, same rows ${same}, ` +
        `id ${loaded.metadata?.datasetId}; IQL return ${result.mean.toFixed(1)}, normalized score ${result.normalizedScore?.toFixed(1)}`,
    );
    agent.dispose();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
