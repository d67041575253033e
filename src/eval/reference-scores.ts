/**
 * The two returns that anchor a normalized score: `min` scores 0, `max` scores 100.
 *
 * @example
 * ```ts
 * const ref: ScoreRange = { min: -20.272305, max: 3234.3 };
 * ```
 */
export interface ScoreRange {
  /** Return scored as 0 (D4RL: a random policy). */
  min: number;
  /** Return scored as 100 (D4RL: an expert policy). */
  max: number;
}

/** Scale of a normalized score: the reference max scores this much. */
const NORMALIZED_SCALE = 100;

/**
 * D4RL's reference returns (`REF_MIN_SCORE` / `REF_MAX_SCORE`), keyed by dataset family: the
 * MuJoCo locomotion tasks share one pair per robot across datasets (`hopper-medium-v2`,
 * `hopper-medium-replay-v2`, … all use `'hopper'`); maze2d has one pair per sparse maze; every
 * antmaze dataset uses 0 / 1 (the return is the success indicator).
 *
 * Values are those of the D4RL source (`d4rl/gym_mujoco/__init__.py`, `d4rl/infos.py`).
 * The dense maze2d variants have other constants and are not listed.
 *
 * @example
 * ```ts
 * normalizedScore(3234.3, D4RL_REFERENCE_SCORES.hopper); // 100
 * D4RL_REFERENCE_SCORES['maze2d-umaze-v1'];              // { min: 23.85, max: 161.86 }
 * ```
 */
export const D4RL_REFERENCE_SCORES: Readonly<Record<string, Readonly<ScoreRange>>> = Object.freeze({
  hopper: Object.freeze({ min: -20.272305, max: 3234.3 }),
  halfcheetah: Object.freeze({ min: -280.178953, max: 12135.0 }),
  walker2d: Object.freeze({ min: 1.629008, max: 4592.3 }),
  'maze2d-umaze-v1': Object.freeze({ min: 23.85, max: 161.86 }),
  'maze2d-medium-v1': Object.freeze({ min: 13.13, max: 277.39 }),
  'maze2d-large-v1': Object.freeze({ min: 6.7, max: 273.99 }),
  antmaze: Object.freeze({ min: 0, max: 1 }),
});

/**
 * D4RL's normalized score: `100 · (score − min) / (max − min)`. 0 is the reference minimum
 * (random), 100 the reference maximum (expert); values outside [0, 100] are possible.
 *
 * @throws RangeError when `score`, `ref.min` or `ref.max` is not finite, or `ref.max === ref.min`.
 *
 * @example
 * ```ts
 * normalizedScore(10, { min: 0.5, max: 10 });                       // 100
 * normalizedScore(1600, D4RL_REFERENCE_SCORES.hopper);              // ≈ 49.8
 * ```
 */
export function normalizedScore(score: number, ref: ScoreRange): number {
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    throw new RangeError(`normalizedScore: score must be a finite number, got ${score}`);
  }
  if (ref === null || typeof ref !== 'object') {
    throw new TypeError('normalizedScore: ref must be an object { min, max }');
  }
  if (!Number.isFinite(ref.min) || !Number.isFinite(ref.max)) {
    throw new RangeError(`normalizedScore: ref.min and ref.max must be finite, got ${ref.min} / ${ref.max}`);
  }
  if (ref.max === ref.min) {
    throw new RangeError(`normalizedScore: ref.max must differ from ref.min, both are ${ref.min}`);
  }
  return (NORMALIZED_SCALE * (score - ref.min)) / (ref.max - ref.min);
}
