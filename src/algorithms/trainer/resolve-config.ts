import { checkCommonConfig, mergeConfig } from '../config';
import type { AlgorithmDefinition } from '../definition';
import type { CommonConfig } from '../config';
import type { RoleDeclaration } from '../../agent/networks';

/**
 * Resolves an algorithm's config: its defaults, then the named preset (when the algorithm has
 * presets), then the user's fields; then validates the common fields and the algorithm's own.
 *
 * @throws RangeError naming the trainer and the bad field (unknown keys get a hint when another
 *   codebase uses the name; `preset` is rejected by algorithms without presets).
 * @example
 * ```ts
 * resolveConfig(IQL, { preset: 'antmaze' }).expectile; // 0.9
 * ```
 */
export function resolveConfig<N extends string, C extends CommonConfig, R extends Record<string, RoleDeclaration>, L extends string>(
  algorithm: AlgorithmDefinition<N, C, R, L>,
  config: Partial<C> = {},
): C {
  const trainer = algorithm.trainer;
  if (config === null || typeof config !== 'object') throw new RangeError(`${trainer}: the config must be an object, got ${String(config)}`);
  const presets = algorithm.presets;
  const presetName = (config as { preset?: unknown }).preset;
  let preset: Partial<C> | undefined;
  if (presets && presetName !== undefined) {
    if (typeof presetName !== 'string' || !Object.hasOwn(presets, presetName)) {
      throw new RangeError(`${trainer}: unknown preset '${String(presetName)}'; expected one of ${Object.keys(presets).map((p) => `'${p}'`).join(', ')}`);
    }
    preset = presets[presetName];
  }
  const cfg = mergeConfig<C>(trainer, algorithm.defaults as Readonly<Partial<C>>, [preset, algorithm.overrides?.(config), config], { hints: algorithm.hints, allowPreset: presets !== undefined });
  checkCommonConfig(trainer, cfg);
  algorithm.validate(cfg, trainer);
  return cfg;
}
