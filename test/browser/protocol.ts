/**
 * What the browser page (page.ts) trains and what it reports back to the test (browser.test.ts)
 * through `window`. Shared by both sides so the test asserts against the same settings the page used.
 */

/**
 * IQL on the two-step chain as test/algos/iql-toy.test.ts trains it in Node (same dataset, network,
 * learning rate, batch and seed), with fewer steps: V(s1) is within 0.05 of the fixed point after
 * 1000 steps there, so 1500 keep the run to a few seconds and the Node test's tolerances still hold.
 */
export const BROWSER_IQL = {
  episodes: 1000,
  datasetSeed: 1,
  config: { hiddenDims: [32, 32], learningRate: 1e-3, batchSize: 256, logInterval: 500, expectile: 0.7, discount: 1, steps: 1500, seed: 0 },
} as const;

/** Path under which the server exposes the tfjs wasm binaries (`setWasmPaths` prefix). */
export const WASM_PREFIX = '/wasm/';

/** What the page sets as `window.__result` when training succeeded. */
export interface BrowserResult {
  /** `useBackend('wasm')`'s answer. */
  backend: string;
  /** `tf.getBackend()` after training (the backend the ops actually ran on). */
  tfBackend: string;
  /** Whether offline-rl's own WebAssembly GEMM kernel is prepared on the active backend. */
  gemmKernel: boolean;
  /** The trained agent's V(s0), V(s1), V(s2). */
  v0: number;
  v1: number;
  v2: number;
  /** The closed-form V(s1) = 10(2τ − 1) from `envs.twoStepChainValues`. */
  expected: number;
  /** Greedy action at s0 (0 = up). */
  actAtS0: number;
  /** Wall time of dataset creation and training, in ms. */
  ms: number;
}

declare global {
  interface Window {
    /** Set by the page when training finished. */
    __result?: BrowserResult;
    /** Set by the page when anything threw: the error's message and stack. */
    __error?: string;
  }
}
