import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../../src/backend/use-backend';

/** Backends every numeric test runs on. */
export const TEST_BACKENDS: BackendName[] = ['cpu', 'wasm'];

/** Selects a backend for a test file (call in beforeAll). Silences the tfjs Node banner. */
export async function setTestBackend(name: BackendName): Promise<void> {
  tf.env().set('IS_TEST', true);
  await useBackend(name);
}
