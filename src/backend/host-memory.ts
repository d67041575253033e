import * as tf from '@tensorflow/tfjs-core';

/**
 * Backends whose float32 tensors live in memory JavaScript can read and write directly: the wasm
 * heap and the cpu backend's typed arrays. The fused kernels of offline-rl are written for them.
 *
 * @example
 * ```ts
 * HOST_MEMORY_BACKENDS.includes('wasm'); // true
 * ```
 */
export const HOST_MEMORY_BACKENDS = ['wasm', 'cpu'] as const;

/**
 * One of {@link HOST_MEMORY_BACKENDS}.
 *
 * @example
 * ```ts
 * const name: HostMemoryBackend = 'cpu';
 * ```
 */
export type HostMemoryBackend = (typeof HOST_MEMORY_BACKENDS)[number];

/** The slice of the wasm backend's API the kernels use. */
interface WasmLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** The slice of the cpu backend's API the kernels use. */
interface CpuLike {
  data: { get(dataId: tf.DataId): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/**
 * Host views of a kernel's float32 inputs, and new float32 outputs of the given shapes with their
 * views. On wasm the outputs are allocated first: an allocation may grow the heap, which detaches
 * views taken earlier; take no other allocation while using the views.
 *
 * @example
 * ```ts
 * const { ins, outs, infos } = hostViews('wasm', backend, [x], [[], x.shape]);
 * outs[1].set(ins[0]); // copy x into the second output
 * return infos;
 * ```
 */
export function hostViews(
  backendName: HostMemoryBackend,
  backend: unknown,
  inputs: tf.TensorInfo[],
  outputShapes: number[][],
): { ins: Float32Array[]; outs: Float32Array[]; infos: tf.TensorInfo[] } {
  if (backendName === 'wasm') {
    const b = backend as WasmLike;
    const infos = outputShapes.map((shape) => b.makeOutput([...shape], 'float32'));
    return { ins: inputs.map((t) => b.typedArrayFromHeap(t)), outs: infos.map((t) => b.typedArrayFromHeap(t)), infos };
  }
  const b = backend as CpuLike;
  const outs = outputShapes.map((shape) => new Float32Array(tf.util.sizeFromShape(shape)));
  return { ins: inputs.map((t) => b.data.get(t.dataId).values), outs, infos: outs.map((o, i) => b.makeTensorInfo([...outputShapes[i]], 'float32', o)) };
}

/**
 * The inputs `name0, name1, …` (for each index, every name in `names`) of a kernel that takes a
 * variable number of tensors, in order.
 *
 * @example
 * ```ts
 * numbered(inputs, ['param', 'm', 'v', 'grad'], 2); // [param0, m0, v0, grad0, param1, …]
 * ```
 */
export function numbered(inputs: tf.NamedTensorInfoMap, names: string[], count: number): tf.TensorInfo[] {
  const out: tf.TensorInfo[] = [];
  for (let i = 0; i < count; i++) {
    for (const name of names) {
      const t = inputs[`${name}${i}`];
      if (t === undefined) throw new Error(`fused kernel: missing input ${name}${i} of ${count}`);
      out.push(t);
    }
  }
  return out;
}

/**
 * The named inputs of a kernel call, in order; throws naming the first one missing.
 *
 * @example
 * ```ts
 * const [raw, noise] = named(inputs, ['raw', 'noise']);
 * ```
 */
export function named(inputs: tf.NamedTensorInfoMap, names: string[]): tf.TensorInfo[] {
  return names.map((name) => {
    const t = inputs[name];
    if (t === undefined) throw new Error(`fused kernel: missing input ${name}`);
    return t;
  });
}

/**
 * A kernel of offline-rl for one host-memory backend: its name and a maker of its function.
 *
 * @example
 * ```ts
 * const kernel: HostKernel = ['OfflineRLConcatColumns', (backendName) => concatColumnsKernel(backendName)];
 * ```
 */
export type HostKernel = [kernelName: string, make: (backendName: HostMemoryBackend) => tf.KernelFunc];

/**
 * Registers each kernel for every one of {@link HOST_MEMORY_BACKENDS} where it is not registered yet.
 *
 * @example
 * ```ts
 * registerHostKernels([[SQUARED_ERROR_KERNEL, squaredErrorKernel]]);
 * ```
 */
export function registerHostKernels(kernels: HostKernel[]): void {
  for (const backendName of HOST_MEMORY_BACKENDS) {
    for (const [kernelName, make] of kernels) {
      if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc: make(backendName) });
    }
  }
}
