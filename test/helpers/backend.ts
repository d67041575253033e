import { useBackend, type BackendName } from '../../src/backend/use-backend';

/** Backends every numeric test runs on. */
export const TEST_BACKENDS: BackendName[] = ['cpu', 'wasm'];

/**
 * Selects a backend for a test file (call in beforeAll). tfjs's `IS_TEST` flag is left off: its
 * per-kernel leak check counts the tensors every `tf.customGrad` saves for backprop as leaks on wasm.
 * Leaks are tested explicitly with `tf.memory().numTensors`.
 */
export async function setTestBackend(name: BackendName): Promise<void> {
  await useBackend(name);
}
