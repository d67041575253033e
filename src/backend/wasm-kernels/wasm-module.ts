import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasm-binary';

/**
 * The functions the compiled module (`gemm.c`, `update.c`, `tanh_gaussian.c`) exports. Pointers are byte offsets into the memory the module
 * was instantiated with; flags are 0 or 1; a null pointer (0) means "absent" for `bias` and `gate`.
 *
 * @example
 * ```ts
 * gemm.gemm(pA, k, pB, 0, 0, pC, m, k, n, 0, 0, 1, pScratch, 0); // C = relu(A·B)
 * ```
 */
export interface GemmExports {
  /** `lda` is A's row stride in floats (`k`, or `m` when `transA`, or wider for a block of A). */
  gemm(
    a: number,
    lda: number,
    b: number,
    bias: number,
    gate: number,
    c: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    transB: number,
    relu: number,
    scratch: number,
    /** Where b's column sums go (0: none; b must not be transposed); the values `column_sum` gives. */
    sums: number,
  ): void;
  /**
   * Packs all of `op(b)` (`[k, n]`) into the panels `gemm_packed` reads, at `bp` (`packedBBytes`
   * bytes); with `sums` (not 0, b not transposed), also b's column sums there.
   */
  pack_b(b: number, bp: number, k: number, n: number, transB: number, sums: number): void;
  /**
   * `gemm` with `b` already packed by `pack_b`; `ap` is scratch for the packed rows of `op(a)`
   * (`packedABytes` bytes). Rows are independent: a block of rows gives the same values alone.
   */
  gemm_packed(a: number, lda: number, bp: number, bias: number, gate: number, c: number, m: number, k: number, n: number, transA: number, relu: number, ap: number): void;
  column_sum(x: number, out: number, rows: number, cols: number): void;
  /** `count` floats from `src` to `dst` (byte offsets; the ranges do not overlap). */
  copy_floats(dst: number, src: number, count: number): void;
  /** Adam moments and parameters (update.c): inputs p, m, v, g; outputs p', m', v'. */
  adam_update(p: number, m: number, v: number, g: number, p1: number, m1: number, v1: number, n: number, step: number, eps: number, beta1: number, c1: number, beta2: number, c2: number): void;
  /**
   * A tanh-Gaussian head's sample and log-probability from `raw` `[rows, 2·dim]` and `noise`
   * `[rows, dim]` into `actions` `[rows, dim]` and `logProb` `[rows]` (tanh_gaussian.c).
   */
  tanh_gaussian_sample(raw: number, noise: number, actions: number, logProb: number, rows: number, dim: number, logStdMin: number, logStdMax: number): void;
  /** `out = t + rate·(s − t)` (update.c). */
  polyak_update(t: number, s: number, out: number, n: number, rate: number): void;
}

/** Row and column panel heights of the micro-kernel in `gemm.c` (MR, NR). */
const PANEL_ROWS = 4;
const PANEL_COLS = 8;

/**
 * Bytes of scratch `gemm` needs for an `[m, k]·[k, n]` product: the packed panels of both operands.
 *
 * @example
 * ```ts
 * gemmScratchBytes(256, 256, 256); // 524288
 * ```
 */
export function gemmScratchBytes(m: number, k: number, n: number): number {
  return packedABytes(m, k) + packedBBytes(k, n);
}

/**
 * Bytes of the packed panels of `op(a)` for `m` rows (`gemm_packed`'s scratch).
 *
 * @example
 * ```ts
 * packedABytes(256, 256); // 262144
 * ```
 */
export function packedABytes(m: number, k: number): number {
  return 4 * Math.ceil(m / PANEL_ROWS) * PANEL_ROWS * k;
}

/**
 * Bytes of the packed panels of `op(b)` (`pack_b`'s output).
 *
 * @example
 * ```ts
 * packedBBytes(256, 256); // 262144
 * ```
 */
export function packedBBytes(k: number, n: number): number {
  return 4 * Math.ceil(n / PANEL_COLS) * PANEL_COLS * k;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (typeof atob === 'function') {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  throw new Error('offline-rl: no base64 decoder (atob) in this runtime');
}

/**
 * Which build of `gemm.c`: `'plain'` imports an unshared memory (the tfjs wasm heap, or the cpu
 * runner's own), `'shared'` a shared one (the main thread and the GEMM helper thread).
 *
 * @example
 * ```ts
 * const variant: GemmVariant = 'shared';
 * ```
 */
export type GemmVariant = 'plain' | 'shared';

const compiling = new Map<GemmVariant, Promise<WebAssembly.Module | null>>();

/**
 * Compiles a build of the GEMM module once (asynchronously: browsers refuse to compile large modules
 * synchronously on the main thread). Resolves to null when the runtime lacks WebAssembly SIMD (or,
 * for `'shared'`, threads).
 *
 * @example
 * ```ts
 * const module = await compileGemmModule('plain');
 * ```
 */
export function compileGemmModule(variant: GemmVariant = 'plain'): Promise<WebAssembly.Module | null> {
  let pending = compiling.get(variant);
  if (pending === undefined) {
    pending = (async () => {
      if (typeof WebAssembly !== 'object') return null;
      const bytes = decodeBase64(variant === 'plain' ? KERNELS_WASM_BASE64 : KERNELS_SHARED_WASM_BASE64);
      if (!WebAssembly.validate(bytes)) return null;
      return WebAssembly.compile(bytes);
    })().catch(() => null);
    compiling.set(variant, pending);
  }
  return pending;
}

/**
 * Instantiates the compiled module on `memory` (the tfjs wasm heap, or a memory of its own).
 *
 * @example
 * ```ts
 * const gemm = await instantiateGemm(module, new WebAssembly.Memory({ initial: 16 }));
 * ```
 */
export async function instantiateGemm(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<GemmExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as GemmExports;
}
