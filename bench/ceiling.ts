/**
 * One trainer's update against the two-core ceiling of the project's GEMM kernel (issue:
 * performance). It records the matrix products of one update (shapes and flags), then alternates in
 * rounds, so that each round's figures come from the same minute of a machine whose speed drifts:
 *
 * - `--updates` updates with the default threads: ms per update;
 * - each recorded product alone on one thread, in a loop (the fastest of three timings), giving
 *   - the **shape ceiling**: the sum of the one-thread times over the update's products, halved —
 *     both cores running this kernel on exactly these products, split perfectly, and nothing else;
 *   - the **FLOP ceiling**: the update's multiply-adds at the one-thread rate of a 256³ product,
 *     halved — every product as fast as the square one (the estimate, ≈ 0.6 GFLOP at
 *     2 × the square rate).
 *
 * - the same products each in a loop on two threads (as the update runs them, split by rows), summed:
 *   how much of the ratio is the kernel's own two-thread scaling, and how much the update adds;
 * - the update timed as the products are (the fastest of three short loops), beside its mean over
 *   `--updates`: the ceilings come from the machine's quietest moments, the mean from all of them;
 * - the recorded products once each in the update's order, back to back on two threads, with
 *   nothing between them: on fresh operands per product (colder than the update, where each
 *   product's output is the next one's input) and on one operand set per shape (warmer). The
 *   update's excess over these is everything but its products (other kernels, Adam, Polyak,
 *   sampling, the JavaScript between kernels); their excess over the loops is what running the
 *   products one after another costs them.
 *
 * The one-thread times are those of the `gemm` and `weightGradients` ops, tfjs's dispatch included
 * (a few µs per call), as the update runs them.
 *
 *   npx tsx bench/ceiling.ts                                # iql standard, 7 rounds
 *   npx tsx bench/ceiling.ts --algo td3bc --rounds 5 --updates 500
 *
 * The products of `--record` consecutive updates (default 2) are recorded and every figure is per
 * update, averaged over them: TD3+BC's and ReBRAC's actor steps come every second update.
 *
 * Each round also reads, before and after, how much of two cores the machine gave in that minute
 * (`concurrency-probe.ts`: a 256³ product looped on one thread alone, then on two threads at once,
 * independently). The summary sets the round's slower reading of the two at once against the
 * fastest one-thread reading of the run (~1: two full cores; up to 2 and beyond when the virtual
 * machine's two cores share one), and gives the ratios of the rounds that had two full cores
 * separately.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { createTrainer, disposeAll, gemm, Rng, setGemmThreads, useBackend, weightGradients } from 'offline-rl';
import { CONFIGS, syntheticDataset } from './bench-setup';
import { startConcurrencyProbe, type ConcurrencyReading } from './concurrency-probe';

/** Untimed updates first: at least this long (V8 optimises both threads' code over the first thousands of products). */
const WARMUP_SECONDS = 1;
/**
 * Rounds in which two threads at once looped the 256³ product at most this much slower than the
 * run's fastest one-thread loop count as having had two full cores.
 */
const TWO_CORES_MAX_RATIO = 1.05;
/** Each product is timed in loops of at least this long. */
const LOOP_MS = 30;
/** The kernels whose calls are recorded (see backend/wasm-kernels/gemm-kernels.ts). */
const GEMM_KERNEL = 'OfflineRLGemm';
const WEIGHT_GRADIENTS_KERNEL = 'OfflineRLWeightGradients';

const { values } = parseArgs({
  options: {
    algo: { type: 'string', default: 'iql' },
    config: { type: 'string', default: 'standard' },
    rounds: { type: 'string', default: '7' },
    updates: { type: 'string', default: '200' },
    record: { type: 'string', default: '2' },
  },
});
const config = CONFIGS[values.config as keyof typeof CONFIGS];
if (!config) throw new RangeError(`ceiling: unknown config '${values.config}' (standard, small)`);
const rounds = Number(values.rounds);
const updates = Number(values.updates);
/**
 * Updates whose products are recorded, and every figure per update averaged over: updates differ
 * (TD3+BC and ReBRAC step the actor every second update), and two cover their cycle.
 */
const recorded = Number(values.record);
if (!(Number.isInteger(recorded) && recorded >= 1)) throw new RangeError(`ceiling: --record must be a positive integer, got ${values.record}`);

