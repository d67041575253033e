import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { importSharedMemory, MAX_WASM32_PAGES, withSharedWasmHeap } from '../../src/backend/shared-wasm-heap';
import { useBackend } from '../../src/backend/use-backend';

const require = createRequire(import.meta.url);
const tfjsWasm = readFileSync(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), 'tfjs-backend-wasm-simd.wasm'));

/** A module (hand-assembled) that defines a 2-page memory and exports it with a function storing 7 at 0. */
const TINY = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () → ()
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x05, 0x03, 0x01, 0x00, 0x02, // memory: min 2 pages
  0x07, 0x0d, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x03, 0x73, 0x65, 0x74, 0x00, 0x00, // exports "mem", "set"
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0x41, 0x07, 0x36, 0x02, 0x00, 0x0b, // i32.store(0, 7)
]);

describe('importSharedMemory', () => {
  it('turns a defined memory into an imported shared one, adding an import section where there was none', async () => {
    expect(WebAssembly.validate(TINY)).toBe(true);
    const { bytes, initialPages } = importSharedMemory(TINY);
    expect(initialPages).toBe(2);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_WASM32_PAGES, shared: true });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    (instance.exports.set as () => void)();
    expect(new Int32Array(memory.buffer)[0]).toBe(7);
    expect(instance.exports.mem).toBe(memory);
  });

  it('copies sections whose sizes are written in padded LEB128 as they are', () => {
    // TINY with its type section's size (4) written in five bytes, as some toolchains leave it.
    const padded = new Uint8Array([...TINY.subarray(0, 9), 0x84, 0x80, 0x80, 0x80, 0x00, ...TINY.subarray(10)]);
    expect(WebAssembly.validate(padded)).toBe(true);
    const { bytes } = importSharedMemory(padded);
    const memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_WASM32_PAGES, shared: true });
    (new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.set as () => void)();
    expect(new Int32Array(memory.buffer)[0]).toBe(7);
  });

  it('keeps the tfjs wasm module’s other imports and exports', () => {
    const before = new WebAssembly.Module(tfjsWasm);
    const { bytes, initialPages } = importSharedMemory(tfjsWasm);
    const after = new WebAssembly.Module(bytes);
    expect(initialPages).toBe(256);
    expect(WebAssembly.Module.imports(after)).toEqual([...WebAssembly.Module.imports(before), { module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(after)).toEqual(WebAssembly.Module.exports(before));
  });

  it('refuses bytes that are not a module with one defined memory', () => {
    expect(() => importSharedMemory(new Uint8Array([1, 2, 3]))).toThrow(/not a WebAssembly module/);
    const noMemory = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(() => importSharedMemory(noMemory)).toThrow(/defines no memory/);
    const { bytes } = importSharedMemory(TINY);
    expect(() => importSharedMemory(bytes)).toThrow(/defines no memory/);
  });
});

describe('withSharedWasmHeap', () => {
  it('passes other instantiations through and puts WebAssembly.instantiate back', async () => {
    const original = WebAssembly.instantiate;
    const { value, memory } = await withSharedWasmHeap(async () => {
      const { instance } = await WebAssembly.instantiate(TINY, {});
      return instance.exports.mem;
    });
    expect(memory).toBeNull();
    expect(value).toBeInstanceOf(WebAssembly.Memory);
    expect(WebAssembly.instantiate).toBe(original);
  });

  it('loads the tfjs wasm backend on a shared heap through useBackend, which then computes as before', async () => {
    const original = WebAssembly.instantiate;
    await useBackend('wasm');
    expect(WebAssembly.instantiate).toBe(original);
    const wasm = (tf.backend() as unknown as { wasm: { HEAPF32: Float32Array } }).wasm;
    expect(wasm.HEAPF32.buffer).toBeInstanceOf(SharedArrayBuffer);
    // tfjs's own kernels on the shared heap, against values computed by hand; then a tensor large
    // enough to grow the heap, and reads after the growth.
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([1, 0, -1, 2, 0.5, 1], [3, 2]);
    expect(Array.from(tf.matMul(a, b).dataSync())).toEqual([0.5, 7, 2, 16]);
    const pages = wasm.HEAPF32.buffer.byteLength / 65536;
    const big = tf.fill([64, 1024, 1024], 2);
    expect(wasm.HEAPF32.buffer.byteLength / 65536).toBeGreaterThan(pages);
    expect(tf.sum(tf.slice(big, [63, 1023, 0], [1, 1, 8])).dataSync()[0]).toBe(16);
    expect(Array.from(tf.relu(tf.tensor1d([-1, 2])).dataSync())).toEqual([0, 2]);
    // Reads give plain (unshared) arrays.
    expect(a.dataSync().buffer).toBeInstanceOf(ArrayBuffer);
    tf.dispose([a, b, big]);
  });
});
