import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * Largest seed offline-rl accepts: seeds are integers in `0 … 2³² − 1` (any unsigned 32-bit value).
 *
 * @example
 * ```ts
 * new Rng(MAX_SEED); // fine; new Rng(MAX_SEED + 1) throws
 * ```
 */
export const MAX_SEED = 0xffffffff;

/**
 * Throws a RangeError naming `owner` unless `seed` is an integer in `0 … 2³² − 1` ({@link MAX_SEED}).
 * Fractions, negative numbers and larger values are rejected rather than truncated, so two different
 * seeds never silently give the same run.
 *
 * @example
 * ```ts
 * checkSeed('trainIQL', 7);   // ok
 * checkSeed('trainIQL', 0.5); // throws RangeError: trainIQL: seed must be an integer in 0 … 4294967295, got 0.5
 * ```
 */
export function checkSeed(owner: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`${owner}: seed must be an integer in 0 … ${MAX_SEED}, got ${String(seed)}`);
  }
}

/**
 * The saved state of an {@link Rng}: the generator's words and the cached second normal draw.
 *
 * @example
 * ```ts
 * const state: RngState = rng.getState();
 * const again = Rng.fromState(state); // continues exactly where rng is
 * ```
 */
export interface RngState {
  words: number[];
  spare: number | null;
}

/** murmur3's 32-bit finaliser: a bijection that mixes every input bit into every output bit. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Distinct odd constants (golden-ratio multiples) that give each state word its own mix of the seed. */
const SEED_WORD_SALTS = [0x9e3779b9, 0x3c6ef372, 0xdaa66d2b, 0x78dde6e4] as const;

/**
 * The four 32-bit state words of the stream of `seed`: each is `mix32(seed ^ salt)`. `mix32` is a
 * bijection, so distinct seeds give distinct words and never the all-zero state xoroshiro cannot
 * leave.
 */
function seedWords(seed: number): number[] {
  return SEED_WORD_SALTS.map((salt) => mix32(seed ^ salt) | 0);
}

/** FNV-1a over the UTF-16 code units of `text`. */
function hashName(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The library's one source of randomness: a seeded xoroshiro128+ stream.
 *
 * Every random draw in offline-rl (weight init, minibatch sampling, the `seed` of each tfjs random
 * op, policy sampling, environment resets) comes from an `Rng` derived from the user's `seed`, so
 * the same seed on the same backend gives the same numbers. {@link Rng.named} derives an independent
 * stream from a seed and a name (the trainers' streams `init/actor`, `sampler`, …), so adding a
 * stream or drawing more from one never shifts another; {@link Rng.split} hands a child stream to a
 * sub-component.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const u = rng.next();          // uniform in [0, 1)
 * const i = rng.int(10);         // integer in [0, 10)
 * const opSeed = rng.seed();     // fresh seed for tf.randomNormal(shape, 0, 1, 'float32', opSeed)
 * const child = rng.split();     // independent stream
 * const init = Rng.named(42, 'init/critics'); // the same stream whatever else is drawn
 * ```
 */
export class Rng {
  private gen: Generator;
  private spare: number | null = null;

  /**
   * @param seed - an integer in `0 … 2³² − 1` (see {@link checkSeed}). The seed is spread over the
   * generator's four state words by a bijective mixer, so neighbouring seeds (0, 1, 2, …) give
   * unrelated streams from their first draw.
   */
  constructor(seed: number) {
    checkSeed('Rng', seed);
    this.gen = xoroshiro128plusFromState(seedWords(seed));
  }

  /**
   * The stream named `name` under `seed`: a function of both alone (a hash of the name mixed into
   * the seed), so streams do not depend on the order in which they are created.
   */
  static named(seed: number, name: string): Rng {
    checkSeed('Rng.named', seed);
    return Rng.fromMixedWord(mix32(seed ^ mix32(hashName(name))));
  }

  /**
   * A stream from a word that is already well mixed (a hash or a draw of another stream), seeded as
   * pure-rand's `xoroshiro128plus(word)` does. Named streams and splits have always been built this
   * way; keeping it keeps every trainer's numbers.
   */
  private static fromMixedWord(word: number): Rng {
    const rng = new Rng(0);
    // `| 0` maps 0 … 2³² − 1 one-to-one onto the signed 32-bit seeds the generator takes.
    rng.gen = xoroshiro128plus(word | 0);
    return rng;
  }

  /** A stream that continues exactly where the one that gave `state` was. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** Continues from `state` ({@link Rng.getState}) in place: whoever holds this stream draws from there. */
  setState(state: RngState): void {
    if (!state || !Array.isArray(state.words) || state.words.length !== 4 || !state.words.every(Number.isInteger)) {
      throw new RangeError('Rng.setState: state.words must be four 32-bit integers');
    }
    this.gen = xoroshiro128plusFromState(state.words);
    this.spare = typeof state.spare === 'number' ? state.spare : null;
  }

  /** The state to continue this stream from later ({@link Rng.fromState}); JSON-safe. */
  getState(): RngState {
    return { words: [...this.gen.getState()], spare: this.spare };
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
    return Rng.fromMixedWord(this.seed());
  }
}
