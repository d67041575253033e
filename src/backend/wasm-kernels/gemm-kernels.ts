import * as tf from '@tensorflow/tfjs-core';
import { GemmHelper, type GemmTask, type HelperMemory } from './gemm-helper';
import { compileGemmModule, gemmScratchBytes, instantiateGemm, packedABytes, packedBBytes, type GemmExports } from './wasm-module';

/**
 * Name of the GEMM kernel: inputs `{ a, b, bias?, gate? }`, attrs `{ transposeA, transposeB, relu }`,
 * output `C = op(a)·op(b) (+ bias) (ReLU) (zeroed where gate ≤ 0)`, `[m, n]` float32. See {@link gemm}.
 *
 * @example
 * ```ts
 * tf.engine().runKernel(GEMM_KERNEL, { a, b }, { transposeA: false, transposeB: false, relu: false });
 * ```
 */
export const GEMM_KERNEL = 'OfflineRLGemm';

/**
 * Name of the column-sum kernel: input `{ x }` `[rows, cols]`, output `[cols]` (a bias gradient).
 *
 * @example
 * ```ts
 * tf.engine().runKernel(COLUMN_SUM_KERNEL, { x }, {});
 * ```
 */
export const COLUMN_SUM_KERNEL = 'OfflineRLColumnSum';

/**
 * Name of the weight-gradient kernel: inputs `{ x, g }` (`[rows, m]`, `[rows, n]`), outputs
 * `[xᵀ·g [m, n], column sums of g [n]]` — a dense layer's kernel and bias gradients in one launch,
 * the sums read while `g` is packed for the product. See {@link weightGradients}.
 *
 * @example
 * ```ts
 * const [dKernel, dBias] = tf.engine().runKernel(WEIGHT_GRADIENTS_KERNEL, { x, g }, {}) as tf.Tensor[];
 * ```
 */
export const WEIGHT_GRADIENTS_KERNEL = 'OfflineRLWeightGradients';

/** The product of a weight gradient `xᵀ·g`. */
const WEIGHT_GRADIENT_ATTRS: GemmAttrs = { transposeA: true, transposeB: false, relu: false };

/** Runs the compiled functions for one backend instance, on its memory or a copy. */
interface GemmRunner {
  gemm(inputs: GemmInputs, attrs: GemmAttrs): tf.TensorInfo;
  weightGradients(x: tf.TensorInfo, g: tf.TensorInfo): tf.TensorInfo[];
  columnSum(x: tf.TensorInfo): tf.TensorInfo;
}

interface GemmInputs {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  bias?: tf.TensorInfo;
  gate?: tf.TensorInfo;
}

interface GemmAttrs {
  transposeA: boolean;
  transposeB: boolean;
  relu: boolean;
}

/** `[m, k, n]` of `op(a)·op(b)`. */
function gemmDims({ a, b }: GemmInputs, { transposeA, transposeB }: GemmAttrs): [number, number, number] {
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const n = transposeB ? b.shape[0] : b.shape[1];
  return [m, k, n];
}

/** The slice of the tfjs wasm backend the runner uses. */
interface WasmBackendLike {
  wasm: {
    asm?: { memory?: unknown };
    wasmMemory?: unknown;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
  };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
}

