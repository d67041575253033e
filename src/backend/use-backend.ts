import * as tf from '@tensorflow/tfjs-core';
import { registerFusedKernels } from './fused-kernels';
import { withSharedWasmHeap } from './shared-wasm-heap';
import { prepareGemmKernels } from './wasm-kernels/gemm-kernels';

/**
 * Backend names accepted by {@link useBackend}.
 *
 * @example
 * ```ts
 * await useBackend('auto' satisfies BackendChoice);
 * ```
 */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/**
 * The concrete backends {@link useBackend} can select.
 *
 * @example
 * ```ts
 * const name: BackendName = await useBackend();
 * ```
 */
export type BackendName = Exclude<BackendChoice, 'auto'>;

const GRADIENT_HELP =
  'offline-rl needs TensorFlow.js gradients, which @tensorflow/tfjs-core alone does not register in Node. ' +
  'Install and import the union package before training: `npm install @tensorflow/tfjs` and ' +
  "`import '@tensorflow/tfjs'` (or use `@tensorflow/tfjs-node`, which brings it in).";

/**
 * Imports an optional package by a computed name, so bundlers do not try to resolve packages the user
 * did not install. Returns false when the package cannot be loaded (missing, or its native part absent).
 */
async function tryImport(specifier: string): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure gradient functions are registered. In Node, `@tensorflow/tfjs-core` alone registers none;
 * the union package `@tensorflow/tfjs` does. When gradients are missing this imports the union package
 * if it is installed, and otherwise throws an error saying what to install.
 *
 * @throws Error when no gradient for `Sum` is registered and `@tensorflow/tfjs` cannot be imported.
 * @example
 * ```ts
 * await ensureGradients(); // now tf.variableGrads works
 * ```
 */
export async function ensureGradients(): Promise<void> {
  if (tf.getGradient('Sum')) return;
  await tryImport('@tensorflow/tfjs');
  if (!tf.getGradient('Sum')) throw new Error(GRADIENT_HELP);
}

async function activate(name: BackendName): Promise<boolean> {
  if (!tf.findBackendFactory(name)) {
    const pkg = {
      tensorflow: '@tensorflow/tfjs-node',
      wasm: '@tensorflow/tfjs-backend-wasm',
      cpu: '@tensorflow/tfjs-backend-cpu',
    }[name];
    if (!(await tryImport(pkg))) return false;
    if (!tf.findBackendFactory(name)) return false;
  }
  try {
    // In Node, the wasm backend is loaded on a shared memory, so the GEMM helper thread can compute
    // on its tensors in place (see shared-wasm-heap). A backend already initialised keeps its heap.
    if (name === 'wasm' && isNode()) return (await withSharedWasmHeap(() => tf.setBackend(name))).value;
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * The cpu backend prints a banner ("looks like you are running TensorFlow.js in Node.js … install
 * our node backend") on its first tensor in Node. offline-rl picks cpu only when asked to (or as
 * the last fallback of 'auto'), so the banner is noise in the user's output (and in a command
 * line's): mark the backend as already used. `firstUse` is the flag tfjs-backend-cpu 4.x checks;
 * on a version without it this does nothing.
 */
function silenceCpuBanner(): void {
  if (tf.getBackend() !== 'cpu') return;
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backend.firstUse === true) backend.firstUse = false;
}

let chosen: BackendName | null = null;

/**
 * Selects the TensorFlow.js backend offline-rl trains on and returns the name chosen.
 *
 * - `'auto'` (default) tries `tensorflow` (tfjs-node, when it can be imported), then `wasm`, then `cpu`.
 * - `'tensorflow'`, `'wasm'`, `'cpu'` select that backend or throw, naming the package to install.
 *
 * Backend packages are optional peers: the one asked for is imported on demand, and in Node the wasm
 * binaries are found inside `@tensorflow/tfjs-backend-wasm` itself. In a browser bundle, import the
 * backend package yourself (for example `import '@tensorflow/tfjs-backend-wasm'`) before calling this.
 * Trainers call `useBackend('auto')` when no backend has been initialised yet.
 *
 * @example
 * ```ts
 * import { useBackend } from 'offline-rl';
 * const name = await useBackend('wasm'); // 'wasm'
 * ```
 */
export async function useBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  const valid: BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
  if (!valid.includes(choice)) {
    throw new RangeError(`useBackend: unknown backend '${String(choice)}'; expected one of ${valid.join(', ')}`);
  }
  await ensureGradients();
  registerFusedKernels();
  const order: BackendName[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    if (await activate(name)) {
      await tf.ready();
      silenceCpuBanner();
      await prepareGemmKernels();
      chosen = name;
      return name;
    }
  }
  if (choice === 'auto') throw new Error('useBackend: no TensorFlow.js backend could be initialised (tried tensorflow, wasm, cpu)');
  const pkg = { tensorflow: '@tensorflow/tfjs-node', wasm: '@tensorflow/tfjs-backend-wasm', cpu: '@tensorflow/tfjs-backend-cpu' }[choice];
  throw new Error(`useBackend: backend '${choice}' is not available; install and import ${pkg}`);
}

/**
 * Called by the trainers: registers gradients and, when no backend is active yet, selects one with
 * `useBackend('auto')`. A backend the user already set (`tf.setBackend`) is kept.
 *
 * @returns the active backend's name.
 * @example
 * ```ts
 * const backend = await ensureBackend();
 * ```
 */
export async function ensureBackend(): Promise<string> {
  await ensureGradients();
  registerFusedKernels();
  const active = (tf.engine() as unknown as { backendName: string | null }).backendName;
  if (chosen === null && active == null) return useBackend('auto');
  await tf.ready();
  silenceCpuBanner();
  await prepareGemmKernels();
  return tf.getBackend();
}
