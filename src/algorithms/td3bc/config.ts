import { checkNetworkInit, type NetworkInit } from '../../nets';
import { checkNumber, COMMON_DEFAULTS, type CommonConfig } from '../config';
import type { ConfigDefaults } from '../definition';

/** The two actor-critic + BC recipes {@link trainTD3BC} implements. */
export type TD3BCVariant = 'td3+bc' | 'ddpg+bc';

/**
 * Configuration of {@link trainTD3BC}.
 *
 * @example
 * ```ts
 * const cfg: Partial<TD3BCConfig> = { steps: 100_000, qWeight: 2.5, variant: 'td3+bc' };
 * ```
 */
export interface TD3BCConfig extends CommonConfig {
  /** `'td3+bc'` (Fujimoto & Gu 2021) or `'ddpg+bc'`: the same losses with no target-policy smoothing and no delayed actor updates. */
  variant: TD3BCVariant;
  /** Discount γ in [0, 1] (`discount`). */
  discount: number;
  /** Polyak rate of the target critics and target actor (everyone else's `tau`). */
  targetUpdateRate: number;
  /** The paper's α: the actor maximises `λ·Q(s, π(s)) − ‖π(s) − a‖²` with `λ = qWeight / mean|Q|` (TD3+BC `alpha` = 2.5). */
  qWeight: number;
  /** Std of the Gaussian noise added to the target actor's action (TD3 `policy_noise`); 0 for `'ddpg+bc'`. */
  policyNoise: number;
  /** Clip of that noise (TD3 `noise_clip`). */
  noiseClip: number;
  /** The actor and the targets are updated every `policyDelay` critic updates (TD3 `policy_freq`); 1 for `'ddpg+bc'`. */
  policyDelay: number;
  /**
   * How the actor's and the critics' initial weights are drawn. `'pytorch'` (the default) is what
   * the authors' code and CORL's TD3+BC train from: PyTorch's `nn.Linear` default, weights and
   * biases `U(±1/√fan_in)`. `'orthogonal'` is orthogonal(√2) with zero biases, as in IQL and in
   * offline-rl's TD3+BC before this option existed: it learns lower Q-values than the authors'
   * recipe on the same data (docs/guide.md, TD3+BC). Recorded in the agent's `spec.config` and in
   * each architecture of `spec.networks`.
   */
  init: NetworkInit;
}

/**
 * Defaults of {@link trainTD3BC}: the official TD3+BC code (which CORL and d3rlpy match), observation
 * normalisation on, PyTorch's default initialisation.
 *
 * @example
 * ```ts
 * TD3BC_DEFAULTS.qWeight; // 2.5
 * ```
 */
export const TD3BC_DEFAULTS: Readonly<ConfigDefaults<TD3BCConfig>> = Object.freeze({
  ...COMMON_DEFAULTS,
  normalizeObservations: true,
  variant: 'td3+bc',
  discount: 0.99,
  targetUpdateRate: 0.005,
  qWeight: 2.5,
  policyNoise: 0.2,
  noiseClip: 0.5,
  policyDelay: 2,
  init: 'pytorch',
});

/**
 * What `variant: 'ddpg+bc'` changes relative to TD3+BC (applied under your own fields).
 *
 * @example
 * ```ts
 * DDPG_BC_OVERRIDES; // { policyNoise: 0, policyDelay: 1 }
 * ```
 */
export const DDPG_BC_OVERRIDES: Readonly<Partial<TD3BCConfig>> = Object.freeze({ policyNoise: 0, policyDelay: 1 });

/**
 * Names the authors' code and CORL use for TD3+BC's settings, for error hints. Their `alpha` is our
 * `qWeight` (it weights Q, not the BC term).
 *
 * @example
 * ```ts
 * TD3BC_HINTS.policy_freq; // 'policyDelay'
 * ```
 */
export const TD3BC_HINTS: Readonly<Record<string, string>> = Object.freeze({
  alpha: 'qWeight',
  policy_noise: 'policyNoise',
  noise_clip: 'noiseClip',
  policy_freq: 'policyDelay',
  bcAlpha: 'qWeight',
});

/**
 * Validates a merged TD3+BC config, throwing a RangeError naming the bad field.
 *
 * @example
 * ```ts
 * checkTD3BCConfig({ ...TD3BC_DEFAULTS, policyDelay: 0 }); // throws: policyDelay must be … (common fields are checked by the trainer)
 * ```
 */
export function checkTD3BCConfig(cfg: TD3BCConfig, trainer = 'trainTD3BC'): void {
  if (cfg.variant !== 'td3+bc' && cfg.variant !== 'ddpg+bc') {
    throw new RangeError(`${trainer}: variant must be 'td3+bc' or 'ddpg+bc', got '${String(cfg.variant)}'`);
  }
  checkNumber(trainer, 'discount', cfg.discount, { min: 0, max: 1 });
  checkNumber(trainer, 'targetUpdateRate', cfg.targetUpdateRate, { min: 0, max: 1 });
  checkNumber(trainer, 'qWeight', cfg.qWeight, { min: 0 });
  checkNumber(trainer, 'policyNoise', cfg.policyNoise, { min: 0 });
  checkNumber(trainer, 'noiseClip', cfg.noiseClip, { min: 0 });
  checkNumber(trainer, 'policyDelay', cfg.policyDelay, { min: 1, integer: true });
  checkNetworkInit(trainer, 'init', cfg.init);
}
