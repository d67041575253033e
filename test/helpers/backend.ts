import { useBackend, type BackendName } from '../../src/backend/use-backend';
import { setGemmThreads } from '../../src/backend/wasm-kernels/gemm-kernels';

/** Backends every numeric test runs on. */
export const TEST_BACKENDS: BackendName[] = ['cpu', 'wasm'];

/**
 * Selects a backend for a test file (call in beforeAll). tfjs's `IS_TEST` flag is left off: its
 * per-kernel leak check counts the tensors every `tf.customGrad` saves for backprop as leaks on wasm.
 * Leaks are tested explicitly with `tf.memory().numTensors`.
 *
 * Products run on one thread: vitest runs test files in parallel processes, and a GEMM helper thread
 * per process would only compete for the same cores. test/backend/gemm.test.ts checks that two
 * threads give bit-identical results.
 */
export async function setTestBackend(name: BackendName): Promise<void> {
  await useBackend(name);
  await setGemmThreads(1);
}
