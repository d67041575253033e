import type { RewardPreset } from '../../data';
import { AWR_MAX_WEIGHT } from '../../losses';
import { checkNumber, COMMON_DEFAULTS, type CommonConfig } from '../config';
import type { ConfigDefaults } from '../definition';

/**
 * Named AWAC recipes (CORL's per-dataset configs, which share one λ per domain).
 *
 * @example
 * ```ts
 * trainAWAC(dataset, { preset: 'antmaze' satisfies AWACPreset });
 * ```
 */
export type AWACPreset = 'locomotion' | 'antmaze' | 'maze2d' | 'adroit';

/**
 * How {@link trainAWAC} turns advantages into actor weights:
 * - `'exp'`: `min(exp(A/λ), maxAdvantageWeight)` per row (CORL);
 * - `'softmax'`: `B · softmax(A/λ)` over the batch of `B` rows, mean 1 and no clip (d3rlpy, jaxrl).
 *
 * @example
 * ```ts
 * const w: AWACWeighting = 'softmax';
 * ```
 */
export type AWACWeighting = 'exp' | 'softmax';

/**
 * Configuration of {@link trainAWAC}.
 *
 * @example
 * ```ts
 * const cfg: Partial<AWACConfig> = { preset: 'locomotion', steps: 100_000, weighting: 'softmax' };
 * ```
 */
export interface AWACConfig extends CommonConfig {
  /** Discount γ in [0, 1] (CORL `gamma`). */
  discount: number;
  /** Polyak rate of the target critics (CORL `tau`). */
  targetUpdateRate: number;
  /** Temperature λ > 0 of the weights `exp(A/λ)`: small λ is greedy, large λ is BC (CORL `awac_lambda`, d3rlpy `lam`, jaxrl `beta`). */
  lambda: number;
  /** Per-row clipped exponential weights (CORL) or batch-softmax weights (d3rlpy, jaxrl); see {@link AWACWeighting}. */
  weighting: AWACWeighting;
  /** Clip of the `'exp'` weights (CORL `exp_adv_max`); unused by `'softmax'`. */
  maxAdvantageWeight: number;
  /** Reward transform: `'antmaze'` r − 1 (CORL `normalize_reward` on antmaze), `'locomotion'`, `'none'`. */
  rewardPreset: RewardPreset;
  /** A published recipe applied under your fields. */
  preset?: AWACPreset;
}

/**
 * Lower clip of the AWAC actor's log-std (CORL `min_log_std`); the upper clip is the usual 2.
 *
 * @example
 * ```ts
 * AWAC_LOG_STD_MIN; // -20
 * ```
 */
export const AWAC_LOG_STD_MIN = -20;

/**
 * Defaults of {@link trainAWAC}: CORL's `awac.py` (λ 1, weights `min(exp(A/λ), 100)`, `[256, 256, 256]`
 * actor and critics, Adam 3e-4, batch 256, γ 0.99, Polyak 0.005, observations standardised).
 *
 * @example
 * ```ts
 * AWAC_DEFAULTS.lambda; // 1
 * ```
 */
export const AWAC_DEFAULTS: Readonly<ConfigDefaults<AWACConfig>> = Object.freeze({
  ...COMMON_DEFAULTS,
  hiddenDims: [256, 256, 256],
  normalizeObservations: true,
  discount: 0.99,
  targetUpdateRate: 0.005,
  lambda: 1,
  weighting: 'exp',
  maxAdvantageWeight: AWR_MAX_WEIGHT,
  rewardPreset: 'none',
});

/**
 * CORL's AWAC configs by domain: λ 0.3333 on locomotion (hopper, halfcheetah, walker2d), 0.1 on
 * antmaze (with r − 1), maze2d and Adroit.
 *
 * @example
 * ```ts
 * AWAC_PRESETS.antmaze; // { lambda: 0.1, rewardPreset: 'antmaze' }
 * ```
 */
export const AWAC_PRESETS: Readonly<Record<AWACPreset, Partial<AWACConfig>>> = Object.freeze({
  locomotion: { lambda: 0.3333 },
  antmaze: { lambda: 0.1, rewardPreset: 'antmaze' },
  maze2d: { lambda: 0.1 },
  adroit: { lambda: 0.1 },
});

/**
 * Names other codebases use for AWAC's settings, for error hints.
 *
 * @example
 * ```ts
 * AWAC_HINTS.awac_lambda; // 'lambda'
 * ```
 */
export const AWAC_HINTS: Readonly<Record<string, string>> = Object.freeze({
  awac_lambda: 'lambda',
  lam: 'lambda',
  beta: 'lambda',
  exp_adv_max: 'maxAdvantageWeight',
  normalize_reward: 'rewardPreset',
});

/**
 * Validates a merged AWAC config, throwing a RangeError naming the bad field.
 *
 * @example
 * ```ts
 * checkAWACConfig({ ...AWAC_DEFAULTS, lambda: 0 }); // throws: lambda must be … > 0
 * ```
 */
export function checkAWACConfig(cfg: AWACConfig, trainer = 'trainAWAC'): void {
  checkNumber(trainer, 'discount', cfg.discount, { min: 0, max: 1 });
  checkNumber(trainer, 'targetUpdateRate', cfg.targetUpdateRate, { min: 0, max: 1 });
  checkNumber(trainer, 'lambda', cfg.lambda, { min: 0, exclusiveMin: true });
  checkNumber(trainer, 'maxAdvantageWeight', cfg.maxAdvantageWeight, { min: 0, exclusiveMin: true });
  if (cfg.weighting !== 'exp' && cfg.weighting !== 'softmax') {
    throw new RangeError(`${trainer}: weighting must be 'exp' or 'softmax', got '${String(cfg.weighting)}'`);
  }
  if (!['none', 'locomotion', 'antmaze'].includes(cfg.rewardPreset)) {
    throw new RangeError(`${trainer}: rewardPreset must be 'none', 'locomotion' or 'antmaze', got '${String(cfg.rewardPreset)}'`);
  }
  if (cfg.preset !== undefined && !(cfg.preset in AWAC_PRESETS)) {
    throw new RangeError(`${trainer}: unknown preset '${String(cfg.preset)}'; expected one of ${Object.keys(AWAC_PRESETS).join(', ')}`);
  }
}
