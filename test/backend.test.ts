import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../src/backend/use-backend';

describe('useBackend', () => {
  it('selects wasm and cpu by name, registers gradients, and auto picks wasm without tfjs-node', async () => {
    expect(await useBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.getGradient('Sum')).toBeDefined();
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(await useBackend('auto')).toBe('wasm');
  });

  it('rejects unknown names and reports a missing tfjs-node with the package to install', async () => {
    await expect(useBackend('gpu' as never)).rejects.toThrow(/unknown backend 'gpu'/);
    await expect(useBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node/);
  });
});
