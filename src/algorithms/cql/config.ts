import type { CqlForm } from '../../losses';
import { checkNumber, COMMON_DEFAULTS, type CommonConfig } from '../config';
import type { ConfigDefaults } from '../definition';

/**
 * Named CQL recipes.
 *
 * @example
 * ```ts
 * trainCQL(dataset, { preset: 'antmaze' satisfies CQLPreset });
 * ```
 */
export type CQLPreset = 'locomotion' | 'antmaze' | 'discrete';

/**
 * Configuration of {@link trainCQL}. Every field has a default ({@link CQL_DEFAULTS}); `preset` applies
 * a published recipe before your own fields. On a discrete action space only the common fields,
 * `discount`, `targetUpdateRate`, `targetUpdateInterval`, `cqlAlpha`, `cqlTemperature` and the reward
 * fields apply (the update is double DQN plus the penalty).
 *
 * @example
 * ```ts
 * const cfg: Partial<CQLConfig> = { preset: 'locomotion', steps: 200_000, seed: 1 };
 * ```
 */
export interface CQLConfig extends CommonConfig {
  /** Adam learning rate of the policy and of the entropy temperature (CORL `policy_lr` 3e-5; d3rlpy `actor_learning_rate` 1e-4). `learningRate` is the critics' (CORL `qf_lr`). */
  policyLearningRate: number;
  /** Discount γ in [0, 1] (`discount`, d3rlpy `gamma`). */
  discount: number;
  /** Polyak rate of the target critics (CORL `soft_target_update_rate`, d3rlpy `tau`). 1 with an interval is a hard copy (d3rlpy DiscreteCQL). */
  targetUpdateRate: number;
  /** The target critics move every `targetUpdateInterval` updates (CORL `target_update_period`, d3rlpy `target_update_interval`). */
  targetUpdateInterval: number;
  /** Weight α of the CQL penalty (CORL `cql_alpha`, young-geng `cql_min_q_weight`, d3rlpy `conservative_weight` / DiscreteCQL `alpha`). */
  cqlAlpha: number;
  /** Actions sampled per state from each proposal (CORL `cql_n_actions`, d3rlpy `n_action_samples`). */
  cqlSamples: number;
  /** `'importance-sampled'` (uniform, π(s) and π(s') proposals) or `'uniform'` only (CORL `cql_importance_sample`). */
  cqlForm: CqlForm;
  /** Temperature T of the penalty's `T·logsumexp(Q/T)` (CORL `cql_temp`). */
  cqlTemperature: number;
  /**
   * `null`: fixed weight `cqlAlpha`. A number τ: the Lagrange form, `α'·cqlAlpha·(gap − τ)` with α' ≥ 0
   * learned at `learningRate` so that the gap approaches τ (CORL `cql_lagrange` + `cql_target_action_gap`;
   * d3rlpy `alpha_threshold`).
   */
  cqlTargetGap: number | null;
  /** Lower clip of each row's gap before the batch mean, or `null` for none (CORL `cql_clip_diff_min`; antmaze −200). */
  cqlClipDiffMin: number | null;
  /** Upper clip of each row's gap, or `null` for none (CORL `cql_clip_diff_max`). */
  cqlClipDiffMax: number | null;
  /** Learn the SAC entropy temperature α towards `targetEntropy` (CORL `use_automatic_entropy_tuning`); false keeps α = `entropyMultiplier`. */
  autoEntropy: boolean;
  /** Target entropy of the automatic tuning, or `null` for −(action dimensions) (SAC's choice). */
  targetEntropy: number | null;
  /** Factor on the learned temperature, or the fixed temperature when `autoEntropy` is off (CORL `alpha_multiplier`). */
  entropyMultiplier: number;
  /** Subtract `α·log π(a'|s')` in the TD target (soft backup; CORL `backup_entropy`, d3rlpy `soft_q_backup`). */
  backupEntropy: boolean;
  /** Bootstrap from the max over `cqlSamples` policy actions at `s'` of `min_k Q̄_k` (CORL `cql_max_target_backup`, d3rlpy `max_q_backup`). */
  maxTargetBackup: boolean;
  /** The first `bcSteps` actor updates maximise `log π(a_data|s)` instead of Q (CORL `bc_steps`). */
  bcSteps: number;
  /** Rewards are used as `r·rewardScale + rewardBias` (CORL `reward_scale` / `reward_bias`; antmaze 10 / −5). */
  rewardScale: number;
  /** See `rewardScale`. */
  rewardBias: number;
  /** A published recipe applied under your fields. */
  preset?: CQLPreset;
}