/** The slice of the tfjs cpu backend the runner uses. */
interface CpuBackendLike {
  data: { get(dataId: tf.DataId): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** Products with fewer multiply-adds than this run on one thread (the hand-off costs ~20–50 µs). */
const THREAD_MIN_MACS = 1 << 22;
/**
 * Least multiply-adds of the helper's share per float the main thread copies for it (operands in,
 * results out). Copying one float costs about as long as 12 multiply-adds here, and the main thread
 * copies before the helper can start: below this ratio the copies eat the gain. Square 256-wide
 * products have ~50–85; the tall, 64-wide products of CQL's sampled actions ~15–30 (measured: on two
 * threads they took 1.7× as long as on one).
 */
const THREAD_MIN_MACS_PER_COPIED_FLOAT = 40;
/**
 * Products with fewer multiply-adds than this run on one thread when the helper works in place on the
 * heap (no copies: the hand-off is a post, and the helper packing its own copy of `b`).
 */
const THREAD_MIN_MACS_IN_PLACE = 1 << 20;
/** Elements of one fused Adam or Polyak update from which it runs on two threads (in place). */
const UPDATE_SPLIT_MIN = 1 << 15;
/**
 * How an in-place two-thread product is cut into chunks of rows that the threads claim (guided
 * self-scheduling): each chunk takes 1/GUIDED_SHARE of the rows not yet handed out, down to chunks
 * of about IN_PLACE_CHUNK_MACS multiply-adds (~2.5 µs; 4 rows of a 256×256 layer). The first chunks
 * are large (few claims, calls and staged copies), the last small, so the thread that finishes
 * first waits on average half a small chunk for the other. (Equal chunks needed 64 claims of a
 * 256³ product for the same final granularity; guided, 13.)
 */
const IN_PLACE_CHUNK_MACS = 1 << 16;
const GUIDED_SHARE = 4;

/**
 * The first row of each chunk of an in-place split product of `m` rows with `rowMacs` multiply-adds
 * per row (see {@link GUIDED_SHARE}), then `m`: chunks start on multiples of the micro-kernel's row
 * block, and there are at most `GemmHelper.MAX_CHUNKS` of them (the smallest chunk grows when
 * needed). Exported for tests.
 *
 * @example
 * ```ts
 * guidedChunkStarts(256, 256 * 256); // [0, 64, 112, 148, 176, 196, 212, 224, 232, 240, 244, 248, 252, 256]
 * ```
 */
export function guidedChunkStarts(m: number, rowMacs: number): number[] {
  for (let smallest = Math.max(ROW_BLOCK, Math.ceil(IN_PLACE_CHUNK_MACS / rowMacs / ROW_BLOCK) * ROW_BLOCK); ; smallest *= 2) {
    const starts = [0];
    for (let r = 0; r < m && starts.length <= GemmHelper.MAX_CHUNKS; ) {
      r = Math.min(m, r + Math.max(smallest, Math.ceil((m - r) / GUIDED_SHARE / ROW_BLOCK) * ROW_BLOCK));
      starts.push(r);
    }
    if (starts.length - 1 <= GemmHelper.MAX_CHUNKS) return starts;
  }
}

/**
 * Tall products (at least this many rows) split in place down to {@link THREAD_MIN_MACS_TALL}
 * multiply-adds: over thousands of rows the hand-off is small next to the memory traffic (CQL's
 * outer products `dY·w` of a one-column layer over its sampled actions).
 */
const TALL_ROWS = 2048;
const THREAD_MIN_MACS_TALL = 1 << 18;
/**
 * Weight gradients `Xᵀ·dY` over at least this many rows (k) are computed as the sum of the products
 * over the two halves of the rows, on one thread or two alike (see {@link sumsHalves}).
 */
const HALVES_MIN_K = 4096;

/**
 * Whether a product is computed as `op(a)[:, :h]·b[:h] + op(a)[:, h:]·b[h:]` (`h = ⌈k/2⌉`): weight
 * gradients over very tall batches (`transposeA`, no bias, gate or ReLU, k ≥ 4096 — CQL's critics
 * over their sampled actions). Their output is small (`[m, n]` of a layer's weights) and k large, so
 * cutting rows of the output would leave each thread packing all of `b`; the two halves of k are
 * independent instead, one per thread, and their sum is formed the same way on one thread, so the
 * result does not depend on the thread count. (It differs from one pass over k by rounding only.)
 */
function sumsHalves([, k]: [number, number, number], inputs: GemmInputs, attrs: GemmAttrs): boolean {
  return attrs.transposeA && !attrs.transposeB && !attrs.relu && inputs.bias === undefined && inputs.gate === undefined && k >= HALVES_MIN_K;
}

/** `out[i] += add[i]` for `count` floats at float offsets `outAt` and `addAt` of `view` (float32 sums). */
function addInto(view: Float32Array, outAt: number, addAt: number, count: number): void {
  for (let i = 0; i < count; i++) view[outAt + i] += view[addAt + i];
}
/** Row block of the micro-kernel; the shared rows and their chunks start on multiples of it. */
const ROW_BLOCK = 4;
/** How many chunks the lower half of a two-thread product is cut into (the claiming granularity). */
const HELPER_CHUNKS = 16;

/**
 * A block of the wasm heap that grows (to at least twice its size) when a call needs more; never
 * shrunk. `beforeMove` runs before the block is freed to grow (the helper's scratch: it waits until
 * the helper no longer uses it).
 */
class HeapBlock {
  private ptr = 0;
  private size = 0;

  constructor(
    private readonly wasm: WasmBackendLike['wasm'],
    private readonly beforeMove: () => void = () => {},
  ) {}

  /** The block's offset, with at least `bytes` bytes. */
  at(bytes: number): number {
    if (bytes > this.size) {
      if (this.ptr !== 0) {
        this.beforeMove();
        this.wasm._free(this.ptr);
      }
      this.size = Math.max(bytes, 2 * this.size);
      this.ptr = this.wasm._malloc(this.size) >>> 0;
    }
    return this.ptr;
  }
}

/** One product's sizes, flags and heap offsets (0: absent), worked out once per call. */
interface Operands {
  m: number;
  k: number;
  n: number;
  lda: number;
  flags: readonly [number, number, number];
  pa: number;
  pb: number;
  pbias: number;
  pgate: number;
  pout: number;
}

/**
 * The wasm backend: the module runs on the backend's own heap, so inputs are read and outputs written
 * in place (no copies). Scratch for the packed panels is one heap block, grown when needed. Large
 * products are split by rows with the {@link GemmHelper} thread when one runs.
 */
class HeapRunner implements GemmRunner {
  /** The main thread's packed panels. */
  private readonly scratch: HeapBlock;
  /** The helper thread's packed panels (in-place products). */
  private readonly helperScratch: HeapBlock;
  /** The second half's partial product (and sums) of {@link sumsHalves} products. */
  private readonly partial: HeapBlock;

  constructor(
    private readonly backend: WasmBackendLike,
    private readonly heap: WebAssembly.Memory,
    private readonly fns: GemmExports,
  ) {
    this.scratch = new HeapBlock(backend.wasm);
    // A helper may still be computing a chunk taken back from it into its scratch (see splitInPlace).
    this.helperScratch = new HeapBlock(backend.wasm, () => (activeHelper?.alive && activeHelper.memory === heap ? activeHelper.waitIdle() : undefined));
    this.partial = new HeapBlock(backend.wasm);
  }

  private ptr(t: tf.TensorInfo | undefined): number {
    return t === undefined ? 0 : this.backend.getMemoryOffset(t.dataId);
  }

  gemm(inputs: GemmInputs, attrs: GemmAttrs): tf.TensorInfo {
    const [m, , n] = gemmDims(inputs, attrs);
    const out = this.backend.makeOutput([m, n], 'float32');
    this.product(inputs, attrs, out, 0);
    return out;
  }

  weightGradients(x: tf.TensorInfo, g: tf.TensorInfo): tf.TensorInfo[] {
    const [m, n] = [x.shape[1], g.shape[1]];
    const outs = [this.backend.makeOutput([m, n], 'float32'), this.backend.makeOutput([n], 'float32')];
    this.product({ a: x, b: g }, WEIGHT_GRADIENT_ATTRS, outs[0], this.ptr(outs[1]));
    return outs;
  }

  /** `out = op(a)·op(b)` with the epilogue; with `sums` (a heap offset, not 0), also b's column sums there. */
  private product(inputs: GemmInputs, attrs: GemmAttrs, out: tf.TensorInfo, sums: number): void {
    const dims = gemmDims(inputs, attrs);
    const [m, k, n] = dims;
    const scratch = this.scratch.at(gemmScratchBytes(m, k, n));
    const lda = attrs.transposeA ? m : k;
    const flags = [+attrs.transposeA, +attrs.transposeB, +attrs.relu] as const;
    const [pa, pb, pbias, pgate, pout] = [inputs.a, inputs.b, inputs.bias, inputs.gate, out].map((t) => this.ptr(t));
    const ops: Operands = { m, k, n, lda, flags, pa, pb, pbias, pgate, pout };
    const helper = activeHelper?.alive ? activeHelper : null;
    const inPlace = helper !== null && helper.memory === this.heap ? helper : null;
    if (sumsHalves(dims, inputs, attrs)) {
      const low = Math.ceil(k / 2);
      const partial = this.partial.at(4 * (m * n + n));
      const partialSums = sums ? partial + 4 * m * n : 0;
      const task = { lda, bias: 0, gate: 0, m, n, transA: 1, transB: 0, relu: 0 };
      this.runTasks(inPlace, [
        { ...task, a: pa, b: pb, c: pout, k: low, sums },
        { ...task, a: pa + 4 * low * lda, b: pb + 4 * low * n, c: partial, k: k - low, sums: partialSums },
      ]);
      const view = new Float32Array(this.heap.buffer);
      addInto(view, pout / 4, partial / 4, m * n);
      if (sums) addInto(view, sums / 4, partialSums / 4, n);
      return;
    }
    if (inPlace !== null) {
      const macs = m * k * n;
      if (n === 1 && m >= TALL_ROWS && !sums) {
        // One column: the matrix-vector path, on two blocks of rows (row-chunks would pad b to 8 columns).
        const top = Math.ceil(m / 2 / ROW_BLOCK) * ROW_BLOCK;
        const aRowBytes = attrs.transposeA ? 4 : 4 * k;
        const task = { lda, b: pb, bias: pbias, k, n, transA: flags[0], transB: flags[1], relu: flags[2] };
        this.runTasks(inPlace, [
          { ...task, a: pa, gate: pgate, c: pout, m: top, sums: 0 },
          { ...task, a: pa + top * aRowBytes, gate: pgate ? pgate + 4 * top : 0, c: pout + 4 * top, m: m - top, sums: 0 },
        ]);
        return;
      }
      if (m >= 2 * ROW_BLOCK && (macs >= THREAD_MIN_MACS_IN_PLACE || (m >= TALL_ROWS && macs >= THREAD_MIN_MACS_TALL))) {
        this.splitInPlace(inPlace, ops, scratch, sums);
        return;
      }
    } else if (helper !== null && helper.ownsMemory && this.splitWithCopies(helper, ops, scratch, sums)) {
      return;
    }
    this.fns.gemm(pa, lda, pb, pbias, pgate, pout, m, k, n, ...flags, scratch, sums);
  }

  /**
   * Whole products (on this heap), on two threads when the helper works in place on it (each thread
   * claims tasks until none remain), else one after another here. The same code computes each task
   * either way, so the values do not depend on which thread did.
   */
  private runTasks(helper: GemmHelper | null, tasks: Array<Omit<GemmTask, 'scratch'>>): void {
    const bytes = Math.max(...tasks.map((t) => gemmScratchBytes(t.m, t.k, t.n)));
    const scratch = this.scratch.at(bytes);
    const run = (t: Omit<GemmTask, 'scratch'>) => this.fns.gemm(t.a, t.lda, t.b, t.bias, t.gate, t.c, t.m, t.k, t.n, t.transA, t.transB, t.relu, scratch, t.sums);
    if (helper === null) {
      tasks.forEach(run);
      return;
    }
    splitProducts += 1;
    const helperScratch = this.helperScratch.at(bytes);
    const tag = helper.postTasks(tasks.map((t) => ({ ...t, scratch: helperScratch })));
    const mine = new Set<number>();
    for (let i = helper.claim(tag, tasks.length); i >= 0; i = helper.claim(tag, tasks.length)) {
      mine.add(i);
      run(tasks[i]);
    }
    for (let i = 0; i < tasks.length; i++) {
      if (!mine.has(i)) helper.waitChunk(tag, i);
    }
  }

  /**
   * A product on two threads with the helper working on this heap itself (it is shared): all rows
   * are cut into chunks that both threads claim, each computing its chunks in place.
   */
  private splitInPlace(helper: GemmHelper, ops: Operands, scratch: number, sums: number): void {
    const { m, k, n, lda, flags, pa, pb, pbias, pgate, pout } = ops;
    splitProducts += 1;
    const starts = guidedChunkStarts(m, k * n);
    const chunks = starts.length - 1;
    const largest = Math.max(...starts.slice(1).map((end, i) => end - starts[i]));
    const helperScratch = this.helperScratch.at(packedBBytes(k, n) + packedABytes(largest, k) + 4 * largest * n);
    const aRowBytes = flags[0] ? 4 : 4 * k;
    const rowBytes = 4 * n;
    const tag = helper.post({
      aBase: pa,
      aRowBytes,
      lda,
      b: pb,
      bias: pbias,
      gateBase: pgate,
      hasGate: pgate ? 1 : 0,
      cBase: pout,
      k,
      n,
      transA: flags[0],
      transB: flags[1],
      relu: flags[2],
      starts,
      packedB: helperScratch,
      packedA: helperScratch + packedBBytes(k, n),
      stage: helperScratch + packedBBytes(k, n) + packedABytes(largest, k),
    });
    // The main thread packs b (and takes b's column sums, when wanted) while the helper packs its own.
    const packedB = scratch + packedABytes(largest, k);
    this.fns.pack_b(pb, packedB, k, n, flags[1], sums);
    const rowsOf = (chunk: number) => starts[chunk + 1] - starts[chunk];
    const compute = (chunk: number) => {
      const r0 = starts[chunk];
      this.fns.gemm_packed(pa + r0 * aRowBytes, lda, packedB, pbias, pgate ? pgate + r0 * rowBytes : 0, pout + r0 * rowBytes, rowsOf(chunk), k, n, flags[0], flags[2], scratch);
    };
    const mine = new Set<number>();
    let myRows = 0;
    const start = performance.now();
    for (let chunk = helper.claim(tag, chunks); chunk >= 0; chunk = helper.claim(tag, chunks)) {
      mine.add(chunk);
      myRows += rowsOf(chunk);
      compute(chunk);
    }
    // A chunk the helper holds past stealAfterMs, and past twice what its rows took here (its thread
    // descheduled, on a busy machine), is computed here instead; the helper then drops its staged copy.
    const msPerRow = (performance.now() - start) / Math.max(1, myRows);
    for (let chunk = 0; chunk < chunks; chunk++) {
      if (!mine.has(chunk) && helper.waitChunk(tag, chunk, Math.max(stealAfterMs, 2 * msPerRow * rowsOf(chunk)))) {
        stolenChunks += 1;
        compute(chunk);
      }
    }
  }

  /**
   * A product on two threads with the helper working on a memory of its own: the main thread copies
   * the operands of the lower rows there, computes the upper rows in place, then both threads claim
   * chunks of the lower rows; the helper's are copied back. Returns false (and computes nothing)
   * when the product is too small, or too narrow for the copies to pay.
   */
  private splitWithCopies(helper: GemmHelper, ops: Operands, scratch: number, sums: number): boolean {
    const { m, k, n, lda, flags, pa, pb, pbias, pgate, pout } = ops;
    const [bias, gate, transposeA] = [pbias !== 0, pgate !== 0, flags[0] === 1];
    // Rows [0, top) here; rows [top, m) in chunks that both threads claim, the helper's from copies
    // in the shared memory, the main thread's (once its own rows are done) in place.
    const top = Math.ceil(m / 2 / ROW_BLOCK) * ROW_BLOCK;
    const rows = m - top;
    const aFloats = transposeA ? k * m : rows * k;
    const sizes = [k * n, aFloats, bias ? n : 0, gate ? rows * n : 0, rows * n];
    const copied = sizes.reduce((x, y) => x + y, 0);
    if (m < 2 * ROW_BLOCK || m * k * n < THREAD_MIN_MACS || rows * k * n < THREAD_MIN_MACS_PER_COPIED_FLOAT * copied) return false;
    splitProducts += 1;
    const chunkRows = Math.max(ROW_BLOCK, Math.ceil(rows / HELPER_CHUNKS / ROW_BLOCK) * ROW_BLOCK);
    const chunks = Math.ceil(rows / chunkRows);
    const [sb, sa, sbias, sgate, sc, end] = packFloats(GemmHelper.DATA_START, sizes);
    const shared = helper.floats(end + packedBBytes(k, n) + packedABytes(chunkRows, k));
    const heap = new Float32Array(this.heap.buffer);
    const copy = (from: number, floats: number, to: number) => shared.set(heap.subarray(from / 4, from / 4 + floats), to / 4);
    copy(pb, k * n, sb);
    copy(pa + (transposeA ? 0 : 4 * top * k), aFloats, sa);
    if (bias) copy(pbias, n, sbias);
    if (gate) copy(pgate + 4 * top * n, rows * n, sgate);
    const rowBytes = 4 * n;
    const tag = helper.post({
      aBase: transposeA ? sa : sa - 4 * top * k,
      aRowBytes: transposeA ? 4 : 4 * k,
      lda,
      b: sb,
      bias: bias ? sbias : 0,
      gateBase: gate ? sgate - top * rowBytes : 0,
      hasGate: gate ? 1 : 0,
      cBase: sc - top * rowBytes,
      k,
      n,
      transA: flags[0],
      transB: flags[1],
      relu: flags[2],
      starts: Array.from({ length: chunks + 1 }, (_, i) => Math.min(m, top + i * chunkRows)),
      packedB: end,
      packedA: end + packedBBytes(k, n),
      stage: 0,
    });
    const packedB = scratch + packedABytes(top, k);
    this.fns.pack_b(pb, packedB, k, n, flags[1], sums);
    this.fns.gemm_packed(pa, lda, packedB, pbias, pgate, pout, top, k, n, flags[0], flags[2], scratch);
    const mine = new Set<number>();
    for (let chunk = helper.claim(tag, chunks); chunk >= 0; chunk = helper.claim(tag, chunks)) {
      mine.add(chunk);
      const r0 = top + chunk * chunkRows;
      const aRow = transposeA ? pa + 4 * r0 : pa + 4 * r0 * k;
      this.fns.gemm_packed(aRow, lda, packedB, pbias, gate ? pgate + r0 * rowBytes : 0, pout + r0 * rowBytes, Math.min(chunkRows, m - r0), k, n, flags[0], flags[2], scratch);
    }
    for (let chunk = 0; chunk < chunks; chunk++) {
      if (mine.has(chunk)) continue;
      helper.waitChunk(tag, chunk);
      const r0 = top + chunk * chunkRows;
      const from = (sc + (r0 - top) * rowBytes) / 4;
      heap.set(shared.subarray(from, from + Math.min(chunkRows, m - r0) * n), (pout + r0 * rowBytes) / 4);
    }
    return true;
  }

  columnSum(x: tf.TensorInfo): tf.TensorInfo {
    const [rows, cols] = x.shape;
    const out = this.backend.makeOutput([cols], 'float32');
    this.fns.column_sum(this.ptr(x), this.ptr(out), rows, cols);
    return out;
  }

  /**
   * One Adam step of each variable `[param, m, v, grad]` (update.c): into new outputs `[p', m', v']`
   * per variable, in order; with `inPlace`, over `param`, `m` and `v` themselves (returns no
   * outputs; the caller makes sure nothing else shares their memory). Elementwise, so both give the
   * same values.
   */
  adam(variables: tf.TensorInfo[][], attrs: AdamAttrs, inPlace = false): tf.TensorInfo[] {
    const outs = inPlace ? [] : variables.flatMap(([param, m, v]) => [param, m, v].map((t) => this.backend.makeOutput([...t.shape], 'float32')));
    const { stepSize, epsHat, beta1, beta2 } = attrs;
    const items = variables.map(([param, m, v, grad], i) => ({
      pointers: [param, m, v, grad, ...(inPlace ? [param, m, v] : outs.slice(3 * i, 3 * i + 3))].map((t) => this.ptr(t)),
      size: tf.util.sizeFromShape(param.shape),
    }));
    this.runUpdates('adam', items, [stepSize, epsHat, beta1, 1 - beta1, beta2, 1 - beta2]);
    return outs;
  }

  /**
   * A tanh-Gaussian head's sample from given noise and its log-probability (tanh_gaussian.c, float32
   * SIMD), into new outputs `[actions [B, A], logProb [B]]`.
   */
  tanhGaussianSample(raw: tf.TensorInfo, noise: tf.TensorInfo, logStdMin: number, logStdMax: number): tf.TensorInfo[] {
    const [rows, dim] = noise.shape;
    const outs = [this.backend.makeOutput([rows, dim], 'float32'), this.backend.makeOutput([rows], 'float32')];
    this.fns.tanh_gaussian_sample(this.ptr(raw), this.ptr(noise), this.ptr(outs[0]), this.ptr(outs[1]), rows, dim, logStdMin, logStdMax);
    return outs;
  }

  /**
   * `target + rate·(source − target)` of each pair `[target, source]` (update.c): into new outputs;
   * with `inPlace`, over each target itself (returns no outputs).
   */
  polyak(pairs: tf.TensorInfo[][], rate: number, inPlace = false): tf.TensorInfo[] {
    const outs = inPlace ? [] : pairs.map(([target]) => this.backend.makeOutput([...target.shape], 'float32'));
    const items = pairs.map(([target, source], i) => ({ pointers: [target, source, inPlace ? target : outs[i]].map((t) => this.ptr(t)), size: tf.util.sizeFromShape(target.shape) }));
    this.runUpdates('polyak', items, [rate]);
    return outs;
  }

  /**
   * Elementwise parameter updates (`adam_update` or `polyak_update` over each item's arrays, then
   * `floats`). With the helper working in place and enough elements, each item is cut in two at a
   * multiple of 4 (the SIMD width, so every element takes the same path either way) and the
   * threads take one half-list each; the values are those of one thread.
   */
  private runUpdates(kind: 'adam' | 'polyak', items: Array<{ pointers: number[]; size: number }>, floats: number[]): void {
    const args = (pointers: number[], start: number, count: number) => [...pointers.map((p) => p + 4 * start), count, ...floats];
    const run = (a: number[]) =>
      kind === 'adam'
        ? this.fns.adam_update(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13])
        : this.fns.polyak_update(a[0], a[1], a[2], a[3], a[4]);
    const helper = activeHelper?.alive && activeHelper.memory === this.heap ? activeHelper : null;
    const total = items.reduce((n, item) => n + item.size, 0);
    if (helper === null || total < UPDATE_SPLIT_MIN || items.length > GemmHelper.MAX_RANGES) {
      for (const { pointers, size } of items) run(args(pointers, 0, size));
      return;
    }
    const lists: [number[][], number[][]] = [[], []];
    for (const { pointers, size } of items) {
      const cut = Math.floor(size / 8) * 4;
      if (cut === 0) {
        lists[0].push(args(pointers, 0, size));
      } else {
        lists[0].push(args(pointers, 0, cut));
        lists[1].push(args(pointers, cut, size - cut));
      }
    }
    splitUpdates += 1;
    const tag = helper.postRanges(kind, lists);
    const mine = new Set<number>();
    for (let list = helper.claim(tag, 2); list >= 0; list = helper.claim(tag, 2)) {
      mine.add(list);
      lists[list].forEach(run);
    }
    for (let list = 0; list < 2; list++) {
      if (!mine.has(list)) helper.waitChunk(tag, list);
    }
  }
}

/**
 * The Adam constants of one fused step (see backend/fused-kernels).
 *
 * @example
 * ```ts
 * const attrs: AdamAttrs = { stepSize: 3e-4, epsHat: 1e-8, beta1: 0.9, beta2: 0.999 };
 * ```
 */
export interface AdamAttrs {
  stepSize: number;
  epsHat: number;
  beta1: number;
  beta2: number;
}

/**
 * The wasm kernels running on `backend`'s own heap, for the fused optimizer kernels; null for other
 * backends, or before {@link prepareGemmKernels} prepared this one.
 *
 * @example
 * ```ts
 * const heap = wasmHeapKernels(backend);
 * if (heap) outs = heap.adam(p, m, v, g, attrs);
 * ```
 */
export function wasmHeapKernels(backend: unknown): Pick<HeapRunner, 'adam' | 'polyak' | 'tanhGaussianSample'> | null {
  const runner = runners.get(backend as object);
  return runner instanceof HeapRunner ? runner : null;
}

/**
 * Byte offsets of arrays of `sizes` floats placed one after another from `start`, each aligned to 16
 * bytes (a v128), followed by the end offset.
 */
function packFloats(start: number, sizes: number[]): number[] {
  const offsets: number[] = [];
  let end = start;
  for (const size of sizes) {
    offsets.push(end);
    end = Math.ceil((end + 4 * size) / 16) * 16;
  }
  offsets.push(end);
  return offsets;
}

/**
 * The cpu backend (whose data lives in JS typed arrays): inputs are copied into a memory of the
 * module's own, and the result copied out. The copies are ~1% of the product's time.
 */
class CopyRunner implements GemmRunner {
  constructor(
    private readonly backend: CpuBackendLike,
    private readonly fns: GemmExports,
    private readonly memory: WebAssembly.Memory,
  ) {}

