import type { Batch64 } from './iql64';
/**
 * Seeded fixtures for the float64 reference tests: a small generator of its own (mulberry32, not the
 * library's Rng), random networks and Adam states. Every value is rounded to float32
 * (`Math.fround`), so the library's float32 variables start from exactly the reference's numbers.
 */
import type { AdamState64 } from './adam64';
import type { Layer64, Mlp64 } from './mlp64';

/** A one-update reference test's starting point: networks, Adam states part-way through training, a batch. */
export interface Fixture64<Nets, Adam, B = Batch64> {
  nets: Nets;
  adam: Adam;
  batch: B;
}

/** mulberry32: a tiny seeded 32-bit generator. */
export class Random64 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi), rounded to float32. */
  uniform(lo: number, hi: number): number {
    return Math.fround(lo + (hi - lo) * this.next());
  }

  /** Normal(0, std²) by Box–Muller, rounded to float32. */
  normal(std = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.fround(std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** `[rows, cols]` of uniform values. */
  matrix(rows: number, cols: number, lo: number, hi: number): number[][] {
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => this.uniform(lo, hi)));
  }
}

/**
 * A network with widths `dims` (input, hidden…, output): weights N(0, (gain/√fan_in)²), biases
 * N(0, biasStd²); `outputBias` is added to the last layer's biases (to shift a critic's scale).
 */
export function randomMlp64(rng: Random64, dims: number[], options: { gain?: number; biasStd?: number; outputBias?: number; layerNorm?: boolean } = {}): Mlp64 {
  const gain = options.gain ?? 1;
  const biasStd = options.biasStd ?? 0.1;
  return dims.slice(1).map((out, l) => {
    const layer: Layer64 = {
      W: Array.from({ length: dims[l] }, () => Array.from({ length: out }, () => rng.normal(gain / Math.sqrt(dims[l])))),
      b: Array.from({ length: out }, () => Math.fround(rng.normal(biasStd) + (l === dims.length - 2 ? (options.outputBias ?? 0) : 0))),
    };
    // A layer norm after each hidden ReLU, with a scale and offset away from their initial 1 and 0.
    if (options.layerNorm && l < dims.length - 2) {
      layer.norm = { scale: Array.from({ length: out }, () => rng.uniform(0.5, 1.5)), offset: Array.from({ length: out }, () => rng.normal(0.2)) };
    }
    return layer;
  });
}

/**
 * An Adam state part-way through training (step `t`, non-zero moments). From zero moments the first
 * Adam step is `lr·g/(|g| + ε) ≈ lr·sign(g)`, blind to the gradient's size; with these moments the
 * step depends on the gradient's value, so a test can tell gradients apart.
 */
export function randomAdamState64(rng: Random64, n: number, t = 4, mStd = 0.05, vRange: [number, number] = [0.002, 0.02]): AdamState64 {
  return {
    t,
    m: Array.from({ length: n }, () => rng.normal(mStd)),
    v: Array.from({ length: n }, () => rng.uniform(vRange[0], vRange[1])),
  };
}

/** A random batch of `size` transitions (observations in ±2, actions in ±0.95, rewards in ±1) with the given terminal flags. */
export function randomBatch64(rng: Random64, observationDim: number, actionDim: number, terminals: number[]): Batch64 {
  const size = terminals.length;
  return {
    observations: rng.matrix(size, observationDim, -2, 2),
    actions: rng.matrix(size, actionDim, -0.95, 0.95),
    rewards: Array.from({ length: size }, () => rng.uniform(-1, 1)),
    nextObservations: rng.matrix(size, observationDim, -2, 2),
    terminals,
  };
}