/** One recorded product: how to run it again on fresh operands of the same shapes. */
interface Product {
  key: string;
  macs: number;
  run: () => tf.Tensor | tf.Tensor[];
  dispose: () => void;
}

/** One recorded kernel call: its name, its inputs' shapes and its attributes. */
interface Call {
  kernelName: string;
  shapes: Record<string, number[]>;
  attrs: Record<string, unknown>;
}

const random2d = (shape: number[]) => tf.randomNormal(shape as [number, number]) as tf.Tensor2D;

/** A product like `call`, on fresh random operands (made outside any tidy scope of the update). */
function replayable({ kernelName, shapes, attrs }: Call): Product {
  if (kernelName === WEIGHT_GRADIENTS_KERNEL) {
    const [x, g] = [random2d(shapes.x), random2d(shapes.g)];
    return { key: `xᵀ·g ${x.shape}·${g.shape}`, macs: x.shape[0] * x.shape[1] * g.shape[1], run: () => weightGradients(x, g), dispose: () => tf.dispose([x, g]) };
  }
  const { transposeA, transposeB, relu } = attrs as { transposeA: boolean; transposeB: boolean; relu: boolean };
  const [a, b] = [random2d(shapes.a), random2d(shapes.b)];
  const bias = shapes.bias ? (tf.randomNormal(shapes.bias as [number]) as tf.Tensor1D) : undefined;
  const gate = shapes.gate ? random2d(shapes.gate) : undefined;
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const n = transposeB ? b.shape[0] : b.shape[1];
  const flags = `${transposeA ? 'ᵀ' : ''}${transposeB ? ' bᵀ' : ''}${bias ? ' +bias' : ''}${relu ? ' relu' : ''}${gate ? ' gate' : ''}`;
  return {
    key: `${m}×${k}·${k}×${n}${flags}`,
    macs: m * k * n,
    run: () => gemm(a, b, { transposeA, transposeB, bias, gate, activation: relu ? 'relu' : 'linear' }),
    dispose: () => tf.dispose([a, b, ...(bias ? [bias] : []), ...(gate ? [gate] : [])]),
  };
}

/** The products one call of `fn` runs, in order. */
function recordProducts(fn: () => void): Product[] {
  const calls: Call[] = [];
  const originals = [GEMM_KERNEL, WEIGHT_GRADIENTS_KERNEL].map((name) => tf.getKernel(name, tf.getBackend()));
  for (const kernel of originals) {
    if (!kernel) throw new Error(`ceiling: kernel not registered on ${tf.getBackend()}`);
    tf.unregisterKernel(kernel.kernelName, kernel.backendName);
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        const shapes = Object.fromEntries(Object.entries(args.inputs).map(([name, t]) => [name, [...(t as tf.TensorInfo).shape]]));
        calls.push({ kernelName: kernel.kernelName, shapes, attrs: { ...args.attrs } });
        return kernel.kernelFunc(args);
      },
    });
  }
  try {
    fn();
  } finally {
    for (const kernel of originals) {
      if (!kernel) continue;
      tf.unregisterKernel(kernel.kernelName, kernel.backendName);
      tf.registerKernel(kernel);
    }
  }
  return calls.map(replayable);
}

/** {@link fastestLoop} of a product, its outputs disposed after each call. */
function timeProduct(run: () => tf.Tensor | tf.Tensor[]): number {
  return fastestLoop(() => tf.dispose(run()));
}

/** Microseconds of one call of `run`, the fastest of three loops of at least LOOP_MS each. */
function fastestLoop(run: () => void): number {
  let best = Infinity;
  for (let loop = 0; loop < 3; loop++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < LOOP_MS) {
      run();
      n += 1;
    }
    best = Math.min(best, ((performance.now() - start) / n) * 1000);
  }
  return best;
}

/**
 * Milliseconds of one pass over `list` (each product run once, in order), averaged over `passes`
 * passes after an untimed one; each product's time per call is added into `perCall` (µs, by key).
 */
function timeSequence(list: Product[], passes: number, perCall?: Map<string, number>): number {
  const pass = (times?: Map<string, number>) => {
    for (const p of list) {
      const start = performance.now();
      tf.dispose(p.run());
      times?.set(p.key, (times.get(p.key) ?? 0) + performance.now() - start);
    }
  };
  pass();
  const times = new Map<string, number>();
  const start = performance.now();
  for (let i = 0; i < passes; i++) pass(times);
  const ms = (performance.now() - start) / passes;
  if (perCall) {
    const calls = new Map<string, number>();
    for (const p of list) calls.set(p.key, (calls.get(p.key) ?? 0) + 1);
    for (const [key, total] of times) perCall.set(key, (1000 * total) / passes / (calls.get(key) ?? 1));
  }
  return ms;
}