/**
 * Log-std clip of the CQL / SAC policy (CORL `ReparameterizedTanhGaussian`: [−20, 2]).
 *
 * @example
 * ```ts
 * CQL_LOG_STD_RANGE; // [-20, 2]
 * ```
 */
export const CQL_LOG_STD_RANGE: readonly [number, number] = Object.freeze([-20, 2]) as readonly [number, number];

/**
 * Defaults of {@link trainCQL}: CORL's `offline/cql.py` (itself young-geng/CQL's recipe): 10 sampled
 * actions, importance-sampled penalty, α 10, policy lr 3e-5, critic lr 3e-4, three hidden layers of 256,
 * automatic entropy tuning, no entropy in the backup, Polyak 0.005 every update, observations
 * standardised.
 *
 * @example
 * ```ts
 * CQL_DEFAULTS.cqlAlpha; // 10
 * ```
 */
export const CQL_DEFAULTS: Readonly<ConfigDefaults<CQLConfig>> = Object.freeze({
  ...COMMON_DEFAULTS,
  hiddenDims: [256, 256, 256],
  normalizeObservations: true,
  policyLearningRate: 3e-5,
  discount: 0.99,
  targetUpdateRate: 0.005,
  targetUpdateInterval: 1,
  cqlAlpha: 10,
  cqlSamples: 10,
  cqlForm: 'importance-sampled',
  cqlTemperature: 1,
  cqlTargetGap: null,
  cqlClipDiffMin: null,
  cqlClipDiffMax: null,
  autoEntropy: true,
  targetEntropy: null,
  entropyMultiplier: 1,
  backupEntropy: false,
  maxTargetBackup: false,
  bcSteps: 0,
  rewardScale: 1,
  rewardBias: 0,
});

/**
 * Named recipes:
 * - `locomotion`: α 5, the CQL paper's and young-geng/d3rlpy's MuJoCo weight (CORL uses 10, the default);
 * - `antmaze`: CORL's antmaze configs — α 5 with the Lagrange form (target gap 0.8), max-target
 *   backup, per-row gap clipped below at −200, rewards `10·r − 5`, policy lr 1e-4, raw observations;
 * - `discrete`: d3rlpy `DiscreteCQLConfig` defaults — α 1, lr 6.25e-5, batch 32, a hard target copy
 *   every 8000 updates (its Atari recipe).
 *
 * @example
 * ```ts
 * CQL_PRESETS.antmaze.cqlTargetGap; // 0.8
 * ```
 */
export const CQL_PRESETS: Readonly<Record<CQLPreset, Partial<CQLConfig>>> = Object.freeze({
  locomotion: { cqlAlpha: 5 },
  antmaze: {
    cqlAlpha: 5,
    cqlTargetGap: 0.8,
    maxTargetBackup: true,
    cqlClipDiffMin: -200,
    rewardScale: 10,
    rewardBias: -5,
    policyLearningRate: 1e-4,
    normalizeObservations: false,
  },
  discrete: { cqlAlpha: 1, learningRate: 6.25e-5, batchSize: 32, targetUpdateRate: 1, targetUpdateInterval: 8000 },
});

/**
 * Names CORL, young-geng/CQL and d3rlpy use for CQL's settings, for error hints.
 *
 * @example
 * ```ts
 * CQL_HINTS.cql_n_actions; // 'cqlSamples'
 * ```
 */
