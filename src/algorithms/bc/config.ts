import { ACTOR_DEFAULTS, checkActorConfig, checkNumber, COMMON_DEFAULTS, type ActorConfig, type CommonConfig } from '../config';
import type { ConfigDefaults } from '../definition';

/**
 * Configuration of {@link trainBC}.
 *
 * @example
 * ```ts
 * const cfg: Partial<BCConfig> = { topFraction: 0.1, steps: 50_000 }; // BC-10%
 * ```
 */
export interface BCConfig extends CommonConfig, ActorConfig {
  /** Keep only the best episodes by return before fitting: 1 = plain BC, 0.1 = "BC-10%" (CORL `frac`, jaxrl `percentile`). */
  topFraction: number;
}

/**
 * Defaults of {@link trainBC}: the IQL actor (same network, head and optimizer) fitted by maximum likelihood.
 *
 * @example
 * ```ts
 * BC_DEFAULTS.topFraction; // 1
 * ```
 */
export const BC_DEFAULTS: Readonly<ConfigDefaults<BCConfig>> = Object.freeze({
  ...COMMON_DEFAULTS,
  ...ACTOR_DEFAULTS,
  topFraction: 1,
});

/**
 * Names other codebases use for BC's settings, for error hints.
 *
 * @example
 * ```ts
 * BC_HINTS.frac; // 'topFraction'
 * ```
 */
export const BC_HINTS: Readonly<Record<string, string>> = Object.freeze({ frac: 'topFraction', percentile: 'topFraction' });

/**
 * Validates BC's own fields.
 *
 * @example
 * ```ts
 * checkBCConfig({ ...BC_DEFAULTS, topFraction: 0 }, 'trainBC'); // throws: topFraction must be …
 * ```
 */
export function checkBCConfig(cfg: BCConfig, trainer: string): void {
  checkActorConfig(trainer, cfg);
  checkNumber(trainer, 'topFraction', cfg.topFraction, { min: 0, max: 1, exclusiveMin: true });
}
