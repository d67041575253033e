import * as tf from '@tensorflow/tfjs-core';
import { hostViews, numbered, registerHostKernels, type HostMemoryBackend } from './host-memory';
import { registerConcatColumnsKernel } from './concat-columns-kernel';
import { registerLossKernels } from './loss-kernels';
import { registerSampleKernels } from './sample-kernels';
import { registerSplitRowsKernel } from './split-rows-kernel';
import { registerTargetKernels } from './target-kernels';
import { wasmHeapKernels, type AdamAttrs } from './wasm-kernels/gemm-kernels';

/**
 * Name of the fused Adam kernel, which updates any number of variables in one launch: inputs
 * `{ param0, m0, v0, grad0, param1, … }`, attrs `{ count, stepSize, epsHat, beta1, beta2 }`, outputs
 * `[param0', m0', v0', param1', …]` with `m' = β1·m + (1 − β1)·g`, `v' = β2·v + (1 − β2)·g²`,
 * `param' = param − stepSize · m' / (√v' + epsHat)`.
 *
 * @example
 * ```ts
 * tf.engine().runKernel(FUSED_ADAM_KERNEL, { param0: p, m0: m, v0: v, grad0: g }, { count: 1, stepSize, epsHat, beta1, beta2 });
 * ```
 */
export const FUSED_ADAM_KERNEL = 'OfflineRLAdamUpdate';

/**
 * Name of the fused Polyak kernel, for any number of variable pairs in one launch: inputs
 * `{ target0, source0, target1, … }`, attrs `{ count, rate }`, outputs `[target0 + rate · (source0 − target0), …]`.
 *
 * @example
 * ```ts
 * tf.engine().runKernel(FUSED_POLYAK_KERNEL, { target0: t, source0: s }, { count: 1, rate: 0.005 });
 * ```
 */
export const FUSED_POLYAK_KERNEL = 'OfflineRLPolyak';

function adamKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { count, stepSize, epsHat, beta1, beta2 } = attrs as Record<'count' | 'stepSize' | 'epsHat' | 'beta1' | 'beta2', number>;
    const ins = numbered(inputs, ['param', 'm', 'v', 'grad'], count);
    const heap = wasmHeapKernels(backend);
    if (heap) {
      // float32 SIMD in the backend's heap (update.c)
      const variables = Array.from({ length: count }, (_, k) => ins.slice(4 * k, 4 * k + 4));
      return heap.adam(variables, { stepSize, epsHat, beta1, beta2 });
    }
    const likes = ins.filter((_, k) => k % 4 !== 3); // param, m, v of each variable
    const views = hostViews(backendName, backend, ins, likes.map((t) => t.shape));
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    for (let k = 0; k < count; k++) {
      const [p0, m0, v0, g] = views.ins.slice(4 * k, 4 * k + 4);
      const [p1, m1, v1] = views.outs.slice(3 * k, 3 * k + 3);
      for (let i = 0; i < p0.length; i++) {
        const gi = g[i];
        const mi = beta1 * m0[i] + c1 * gi;
        const vi = beta2 * v0[i] + c2 * gi * gi;
        m1[i] = mi;
        v1[i] = vi;
        p1[i] = p0[i] - (stepSize * mi) / (Math.sqrt(vi) + epsHat);
      }
    }
    return views.infos;
  };
}

function polyakKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { count, rate } = attrs as Record<'count' | 'rate', number>;
    const ins = numbered(inputs, ['target', 'source'], count);
    const heap = wasmHeapKernels(backend);
    if (heap) {
      return heap.polyak(Array.from({ length: count }, (_, k) => ins.slice(2 * k, 2 * k + 2)), rate);
    }
    const views = hostViews(backendName, backend, ins, ins.filter((_, k) => k % 2 === 0).map((t) => t.shape));
    for (let k = 0; k < count; k++) {
      const [t, src] = views.ins.slice(2 * k, 2 * k + 2);
      const out = views.outs[k];
      for (let i = 0; i < t.length; i++) out[i] = t[i] + rate * (src[i] - t[i]);
    }
    return views.infos;
  };
}

/**
 * Registers the fused optimizer kernels, and those of `loss-kernels.ts`, `sample-kernels.ts`,
 * `concat-columns-kernel.ts`, `split-rows-kernel.ts` and `target-kernels.ts`, for the wasm and cpu
 * backends (idempotent). Each replaces a dozen small kernels per variable with one pass over host memory:
 * on wasm every kernel launch costs 20–40 µs, so Adam over ~25 variables alone was ~300 launches
 * per IQL step. On wasm the pass is float32 SIMD in the backend's heap (update.c, once
 * `prepareGemmKernels` ran); on cpu a JS loop. Tested to give the same numbers as the plain-op path.
 *
 * @example
 * ```ts
 * registerFusedKernels();
 * hasFusedKernel(FUSED_ADAM_KERNEL); // true on wasm and cpu
 * ```
 */
