/**
 * Entry of the browser test page: imports offline-rl by its package name as an application would,
 * selects the wasm backend, trains IQL on the two-step chain and reports through `window`.
 */
import * as tf from '@tensorflow/tfjs'; // the union package registers the gradients
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createDataset, envs, prepareGemmKernels, trainIQL, useBackend } from 'offline-rl';
import { BROWSER_IQL, WASM_PREFIX, type BrowserResult } from './protocol';

const S0 = [1, 0, 0];
const S1 = [0, 1, 0];
const S2 = [0, 0, 1];

/**
 * Trains IQL on the two-step chain in the page and returns what the test asserts.
 *
 * @returns the backend, the learned values and the closed-form V(s1).
 */
export async function trainInPage(): Promise<BrowserResult> {
  setWasmPaths(new URL(WASM_PREFIX, location.href).href);
  const backend = await useBackend('wasm');
  const gemmKernel = await prepareGemmKernels();
  const t0 = performance.now();
  const dataset = createDataset(envs.twoStepChainDataset({ episodes: BROWSER_IQL.episodes, seed: BROWSER_IQL.datasetSeed }));
  const agent = await trainIQL(dataset, { ...BROWSER_IQL.config, hiddenDims: [...BROWSER_IQL.config.hiddenDims] });
  const ms = performance.now() - t0;
  const [v0, v1, v2] = agent.value([S0, S1, S2]);
  const [actAtS0] = agent.act([S0]) as number[];
  agent.dispose();
  const expected = envs.twoStepChainValues(BROWSER_IQL.config.expectile).vS1;
  return { backend, tfBackend: tf.getBackend(), gemmKernel, v0, v1, v2, expected, actAtS0, ms };
}

trainInPage().then(
  (result) => {
    window.__result = result;
  },
  (error: unknown) => {
    window.__error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  },
);