  /** Lays out `sizes` (in floats) one after another; grows the memory to fit; returns byte offsets. */
  private layout(sizes: number[], extraBytes: number): number[] {
    const offsets = packFloats(16, sizes); // keep 0 free: it means "absent"
    const needed = offsets[offsets.length - 1] + extraBytes;
    const have = this.memory.buffer.byteLength;
    if (needed > have) this.memory.grow(Math.ceil((needed - have) / 65536));
    return offsets;
  }

  private put(t: tf.TensorInfo | undefined, offset: number): number {
    if (t === undefined) return 0;
    new Float32Array(this.memory.buffer, offset, tf.util.sizeFromShape(t.shape)).set(this.backend.data.get(t.dataId).values);
    return offset;
  }

  private take(shape: number[], offset: number): tf.TensorInfo {
    const values = new Float32Array(this.memory.buffer, offset, tf.util.sizeFromShape(shape)).slice();
    return this.backend.makeTensorInfo(shape, 'float32', values);
  }

  gemm(inputs: GemmInputs, attrs: GemmAttrs): tf.TensorInfo {
    return this.product(inputs, attrs, false)[0];
  }

  weightGradients(x: tf.TensorInfo, g: tf.TensorInfo): tf.TensorInfo[] {
    return this.product({ a: x, b: g }, WEIGHT_GRADIENT_ATTRS, true);
  }