await useBackend('wasm');
const trainer = createTrainer(values.algo as 'iql', syntheticDataset(config.obs, config.act, new Rng(0)), {
  hiddenDims: [config.hidden, config.hidden],
  batchSize: config.batch,
  steps: 1_000_000,
});
const warmupStart = performance.now();
while (performance.now() - warmupStart < WARMUP_SECONDS * 1000) disposeAll(trainer.update());
const products = recordProducts(() => {
  for (let i = 0; i < recorded; i++) disposeAll(trainer.update());
});
const square = replayable({ kernelName: GEMM_KERNEL, shapes: { a: [256, 256], b: [256, 256] }, attrs: { transposeA: false, transposeB: false, relu: false } });
const totalMacs = products.reduce((sum, p) => sum + p.macs, 0) / recorded;
console.log(`${values.algo} ${values.config}: ${products.length / recorded} products, ${(totalMacs / 1e6).toFixed(1)}M multiply-adds per update (over ${recorded} updates)`);

/** The recorded products with one operand set per shape (the first product of each shape's). */
const firstOfShape = new Map<string, Product>();
for (const p of products) if (!firstOfShape.has(p.key)) firstOfShape.set(p.key, p);
const sharedOperands = products.map((p) => firstOfShape.get(p.key) ?? p);