export const CQL_HINTS: Readonly<Record<string, string>> = Object.freeze({
  alpha: 'cqlAlpha',
  cql_alpha: 'cqlAlpha',
  cql_min_q_weight: 'cqlAlpha',
  conservative_weight: 'cqlAlpha',
  cql_n_actions: 'cqlSamples',
  n_action_samples: 'cqlSamples',
  cql_temp: 'cqlTemperature',
  cql_importance_sample: 'cqlForm',
  cql_lagrange: 'cqlTargetGap',
  cql_target_action_gap: 'cqlTargetGap',
  alpha_threshold: 'cqlTargetGap',
  cql_clip_diff_min: 'cqlClipDiffMin',
  cql_clip_diff_max: 'cqlClipDiffMax',
  policy_lr: 'policyLearningRate',
  actor_learning_rate: 'policyLearningRate',
  qf_lr: 'learningRate',
  critic_learning_rate: 'learningRate',
  soft_target_update_rate: 'targetUpdateRate',
  target_update_period: 'targetUpdateInterval',
  target_update_interval: 'targetUpdateInterval',
  use_automatic_entropy_tuning: 'autoEntropy',
  target_entropy: 'targetEntropy',
  alpha_multiplier: 'entropyMultiplier',
  backup_entropy: 'backupEntropy',
  soft_q_backup: 'backupEntropy',
  cql_max_target_backup: 'maxTargetBackup',
  max_q_backup: 'maxTargetBackup',
  bc_steps: 'bcSteps',
  reward_scale: 'rewardScale',
  reward_bias: 'rewardBias',
});

function checkNullable(trainer: string, field: string, value: unknown): void {
  if (value !== null) checkNumber(trainer, field, value);
}

/**
 * Validates a merged CQL config, throwing a RangeError naming the bad field.
 *
 * @example
 * ```ts
 * checkCQLConfig({ ...CQL_DEFAULTS, cqlSamples: 0 }); // throws: cqlSamples must be …
 * ```
 */
export function checkCQLConfig(cfg: CQLConfig, trainer = 'trainCQL'): void {
  checkNumber(trainer, 'policyLearningRate', cfg.policyLearningRate, { min: 0, exclusiveMin: true });
  checkNumber(trainer, 'discount', cfg.discount, { min: 0, max: 1 });
  checkNumber(trainer, 'targetUpdateRate', cfg.targetUpdateRate, { min: 0, max: 1 });
  checkNumber(trainer, 'targetUpdateInterval', cfg.targetUpdateInterval, { min: 1, integer: true });
  checkNumber(trainer, 'cqlAlpha', cfg.cqlAlpha, { min: 0 });
  checkNumber(trainer, 'cqlSamples', cfg.cqlSamples, { min: 1, integer: true });
  if (cfg.cqlForm !== 'importance-sampled' && cfg.cqlForm !== 'uniform') {
    throw new RangeError(`${trainer}: cqlForm must be 'importance-sampled' or 'uniform', got '${String(cfg.cqlForm)}'`);
  }
  checkNumber(trainer, 'cqlTemperature', cfg.cqlTemperature, { min: 0, exclusiveMin: true });
  checkNullable(trainer, 'cqlTargetGap', cfg.cqlTargetGap);
  checkNullable(trainer, 'cqlClipDiffMin', cfg.cqlClipDiffMin);
  checkNullable(trainer, 'cqlClipDiffMax', cfg.cqlClipDiffMax);
  if (cfg.cqlClipDiffMin !== null && cfg.cqlClipDiffMax !== null && !(cfg.cqlClipDiffMin < cfg.cqlClipDiffMax)) {
    throw new RangeError(`${trainer}: cqlClipDiffMin (${cfg.cqlClipDiffMin}) must be below cqlClipDiffMax (${cfg.cqlClipDiffMax})`);
  }
  for (const key of ['autoEntropy', 'backupEntropy', 'maxTargetBackup'] as const) {
    if (typeof cfg[key] !== 'boolean') throw new RangeError(`${trainer}: ${key} must be a boolean, got ${String(cfg[key])}`);
  }
  checkNullable(trainer, 'targetEntropy', cfg.targetEntropy);
  checkNumber(trainer, 'entropyMultiplier', cfg.entropyMultiplier, { min: 0 });
  checkNumber(trainer, 'bcSteps', cfg.bcSteps, { min: 0, integer: true });
  checkNumber(trainer, 'rewardScale', cfg.rewardScale);
  checkNumber(trainer, 'rewardBias', cfg.rewardBias);
  if (cfg.preset !== undefined && !(cfg.preset in CQL_PRESETS)) {
    throw new RangeError(`${trainer}: unknown preset '${String(cfg.preset)}'; expected one of ${Object.keys(CQL_PRESETS).join(', ')}`);
  }
}