  /** `[op(a)·op(b)]` with the epilogue, and with `withSums` b's column sums after it. */
  private product(inputs: GemmInputs, attrs: GemmAttrs, withSums: boolean): tf.TensorInfo[] {
    const dims = gemmDims(inputs, attrs);
    const [m, k, n] = dims;
    const { a, b, bias, gate } = inputs;
    const halves = sumsHalves(dims, inputs, attrs);
    const sumFloats = withSums ? n : 0;
    const size = (t: tf.TensorInfo | undefined) => (t === undefined ? 0 : tf.util.sizeFromShape(t.shape));
    const [pa, pb, pbias, pgate, pc, psums, partial, partialSums, scratch] = this.layout(
      [size(a), size(b), size(bias), size(gate), m * n, sumFloats, halves ? m * n : 0, halves ? sumFloats : 0],
      gemmScratchBytes(m, k, n),
    );
    this.put(a, pa);
    this.put(b, pb);
    const biasPtr = this.put(bias, pbias);
    const gatePtr = this.put(gate, pgate);
    const lda = attrs.transposeA ? m : k;
    const sums = withSums ? psums : 0;
    if (halves) {
      const low = Math.ceil(k / 2);
      this.fns.gemm(pa, lda, pb, 0, 0, pc, m, low, n, 1, 0, 0, scratch, sums);
      this.fns.gemm(pa + 4 * low * lda, lda, pb + 4 * low * n, 0, 0, partial, m, k - low, n, 1, 0, 0, scratch, withSums ? partialSums : 0);
      const view = new Float32Array(this.memory.buffer);
      addInto(view, pc / 4, partial / 4, m * n);
      if (withSums) addInto(view, psums / 4, partialSums / 4, n);
    } else {
      this.fns.gemm(pa, lda, pb, biasPtr, gatePtr, pc, m, k, n, +attrs.transposeA, +attrs.transposeB, +attrs.relu, scratch, sums);
    }
    const outs = [this.take([m, n], pc)];
    if (withSums) outs.push(this.take([n], psums));
    return outs;
  }

