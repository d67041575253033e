import { envs, type Env } from 'offline-rl';

/**
 * An environment the command line can evaluate in, by name.
 *
 * @example
 * ```ts
 * const entry: CliEnv = { summary: 'two-armed bandit', variants: [], make: () => envs.bandit() };
 * ```
 */
export interface CliEnv {
  /** One line for `--help`. */
  summary: string;
  /** Accepted `NAME:variant` suffixes (layouts, …); empty when the env has none. */
  variants: readonly string[];
  /** Variant used when none is given (absent: a variant is required when `variants` is not empty). */
  defaultVariant?: string;
  /** Builds the env for a variant (`undefined` when it has none). */
  make(variant: string | undefined): Env;
}

const MAZE_VARIANTS = envs.POINT_MAZE_LAYOUT_NAMES.flatMap((layout) => [layout, `${layout}-dense`]);

/**
 * The environments `offline-rl eval --env NAME[:variant]` knows. Adding an environment to the
 * command line is one entry here.
 *
 * @example
 * ```ts
 * CLI_ENVS.pointMaze.make('umaze'); // envs.pointMaze({ layout: 'umaze' })
 * ```
 */
export const CLI_ENVS: Readonly<Record<string, CliEnv>> = Object.freeze({
  pointMaze: {
    summary: 'maze2d-like point mass; variants: a layout, optionally with -dense reward',
    variants: MAZE_VARIANTS,
    defaultVariant: 'umaze',
    make: (variant = 'umaze') => {
      const dense = variant.endsWith('-dense');
      const layout = (dense ? variant.slice(0, -'-dense'.length) : variant) as (typeof envs.POINT_MAZE_LAYOUT_NAMES)[number];
      return envs.pointMaze({ layout, reward: dense ? 'dense' : 'sparse' });
    },
  },
  twoStepChain: { summary: 'the two-step chain of the IQL toy (discrete, 2 actions)', variants: [], make: () => envs.twoStepChain() },
  bandit: { summary: 'one state, two actions (discrete)', variants: [], make: () => envs.bandit() },
});

/**
 * Builds the environment named by `NAME[:variant]`.
 *
 * @throws RangeError listing the known names or variants.
 * @example
 * ```ts
 * makeEnv('pointMaze:large').name; // 'point-maze-large'
 * ```
 */
export function makeEnv(spec: string): Env {
  const [name, variant, ...rest] = spec.split(':');
  const entry = Object.hasOwn(CLI_ENVS, name) ? CLI_ENVS[name] : undefined;
  if (!entry) throw new RangeError(`unknown env '${name}'; expected one of ${Object.keys(CLI_ENVS).join(', ')}`);
  if (rest.length > 0) throw new RangeError(`env '${spec}': expected NAME or NAME:variant`);
  if (variant !== undefined && !entry.variants.includes(variant)) {
    throw new RangeError(entry.variants.length ? `env '${name}' has no variant '${variant}'; expected one of ${entry.variants.join(', ')}` : `env '${name}' has no variants`);
  }
  return entry.make(variant ?? entry.defaultVariant);
}
