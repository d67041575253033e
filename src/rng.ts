import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * The library's one source of randomness: a seeded xoroshiro128+ stream.
 *
 * Every random draw in offline-rl (weight init, minibatch sampling, the `seed` of each tfjs random
 * op, policy sampling, environment resets) comes from an `Rng` derived from the user's `seed`, so
 * the same seed on the same backend gives the same numbers. Use {@link Rng.split} to hand an
 * independent stream to a sub-component, so that adding draws in one place does not shift another.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const u = rng.next();          // uniform in [0, 1)
 * const i = rng.int(10);         // integer in [0, 10)
 * const opSeed = rng.seed();     // fresh seed for tf.randomNormal(shape, 0, 1, 'float32', opSeed)
 * const child = rng.split();     // independent stream
 * ```
 */
export class Rng {
  private readonly gen: Generator;
  private spare: number | null = null;

  /** @param seed - any finite number; it is truncated to a 32-bit integer. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng: seed must be a finite number, got ${seed}`);
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    return uniformInt(this.gen, 0, n - 1);
  }

  /** Standard normal draw (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * A fresh integer in [1, 2³¹ − 1], for the `seed` argument of tfjs random ops. Never 0: tfjs treats
   * a seed of 0 as "no seed" and draws unseeded.
   */
  seed(): number {
    return uniformInt(this.gen, 1, 0x7fffffff);
  }

  /** An independent child stream; the parent advances by one draw. */
  split(): Rng {
    return new Rng(this.seed());
  }
}