  columnSum(x: tf.TensorInfo): tf.TensorInfo {
    const [rows, cols] = x.shape;
    const [px, pout] = this.layout([rows * cols, cols], 0);
    this.put(x, px);
    this.fns.column_sum(px, pout, rows, cols);
    return this.take([cols], pout);
  }
}

let splitProducts = 0;
let splitUpdates = 0;
let stolenChunks = 0;

/**
 * How long the main thread waits at least for a chunk of an in-place product that the helper holds
 * before it computes the chunk itself (ms), and at least twice what one chunk of the product took on
 * the main thread. A chunk takes ~2–10 µs (up to ~0.3 ms in CQL's tall products); the helper holds
 * one for longer mostly when its thread was descheduled, which on a busy (virtual) machine can last
 * milliseconds.
 */
const DEFAULT_STEAL_AFTER_MS = 0.05;
let stealAfterMs = DEFAULT_STEAL_AFTER_MS;

/**
 * Sets how long the main thread waits at least for a chunk the GEMM helper holds before computing it
 * itself (ms; default 0.05; it also waits twice what one chunk took it). For tests.
 *
 * @example
 * ```ts
 * setGemmStealAfter(0); // … products …; setGemmStealAfter(); // the default again
 * ```
 */
export function setGemmStealAfter(ms: number = DEFAULT_STEAL_AFTER_MS): void {
  if (!(ms >= 0)) throw new RangeError(`setGemmStealAfter: ms must be ≥ 0, got ${ms}`);
  stealAfterMs = ms;
}

/**
 * Makes the running helper thread wait `micros` µs before committing each chunk it computed, as if
 * descheduled there (for tests of the main thread taking chunks back; 0 turns it off).
 *
 * @example
 * ```ts
 * delayGemmHelperForTests(300); // … products …; delayGemmHelperForTests(0);
 * ```
 */
export function delayGemmHelperForTests(micros: number): void {
  activeHelper?.delayCommits(micros);
}

/**
 * How many chunks of in-place products the main thread took back from the helper so far (a
 * diagnostic for tests).
 *
 * @example
 * ```ts
 * const before = stolenChunkCount(); gemm(x, w); stolenChunkCount() - before;
 * ```
 */
export function stolenChunkCount(): number {
  return stolenChunks;
}

/**
 * How many fused Adam or Polyak updates so far ran on two threads (a diagnostic for tests).
 *
 * @example
 * ```ts
 * const before = splitUpdateCount(); adam.apply(grads); splitUpdateCount() - before; // 1 when split
 * ```
 */
export function splitUpdateCount(): number {
  return splitUpdates;
}

/**
 * How many products so far ran on two threads (a diagnostic: tests use it to check that a product
 * they mean to split was split).
 *
 * @example
 * ```ts
 * const before = splitProductCount(); gemm(x, w); splitProductCount() - before; // 1 when split
 * ```
 */
export function splitProductCount(): number {
  return splitProducts;
}

/** Runners by backend instance (a backend re-created by tfjs gets a new runner). */
const runners = new WeakMap<object, GemmRunner>();

function runnerOf(backend: unknown): GemmRunner {
  const runner = runners.get(backend as object);
  if (!runner) throw new Error('offline-rl: the GEMM kernel ran before prepareGemmKernels() prepared this backend');
  return runner;
}

/**
 * The wasm backend's heap, and whether it is shared (loaded by `useBackend` with
 * `withSharedWasmHeap`; the helper thread then works on it in place); null when it is not a
 * WebAssembly.Memory the module can import.
 */
function wasmHeap(backend: WasmBackendLike): { memory: WebAssembly.Memory; shared: boolean } | null {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  return { memory, shared: typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer };
}

const GEMM_BACKENDS = ['wasm', 'cpu'] as const;

function registerGemmKernels(): void {
  for (const backendName of GEMM_BACKENDS) {
    if (!tf.getKernel(GEMM_KERNEL, backendName)) {
      tf.registerKernel({
        kernelName: GEMM_KERNEL,
        backendName,
        kernelFunc: ({ inputs, backend, attrs }) => runnerOf(backend).gemm(inputs as unknown as GemmInputs, attrs as unknown as GemmAttrs),
      });
    }
    if (!tf.getKernel(WEIGHT_GRADIENTS_KERNEL, backendName)) {
      tf.registerKernel({
        kernelName: WEIGHT_GRADIENTS_KERNEL,
        backendName,
        kernelFunc: ({ inputs, backend }) => {
          const { x, g } = inputs as { x: tf.TensorInfo; g: tf.TensorInfo };
          return runnerOf(backend).weightGradients(x, g);
        },
      });
    }
    if (!tf.getKernel(COLUMN_SUM_KERNEL, backendName)) {
      tf.registerKernel({
        kernelName: COLUMN_SUM_KERNEL,
        backendName,
        kernelFunc: ({ inputs, backend }) => runnerOf(backend).columnSum((inputs as { x: tf.TensorInfo }).x),
      });
    }
  }
}

/**
 * How many threads large products use on the wasm backend: 1, 2 (the main thread and one helper
 * thread, Node only), or `'auto'` (2 on the main thread of a machine with at least two cores, else 1).
 *
 * @example
 * ```ts
 * const threads: GemmThreads = 'auto';
 * ```
 */
export type GemmThreads = 1 | 2 | 'auto';

let threadsWanted: GemmThreads = 'auto';
let activeHelper: GemmHelper | null = null;
let helperStarting: Promise<void> | null = null;
/** Where the helper should work: the wasm backend's heap when it is shared, else null (a memory of its own). */
let helperPlace: HelperMemory | null = null;

async function applyThreads(): Promise<void> {
  while (helperStarting) await helperStarting;
  const want = threadsWanted;
  const misplaced = activeHelper !== null && (helperPlace === null ? !activeHelper.ownsMemory : activeHelper.memory !== helperPlace.memory);
  if ((want === 1 || misplaced) && activeHelper) {
    const helper = activeHelper;
    activeHelper = null;
    await helper.stop();
  }
  if (want !== 1 && !activeHelper) {
    helperStarting = GemmHelper.start(want === 'auto', helperPlace ?? undefined).then((helper) => {
      activeHelper = helper;
    });
    await helperStarting;
    helperStarting = null;
  }
}

/**
 * Sets how many threads large matrix products use on the wasm backend (see {@link GemmThreads});
 * resolves once the helper thread has started or stopped. TensorFlow.js's wasm backend itself runs
 * single-threaded in Node, so by default (`'auto'`) offline-rl puts the second core to work on the
 * products of 256-wide layers. Use 1 when running several trainings side by side in one process's
 * threads or processes (`trainMany`'s workers already get 1). Results do not depend on the setting.
 *
 * @example
 * ```ts
 * await setGemmThreads(1); // keep training on one core
 * ```
 */
export async function setGemmThreads(threads: GemmThreads): Promise<void> {
  if (threads !== 1 && threads !== 2 && threads !== 'auto') {
    throw new RangeError(`setGemmThreads: threads must be 1, 2 or 'auto', got ${String(threads)}`);
  }
  threadsWanted = threads;
  await applyThreads();
}

/**
 * Whether large products on the active backend currently run on two threads (the wasm backend, with
 * the helper thread running).
 *
 * @example
 * ```ts
 * gemmThreadsActive(); // true on a 2-core machine after useBackend('wasm')
 * ```
 */
export function gemmThreadsActive(): boolean {
  return activeHelper !== null && activeHelper.alive && runners.get(tf.backend() as unknown as object) instanceof HeapRunner;
}

/**
 * Registers the GEMM kernels and prepares them for the active backend (wasm: on its heap; cpu: on a
 * memory of their own). Resolves to whether the active backend can run them; on other backends
 * (tfjs-node, webgl) {@link gemm} uses the plain tfjs ops. Called by `useBackend` and the trainers.
 *
 * @example
 * ```ts
 * await tf.setBackend('wasm');
 * await prepareGemmKernels(); // true
 * ```
 */
export async function prepareGemmKernels(): Promise<boolean> {
  registerGemmKernels();
  const backend = tf.backend() as unknown;
  if (runners.has(backend as object)) {
    if (tf.getBackend() === 'wasm') await applyThreads();
    return true;
  }
  const name = tf.getBackend();
  if (!(GEMM_BACKENDS as readonly string[]).includes(name)) return false;
  if (name === 'wasm') {
    const wasmBackend = backend as WasmBackendLike;
    const heap = wasmHeap(wasmBackend);
    if (heap === null) return false;
    const module = await compileGemmModule(heap.shared ? 'shared' : 'plain');
    if (module === null) return false;
    runners.set(backend as object, new HeapRunner(wasmBackend, heap.memory, await instantiateGemm(module, heap.memory)));
    // The helper's control block lives on the heap (malloc aligns to 8 or more; it is never freed:
    // the backend's heap lives as long as the backend).
    helperPlace = heap.shared ? { memory: heap.memory, controlBase: wasmBackend.wasm._malloc(GemmHelper.CONTROL_BYTES) >>> 0 } : null;
    await applyThreads();
  } else {
    const module = await compileGemmModule();
    if (module === null) return false;
    const memory = new WebAssembly.Memory({ initial: 16 });
    runners.set(backend as object, new CopyRunner(backend as CpuBackendLike, await instantiateGemm(module, memory), memory));
  }
  return true;
}

/**
 * Whether the active backend has prepared GEMM kernels (see {@link prepareGemmKernels}).
 *
 * @example
 * ```ts
 * if (!gemmKernelsReady()) await prepareGemmKernels();
 * ```
 */
export function gemmKernelsReady(): boolean {
  return runners.has(tf.backend() as unknown as object);
}
