import { checkNumber, COMMON_DEFAULTS, type CommonConfig } from '../config';
import type { ConfigDefaults } from '../definition';
import { REBRAC_PRESETS, type ReBRACPreset } from './presets';

/**
 * Configuration of {@link trainReBRAC}.
 *
 * @example
 * ```ts
 * const cfg: Partial<ReBRACConfig> = { preset: 'hopper-medium-v2', steps: 100_000 };
 * ```
 */
export interface ReBRACConfig extends CommonConfig {
  /** Discount γ in [0, 1] (CORL `gamma`). */
  discount: number;
  /** Polyak rate of the target critics and target actor (CORL `tau`). */
  targetUpdateRate: number;
  /** Adam learning rate of the critics (CORL `critic_learning_rate`); `learningRate` is the actor's (`actor_learning_rate`). */
  criticLearningRate: number;
  /** β of the actor's BC term: the actor minimises `mean(β·‖π(s) − a‖² − λ·min_k Q_k(s, π(s)))` (CORL `actor_bc_coef`, d3rlpy `actor_beta`). */
  actorBcWeight: number;
  /** β of the critic's penalty: the target is `r + γ(1 − terminal)·(min_k Q̄_k(s', ã') − β·‖ã' − a'‖²)` with `a'` the dataset's next action (CORL `critic_bc_coef`, d3rlpy `critic_beta`). */
  criticBcWeight: number;
  /** Std of the Gaussian noise added to the target actor's next action (TD3 `policy_noise`). */
  policyNoise: number;
  /** Clip of that noise (TD3 `noise_clip`). */
  noiseClip: number;
  /** The actor and the targets are updated on every `policyDelay`-th update, from the first (CORL `policy_freq`: steps 0, 2, 4, …). */
  policyDelay: number;
  /** Scale the actor's Q term by `λ = 1 / mean|Q|` (a constant of the gradient; CORL `normalize_q`). */
  normalizeQ: boolean;
  /** Layer norm after each hidden ReLU of the critics (CORL `critic_ln`). */
  criticLayerNorm: boolean;
  /** Layer norm after each hidden ReLU of the actor (CORL `actor_ln`). */
  actorLayerNorm: boolean;
  /** Rewards are multiplied by this before training (CORL's antmaze runs: 100). */
  rewardScale: number;
  /** A published recipe (a D4RL dataset name) applied under your fields. */
  preset?: ReBRACPreset;
}

/**
 * Defaults of {@link trainReBRAC}: CORL's `rebrac.py` (actor and critic lr 1e-3, `[256, 256, 256]`
 * networks, layer norm in the critics only, batch 1024, γ 0.99, Polyak 0.005, policy noise 0.2
 * clipped at 0.5, actor every 2nd update, `normalize_q`, no observation normalisation) with its
 * dataclass β of 1 for both terms, a conservative start: every published run uses a preset.
 *
 * @example
 * ```ts
 * REBRAC_DEFAULTS.batchSize; // 1024
 * ```
 */
export const REBRAC_DEFAULTS: Readonly<ConfigDefaults<ReBRACConfig>> = Object.freeze({
  ...COMMON_DEFAULTS,
  learningRate: 1e-3,
  batchSize: 1024,
  hiddenDims: [256, 256, 256],
  discount: 0.99,
  targetUpdateRate: 0.005,
  criticLearningRate: 1e-3,
  actorBcWeight: 1,
  criticBcWeight: 1,
  policyNoise: 0.2,
  noiseClip: 0.5,
  policyDelay: 2,
  normalizeQ: true,
  criticLayerNorm: true,
  actorLayerNorm: false,
  rewardScale: 1,
});

/**
 * Names CORL and d3rlpy use for ReBRAC's settings, for error hints.
 *
 * @example
 * ```ts
 * REBRAC_HINTS.critic_bc_coef; // 'criticBcWeight'
 * ```
 */
export const REBRAC_HINTS: Readonly<Record<string, string>> = Object.freeze({
  actor_bc_coef: 'actorBcWeight',
  critic_bc_coef: 'criticBcWeight',
  actor_beta: 'actorBcWeight',
  critic_beta: 'criticBcWeight',
  actor_learning_rate: 'learningRate',
  critic_learning_rate: 'criticLearningRate',
  policy_noise: 'policyNoise',
  noise_clip: 'noiseClip',
  policy_freq: 'policyDelay',
  normalize_q: 'normalizeQ',
  critic_ln: 'criticLayerNorm',
  actor_ln: 'actorLayerNorm',
});

/**
 * Validates a merged ReBRAC config, throwing a RangeError naming the bad field.
 *
 * @example
 * ```ts
 * checkReBRACConfig({ ...REBRAC_DEFAULTS, criticBcWeight: -1 }); // throws: criticBcWeight must be … ≥ 0
 * ```
 */
export function checkReBRACConfig(cfg: ReBRACConfig, trainer = 'trainReBRAC'): void {
  checkNumber(trainer, 'discount', cfg.discount, { min: 0, max: 1 });
  checkNumber(trainer, 'targetUpdateRate', cfg.targetUpdateRate, { min: 0, max: 1 });
  checkNumber(trainer, 'criticLearningRate', cfg.criticLearningRate, { min: 0, exclusiveMin: true });
  checkNumber(trainer, 'actorBcWeight', cfg.actorBcWeight, { min: 0 });
  checkNumber(trainer, 'criticBcWeight', cfg.criticBcWeight, { min: 0 });
  checkNumber(trainer, 'policyNoise', cfg.policyNoise, { min: 0 });
  checkNumber(trainer, 'noiseClip', cfg.noiseClip, { min: 0 });
  checkNumber(trainer, 'policyDelay', cfg.policyDelay, { min: 1, integer: true });
  checkNumber(trainer, 'rewardScale', cfg.rewardScale);
  for (const key of ['normalizeQ', 'criticLayerNorm', 'actorLayerNorm'] as const) {
    if (typeof cfg[key] !== 'boolean') throw new RangeError(`${trainer}: ${key} must be a boolean, got ${String(cfg[key])}`);
  }
  if (cfg.preset !== undefined && !(cfg.preset in REBRAC_PRESETS)) {
    throw new RangeError(`${trainer}: unknown preset '${String(cfg.preset)}'; expected a D4RL dataset name such as 'hopper-medium-v2' (one of ${Object.keys(REBRAC_PRESETS).join(', ')})`);
  }
}
