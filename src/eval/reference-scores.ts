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
 * MuJoCo locomotion tasks share one pair per robot across datasets and versions (`hopper-medium-v2`,
 * `hopper-medium-replay-v2`, … all use `'hopper'`); maze2d has one pair per maze (sparse and
 * dense differ); every antmaze dataset uses 0 / 1 (the return is the success indicator); the Adroit
 * v1 datasets share their task's pair (`'pen'`, …, copied from `<task>-human-v0`); every kitchen
 * dataset uses 0 / 4 (four subtasks). {@link d4rlReferenceScores} maps a dataset name to its pair.
 *
 * Values are those of the D4RL source (`d4rl/infos.py`, `d4rl/gym_mujoco/__init__.py`).
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
  ant: Object.freeze({ min: -325.6, max: 3879.7 }),
  'maze2d-open-v0': Object.freeze({ min: 0.01, max: 20.66 }),
  'maze2d-umaze-v1': Object.freeze({ min: 23.85, max: 161.86 }),
  'maze2d-medium-v1': Object.freeze({ min: 13.13, max: 277.39 }),
  'maze2d-large-v1': Object.freeze({ min: 6.7, max: 273.99 }),
  'maze2d-open-dense-v0': Object.freeze({ min: 11.17817, max: 27.166538620695782 }),
  'maze2d-umaze-dense-v1': Object.freeze({ min: 68.537689, max: 193.66285642381482 }),
  'maze2d-medium-dense-v1': Object.freeze({ min: 44.264742, max: 297.4552547777125 }),
  'maze2d-large-dense-v1': Object.freeze({ min: 30.569041, max: 303.4857382709002 }),
  antmaze: Object.freeze({ min: 0, max: 1 }),
  pen: Object.freeze({ min: 96.262799, max: 3076.8331017826877 }),
  door: Object.freeze({ min: -56.512833, max: 2880.5693087298737 }),
  hammer: Object.freeze({ min: -274.856578, max: 12794.134825156867 }),
  relocate: Object.freeze({ min: -6.425911, max: 4233.877797728884 }),
  kitchen: Object.freeze({ min: 0, max: 4 }),
});

/** D4RL dataset names → the key of their pair in {@link D4RL_REFERENCE_SCORES} (first match wins). */
const D4RL_NAME_RULES: ReadonlyArray<readonly [RegExp, (match: RegExpMatchArray) => string]> = [
  [/^(hopper|halfcheetah|walker2d|ant)-(random|medium|expert|medium-replay|full-replay|medium-expert)-v[012]$/, (m) => m[1]],
  [/^antmaze-(umaze|umaze-diverse|medium-play|medium-diverse|large-play|large-diverse)-v[02]$/, () => 'antmaze'],
  [/^(maze2d-(?:open|open-dense)-v0|maze2d-(?:umaze|medium|large)(?:-dense)?-v1)$/, (m) => m[1]],
  [/^(pen|door|hammer|relocate)-(human-v0|human-v1|cloned-v1|expert-v1)$/, (m) => m[1]],
  [/^kitchen-(complete|partial|mixed)-v0$/, () => 'kitchen'],
];

/**
 * D4RL's reference returns for a dataset name (`'hopper-medium-v2'`, `'antmaze-umaze-diverse-v2'`,
 * `'maze2d-umaze-v1'`, `'pen-cloned-v1'`, `'kitchen-mixed-v0'`, …), or `undefined` for a name D4RL
 * does not define (antmaze `-v1`, unknown tasks). Names are matched exactly (lower case, dashes).
 *
 * @example
 * ```ts
 * d4rlReferenceScores('walker2d-medium-replay-v2'); // { min: 1.629008, max: 4592.3 }
 * d4rlReferenceScores('my-robot-v0');               // undefined
 * ```
 */
export function d4rlReferenceScores(datasetId: string): Readonly<ScoreRange> | undefined {
  if (typeof datasetId !== 'string') return undefined;
  for (const [pattern, key] of D4RL_NAME_RULES) {
    const match = datasetId.match(pattern);
    if (match) return D4RL_REFERENCE_SCORES[key(match)];
  }
  return undefined;
}

/**
 * Anything that carries dataset metadata (a {@link Dataset}); its `metadata.referenceScores`
 * anchor {@link normalizedScore}.
 *
 * @example
 * ```ts
 * const source: HasReferenceScores = dataset; // loaded with loadDataset, or createDataset({ …, metadata })
 * ```
 */
export interface HasReferenceScores {
  /** The dataset's metadata; `referenceScores` is what normalizedScore reads. */
  readonly metadata?: { readonly referenceScores?: Readonly<ScoreRange> };
}

/**
 * D4RL's normalized score: `100 · (score − min) / (max − min)`. 0 is the reference minimum
 * (random), 100 the reference maximum (expert); values outside [0, 100] are possible.
 *
 * `ref` is the pair `{ min, max }`, or a dataset whose `metadata.referenceScores` holds it (set by
 * `loadDataset` from the file or D4RL's constants, or by `createDataset({ …, metadata })`).
 *
 * @throws RangeError when `score`, `ref.min` or `ref.max` is not finite, or `ref.max === ref.min`.
 * @throws Error when `ref` is a dataset without reference scores.
 *
 * @example
 * ```ts
 * normalizedScore(10, { min: 0.5, max: 10 });                       // 100
 * normalizedScore(1600, D4RL_REFERENCE_SCORES.hopper);              // ≈ 49.8
 * const dataset = await loadDataset('hopper-medium-v2.hdf5');      // from 'offline-rl/io'
 * normalizedScore(1600, dataset);                                   // ≈ 49.8 (the same constants)
 * ```
 */
export function normalizedScore(score: number, ref: ScoreRange | HasReferenceScores): number {
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    throw new RangeError(`normalizedScore: score must be a finite number, got ${score}`);
  }
  if (ref === null || typeof ref !== 'object') {
    throw new TypeError('normalizedScore: ref must be an object { min, max } or a dataset with metadata.referenceScores');
  }
  if (!('min' in ref) || !('max' in ref)) {
    const fromDataset = (ref as HasReferenceScores).metadata?.referenceScores;
    if (fromDataset === undefined) {
      throw new Error(
        'normalizedScore: the dataset has no reference scores (metadata.referenceScores); pass { min, max }, ' +
          "or load it with loadDataset(path, { datasetId }) / { referenceScores } from 'offline-rl/io'",
      );
    }
    ref = fromDataset;
  }
  if (!Number.isFinite(ref.min) || !Number.isFinite(ref.max)) {
    throw new RangeError(`normalizedScore: ref.min and ref.max must be finite, got ${ref.min} / ${ref.max}`);
  }
  if (ref.max === ref.min) {
    throw new RangeError(`normalizedScore: ref.max must differ from ref.min, both are ${ref.min}`);
  }
  return (NORMALIZED_SCALE * (score - ref.min)) / (ref.max - ref.min);
}
