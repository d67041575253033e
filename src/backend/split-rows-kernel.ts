import * as tf from '@tensorflow/tfjs-core';
import { hostViews, registerHostKernels, type HostMemoryBackend } from './host-memory';

/**
 * Name of the kernel that cuts a float32 tensor into consecutive blocks of rows (along axis 0):
 * input `{ x }`, attrs `{ sizes }` (rows per block, summing to `x.shape[0]`), outputs one tensor per
 * block. The values of `tf.split(x, sizes, 0)`; on wasm tfjs's split copies its input out of the
 * heap for every piece (~20–30 µs for a `[512]` vector inside an update, measured), where this one
 * copies each block within the heap (~5 µs).
 *
 * @example
 * ```ts
 * const [head, tail] = tf.engine().runKernel(SPLIT_ROWS_KERNEL, { x }, { sizes: [256, 256] }) as tf.Tensor[];
 * ```
 */
export const SPLIT_ROWS_KERNEL = 'OfflineRLSplitRows';

function splitRowsKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x as tf.TensorInfo;
    const sizes = (attrs as { sizes: number[] }).sizes;
    const rest = x.shape.slice(1);
    const rowSize = tf.util.sizeFromShape(rest);
    const { ins, outs, infos } = hostViews(backendName, backend, [x], sizes.map((rows) => [rows, ...rest]));
    let offset = 0;
    outs.forEach((out, k) => {
      const count = sizes[k] * rowSize;
      out.set(ins[0].subarray(offset, offset + count));
      offset += count;
    });
    return infos;
  };
}

/**
 * Registers the row-splitting kernel for the wasm and cpu backends (idempotent; called by
 * `registerFusedKernels`).
 *
 * @example
 * ```ts
 * registerSplitRowsKernel();
 * ```
 */
export function registerSplitRowsKernel(): void {
  registerHostKernels([[SPLIT_ROWS_KERNEL, splitRowsKernel]]);
}