interface Round {
  update: number;
  updateShort: number;
  shape: number;
  flop: number;
  loops: number;
  fresh: number;
  shared: number;
  /** The concurrency probe's readings before and after the round (see TWO_CORES_MAX_RATIO). */
  probes: ConcurrencyReading[];
}
const summary: Round[] = [];
const probe = await startConcurrencyProbe(LOOP_MS);
/** Passes over the recorded products per sequence timing: as many updates' worth as `--updates`. */
const passes = Math.max(1, Math.round(updates / recorded));
const inSequence = new Map<string, number>();
for (let round = 0; round < rounds; round++) {
  await setGemmThreads('auto');
  const before = await probe.measure();
  for (let i = 0; i < 50; i++) disposeAll(trainer.update());
  const start = performance.now();
  for (let i = 0; i < updates; i++) disposeAll(trainer.update());
  const update = (performance.now() - start) / updates;
  const updateShort = fastestLoop(() => disposeAll(trainer.update())) / 1000;
  const fresh = timeSequence(products, passes, inSequence) / recorded;
  const shared = timeSequence(sharedOperands, passes) / recorded;

  await setGemmThreads(1);
  const byKey = new Map<string, { us: number; count: number }>();
  for (const p of products) {
    const entry = byKey.get(p.key) ?? { us: timeProduct(p.run), count: 0 };
    entry.count += 1;
    byKey.set(p.key, entry);
  }
  const oneThreadMs = [...byKey.values()].reduce((sum, e) => sum + e.us * e.count, 0) / 1000 / recorded;
  const squareUs = timeProduct(square.run);
  await setGemmThreads('auto');
  const twoThreads = new Map<string, number>();
  for (const p of products) if (!twoThreads.has(p.key)) twoThreads.set(p.key, timeProduct(p.run));
  const loops = products.reduce((sum, p) => sum + (twoThreads.get(p.key) ?? 0), 0) / 1000 / recorded;
  const shape = oneThreadMs / 2;
  const flop = ((totalMacs / square.macs) * squareUs) / 1000 / 2;
  const after = await probe.measure();
  summary.push({ update, updateShort, shape, flop, loops, fresh, shared, probes: [before, after] });
  const probeText = (r: ConcurrencyReading) => `${r.alone.toFixed(0)} µs alone, ${r.together.map((us) => us.toFixed(0)).join(' and ')} at once`;
  console.log(
    `round ${round + 1}: the 256³ product on one thread and on two independently, before the round ${probeText(before)}, after ${probeText(after)}; update ${update.toFixed(2)} ms; shape ceiling ${shape.toFixed(2)} ms (ratio ${(update / shape).toFixed(2)}); ` +
      `FLOP ceiling ${flop.toFixed(2)} ms (ratio ${(update / flop).toFixed(2)}; 256³ on one thread ${squareUs.toFixed(0)} µs = ${((2 * square.macs) / squareUs / 1e3).toFixed(1)} GFLOP/s); ` +
      `products in two-thread loops ${loops.toFixed(2)} ms (${(loops / shape).toFixed(2)} × shape ceiling)`,
  );
  console.log(
    `  update in the fastest of three ${LOOP_MS}-ms loops ${updateShort.toFixed(2)} ms (${(updateShort / shape).toFixed(2)} × shape ceiling); ` +
      `products back to back: fresh operands ${fresh.toFixed(2)} ms (${(fresh / shape).toFixed(2)}×), one set per shape ${shared.toFixed(2)} ms (${(shared / shape).toFixed(2)}×)`,
  );
  if (round === rounds - 1) {
    for (const [key, e] of [...byKey.entries()].sort((x, y) => y[1].us * y[1].count - x[1].us * x[1].count)) {
      const two = twoThreads.get(key) ?? 0;
      const sequenced = inSequence.get(key) ?? 0;
      console.log(
        `  ${key.padEnd(36)} ×${e.count / recorded}  ${e.us.toFixed(1).padStart(8)} µs on one thread, ${two.toFixed(1).padStart(8)} on two (${(e.us / two).toFixed(2)}×), ` +
          `${sequenced.toFixed(1).padStart(8)} back to back (${(sequenced / (e.us / 2)).toFixed(2)}× half the one-thread time)`,
      );
    }
  }
}
await setGemmThreads('auto');
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[(xs.length - 1) >> 1];
const shapeRatios = summary.map((r) => r.update / r.shape);
const flopRatios = summary.map((r) => r.update / r.flop);
const scaling = summary.map((r) => r.loops / r.shape);
const aroundProducts = summary.map((r) => r.update / r.loops);
const ofShape = (pick: (r: Round) => number) => median(summary.map((r) => pick(r) / r.shape)).toFixed(2);
console.log(
  `over ${rounds} rounds: update / shape ceiling ${Math.min(...shapeRatios).toFixed(2)}–${Math.max(...shapeRatios).toFixed(2)} (median ${median(shapeRatios).toFixed(2)}); ` +
    `update / FLOP ceiling ${Math.min(...flopRatios).toFixed(2)}–${Math.max(...flopRatios).toFixed(2)} (median ${median(flopRatios).toFixed(2)}); fastest update ${Math.min(...summary.map((r) => r.update)).toFixed(2)} ms`,
);
console.log(
  `where the ratio goes (medians): the products alone in two-thread loops / shape ceiling ${median(scaling).toFixed(2)} (the kernel's two-thread scaling); ` +
    `update / those loops ${median(aroundProducts).toFixed(2)} (everything the update adds around its products)`,
);
console.log(
  `timed like the products (fastest of three ${LOOP_MS}-ms loops): update / shape ceiling ${ofShape((r) => r.updateShort)} (median); ` +
    `the products back to back with nothing between them / shape ceiling: fresh operands ${ofShape((r) => r.fresh)}, one set per shape ${ofShape((r) => r.shared)} (medians)`,
);
const quietUs = Math.min(...summary.flatMap((r) => r.probes.map((p) => p.alone)));
const coresOf = (r: Round) => Math.max(...r.probes.flatMap((p) => p.together)) / quietUs;
const twoCores = summary.filter((r) => coresOf(r) <= TWO_CORES_MAX_RATIO);
console.log(
  `the machine: the slower of two independent 256³ loops at once / the run's fastest one-thread loop (${quietUs.toFixed(0)} µs), per round: ` +
    `${summary.map((r) => coresOf(r).toFixed(2)).join(', ')}; ` +
    (twoCores.length === 0
      ? `no round had two full cores (≤ ${TWO_CORES_MAX_RATIO}×)`
      : `in the ${twoCores.length} round(s) with two full cores (≤ ${TWO_CORES_MAX_RATIO}×): update / shape ceiling ` +
        `${twoCores.map((r) => (r.update / r.shape).toFixed(2)).join(', ')}, timed like the products ${twoCores.map((r) => (r.updateShort / r.shape).toFixed(2)).join(', ')}`),
);
await probe.stop();
products.forEach((p) => p.dispose());
square.dispose();
trainer.dispose();
process.exit(0);
