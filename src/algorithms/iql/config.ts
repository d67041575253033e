import type { RewardPreset } from '../../data';
import { AWR_MAX_WEIGHT } from '../../losses';
import { ACTOR_DEFAULTS, checkActorConfig, checkNumber, COMMON_DEFAULTS, type ActorConfig, type CommonConfig } from '../config';
import type { ConfigDefaults } from '../definition';
import { EXTRACTION_METHODS, type ExtractionMethod } from '../extraction/methods';

/**
 * Named published IQL recipes (official code, per domain).
 *
 * @example
 * ```ts
 * trainIQL(dataset, { preset: 'antmaze' satisfies IQLPreset });
 * ```
 */
export type IQLPreset = 'locomotion' | 'antmaze' | 'kitchen';

/**
 * Configuration of {@link trainIQL}. Every field has a default ({@link IQL_DEFAULTS}); `preset` applies
 * a published per-domain recipe before your own fields.
 *
 * @example
 * ```ts
 * const cfg: Partial<IQLConfig> = { preset: 'antmaze', steps: 100_000, seed: 3 };
 * ```
 */
export interface IQLConfig extends CommonConfig, ActorConfig {
  /** Discount γ in [0, 1]; 1 is allowed for finite-horizon data (IQL/CORL `discount`, d3rlpy `gamma`). */
  discount: number;
  /** Expectile τ of the value loss in (0, 1): 0.5 is SARSA (the mean of Q over dataset actions); τ → 1 approaches the in-sample max (official `expectile`, CORL `iql_tau`). */
  expectile: number;
  /** AWR inverse temperature β in `exp(β·A)` (official `temperature`, CORL `beta`, d3rlpy `weight_temp`). */
  beta: number;
  /** Polyak rate of the target critics (everyone else's `tau`). */
  targetUpdateRate: number;
  /** Clip of the AWR weights `exp(β·A)` (CORL `EXP_ADV_MAX`, d3rlpy `max_weight`). */
  maxAdvantageWeight: number;
  /** Reward transform: `'locomotion'` ÷ (max − min episode return) × 1000, `'antmaze'` r − 1, `'none'`. */
  rewardPreset: RewardPreset;
  /** Policy extraction run concurrently with critic training (see {@link ExtractionMethod}). */
  extraction: ExtractionMethod;
  /**
   * Weight of the BC term of `'ddpg'` extraction: the actor minimises `−Q(s, π(s))/mean|Q| +
   * bcAlpha·mean_{b,d}(π(s) − a)²`, the squared error averaged over the batch and the action
   * dimensions as TD3+BC's `F.mse_loss` does. 0 is pure DDPG, which exploits critic errors; TD3+BC's
   * balance (α 2.5) corresponds to 0.4. Unused by the AWR methods.
   */
  bcAlpha: number;
  /** Tokens per action dimension of `'discrete-awr'` extraction (evenly spaced over the action bounds). */
  bins: number;
  /** A published recipe applied under your fields. */
  preset?: IQLPreset;
}

/**
 * Default weight of the BC term of `'ddpg'` extraction: the value the maze2d comparison in the guide
 * ran with (DDPG+BC, `bcAlpha` 0.1), small enough to find the data's modes and large enough to keep
 * the actor from following critic errors off the data, as pure DDPG (0) does.
 *
 * @example
 * ```ts
 * DDPG_EXTRACTION_BC_ALPHA; // 0.1
 * ```
 */
export const DDPG_EXTRACTION_BC_ALPHA = 0.1;

/**
 * Names other codebases use for IQL's settings, for error hints.
 *
 * @example
 * ```ts
 * IQL_HINTS.iql_tau; // 'expectile'
 * ```
 */
export const IQL_HINTS: Readonly<Record<string, string>> = Object.freeze({
  iql_tau: 'expectile',
  temperature: 'beta',
  weight_temp: 'beta',
  alpha: 'bcAlpha',
  actor_dropout: 'actorDropout',
});

/**
 * Defaults of {@link trainIQL}: the official IQL code's locomotion recipe (which is also CORL's and
 * d3rlpy's), without reward scaling (choose `preset: 'locomotion'` to add it).
 *
 * @example
 * ```ts
 * IQL_DEFAULTS.expectile; // 0.7
 * ```
 */
export const IQL_DEFAULTS: Readonly<ConfigDefaults<IQLConfig>> = Object.freeze({
  ...COMMON_DEFAULTS,
  ...ACTOR_DEFAULTS,
  discount: 0.99,
  expectile: 0.7,
  beta: 3,
  targetUpdateRate: 0.005,
  maxAdvantageWeight: AWR_MAX_WEIGHT,
  rewardPreset: 'none',
  extraction: 'awr',
  bcAlpha: DDPG_EXTRACTION_BC_ALPHA,
  bins: 41,
});

/**
 * The official IQL per-domain settings (`configs/*_config.py` of the authors' code).
 *
 * @example
 * ```ts
 * IQL_PRESETS.antmaze; // { expectile: 0.9, beta: 10, rewardPreset: 'antmaze' }
 * ```
 */
export const IQL_PRESETS: Readonly<Record<IQLPreset, Partial<IQLConfig>>> = Object.freeze({
  locomotion: { expectile: 0.7, beta: 3, rewardPreset: 'locomotion' },
  antmaze: { expectile: 0.9, beta: 10, rewardPreset: 'antmaze' },
  kitchen: { expectile: 0.7, beta: 0.5, actorDropout: 0.1, rewardPreset: 'none' },
});

/**
 * Validates a merged IQL config, throwing a RangeError that names the bad field.
 *
 * @example
 * ```ts
 * checkIQLConfig({ ...IQL_DEFAULTS, expectile: 1.2 }); // throws: expectile must be … (common fields are checked by the trainer)
 * ```
 */
export function checkIQLConfig(cfg: IQLConfig, trainer = 'trainIQL'): void {
  checkNumber(trainer, 'discount', cfg.discount, { min: 0, max: 1 });
  checkNumber(trainer, 'expectile', cfg.expectile, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  checkNumber(trainer, 'beta', cfg.beta, { min: 0 });
  checkNumber(trainer, 'targetUpdateRate', cfg.targetUpdateRate, { min: 0, max: 1 });
  checkNumber(trainer, 'maxAdvantageWeight', cfg.maxAdvantageWeight, { min: 0, exclusiveMin: true });
  checkActorConfig(trainer, cfg);
  if (!['none', 'locomotion', 'antmaze'].includes(cfg.rewardPreset)) {
    throw new RangeError(`${trainer}: rewardPreset must be 'none', 'locomotion' or 'antmaze', got '${String(cfg.rewardPreset)}'`);
  }
  if (!EXTRACTION_METHODS.includes(cfg.extraction)) {
    throw new RangeError(`${trainer}: extraction must be one of ${EXTRACTION_METHODS.map((m) => `'${m}'`).join(', ')}, got '${String(cfg.extraction)}'`);
  }
  checkNumber(trainer, 'bcAlpha', cfg.bcAlpha, { min: 0 });
  checkNumber(trainer, 'bins', cfg.bins, { min: 2, integer: true });
  if (cfg.preset !== undefined && !(cfg.preset in IQL_PRESETS)) {
    throw new RangeError(`${trainer}: unknown preset '${String(cfg.preset)}'; expected one of ${Object.keys(IQL_PRESETS).join(', ')}`);
  }
}
