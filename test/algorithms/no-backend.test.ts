/**
 * Defect 8: creating a trainer before any backend exists used to fail with tfjs's raw "No backend
 * found in registry". This file selects no backend (each test file runs in its own process).
 */
import { describe, expect, it } from 'vitest';
import { createTrainer } from '../../src/algorithms';
import { createDataset } from '../../src/data';
import { continuousDataset } from '../algos/fixtures';

describe('createTrainer without a backend', () => {
  it('says what to do instead of failing inside TensorFlow.js', () => {
    const dataset = createDataset(continuousDataset(20, 1));
    expect(() => createTrainer('bc', dataset, { hiddenDims: [4], steps: 1 })).toThrow(/trainBC: no TensorFlow\.js backend is ready; `await useBackend\(\)`/);
  });
});