export function registerFusedKernels(): void {
  registerHostKernels([
    [FUSED_ADAM_KERNEL, adamKernel],
    [FUSED_POLYAK_KERNEL, polyakKernel],
  ]);
  registerLossKernels();
  registerSampleKernels();
  registerConcatColumnsKernel();
  registerSplitRowsKernel();
  registerTargetKernels();
}

let fusedEnabled = true;

/**
 * Turns the fused kernels off (`false`) or back on, e.g. to compare them with the plain-op path.
 *
 * @example
 * ```ts
 * setFusedKernelsEnabled(false); // plain tfjs ops everywhere
 * ```
 */
export function setFusedKernelsEnabled(enabled: boolean): void {
  fusedEnabled = enabled;
}

/**
 * Whether `kernelName` will run fused on the active backend.
 *
 * @example
 * ```ts
 * if (hasFusedKernel(FUSED_POLYAK_KERNEL)) { … }
 * ```
 */
export function hasFusedKernel(kernelName: string): boolean {
  if (!fusedEnabled) return false;
  const backend = (tf.engine() as unknown as { backendName: string | null }).backendName;
  return backend !== null && tf.getKernel(kernelName, backend) !== undefined;
}

/**
 * Whether a values-only fused kernel (one with no gradient: TD targets, AWR weights, a Gaussian
 * sample, the minimum over critics) runs for these inputs: it is registered on the active backend,
 * the fused kernels are on, no gradient tape records (inside one the plain ops run, so gradients
 * through them still work), and every input is float32.
 *
 * @example
 * ```ts
 * if (runsValuesKernel(TD_TARGET_KERNEL, [rewards, terminals, nextValues])) { … }
 * ```
 */
export function runsValuesKernel(kernelName: string, inputs: tf.Tensor[]): boolean {
  return hasFusedKernel(kernelName) && !tf.engine().isTapeOn() && inputs.every((t) => t.dtype === 'float32');
}

/**
 * The project's kernels on the active backend's wasm heap when `variables` may be overwritten in
 * place: fused kernels on, and no other tensor sharing any variable's memory (a reshape of one, kept
 * alive, would otherwise see the new values). Null otherwise.
 */
function inPlaceKernels(kernelName: string, variables: tf.Tensor[]): ReturnType<typeof wasmHeapKernels> {
  if (!hasFusedKernel(kernelName)) return null;
  const backend = tf.backend();
  const heap = wasmHeapKernels(backend);
  if (heap === null) return null;
  return variables.every((x) => backend.refCount(x.dataId) === 1) ? heap : null;
}

/**
 * Adam's step written over the parameters and moments themselves (update.c, on the wasm heap), with
 * the values of {@link FUSED_ADAM_KERNEL}: no new tensors, no assigns. Returns false, changing
 * nothing, where that cannot be done (another backend, fused kernels off, or a tensor sharing the
 * memory of one of the variables); the caller then runs the kernel.
 *
 * @example
 * ```ts
 * if (!adamInPlace(params, m, v, grads, { stepSize, epsHat, beta1: 0.9, beta2: 0.999 })) { … }
 * ```
 */
export function adamInPlace(params: tf.Variable[], m: tf.Variable[], v: tf.Variable[], grads: tf.Tensor[], attrs: AdamAttrs): boolean {
  const heap = inPlaceKernels(FUSED_ADAM_KERNEL, [...params, ...m, ...v]);
  if (heap === null) return false;
  heap.adam(params.map((p, i) => [p, m[i], v[i], grads[i]]), attrs, true);
  return true;
}

/**
 * The Polyak average written over the targets themselves (update.c, on the wasm heap), with the
 * values of {@link FUSED_POLYAK_KERNEL}. Returns false, changing nothing, where that cannot be done
 * (as {@link adamInPlace}).
 *
 * @example
 * ```ts
 * if (!polyakInPlace(target.variables, source.variables, 0.005)) { … }
 * ```
 */
export function polyakInPlace(targets: tf.Variable[], sources: tf.Variable[], rate: number): boolean {
  const heap = inPlaceKernels(FUSED_POLYAK_KERNEL, targets);
  if (heap === null) return false;
  heap.polyak(targets.map((t, i) => [t, sources[i]]), rate, true);
  return true;
}
