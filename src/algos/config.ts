import type { BackendChoice } from '../backend/use-backend';
import type { Metrics } from '../types';
import type { ConfigRecord } from './agent-networks';

/**
 * What `onProgress` receives at every log interval and after the last step.
 *
 * @example
 * ```ts
 * trainIQL(dataset, { onProgress: (p: TrainingProgress) => console.log(p.step, p.metrics['critic/loss'], p.etaMs) });
 * ```
 */
export interface TrainingProgress {
  /** Updates done so far. */
  step: number;
  /** Total updates of the run. */
  steps: number;
  /** Metrics of the latest update, namespaced (`critic/loss`, `value/loss`, `actor/loss`, …). */
  metrics: Metrics;
  /** Wall time since training started. */
  elapsedMs: number;
  /** Estimated time left, from the mean speed so far. */
  etaMs: number;
  /** Mean updates per second so far. */
  stepsPerSecond: number;
}

/**
 * Settings shared by every trainer.
 *
 * @example
 * ```ts
 * const common: Partial<CommonConfig> = { steps: 10_000, batchSize: 256, seed: 1 };
 * ```
 */
export interface CommonConfig {
  /** Gradient updates (official IQL: 1,000,000; d3rlpy `n_steps`, CORL `max_timesteps`). */
  steps: number;
  /** Transitions per update (CORL/IQL `batch_size`). */
  batchSize: number;
  /** Hidden layer widths of every network (IQL `hidden_dims`). */
  hiddenDims: number[];
  /** Adam learning rate of every network (IQL `actor_lr`, `value_lr`, `critic_lr`). */
  learningRate: number;
  /** Seed of every random draw: init, batches, sampling, dropout. */
  seed: number;
  /** Standardise observations `(s − μ)/(σ + 1e-3)` with dataset statistics that the agent keeps and applies at `act` time (CORL `normalize`). */
  normalizeObservations: boolean;
  /** Updates between metric read-backs and `onProgress` calls. */
  logInterval: number;
  /** Called with progress at each log interval and at the end. */
  onProgress?: (progress: TrainingProgress) => void;
  /** Backend to select first; when absent the trainer keeps the active one or picks `'auto'`. */
  backend?: BackendChoice;
}

/**
 * Defaults shared by every trainer (the official IQL values).
 *
 * @example
 * ```ts
 * COMMON_DEFAULTS.batchSize; // 256
 * ```
 */
export const COMMON_DEFAULTS: Readonly<Omit<CommonConfig, 'onProgress' | 'backend'>> = Object.freeze({
  steps: 1_000_000,
  batchSize: 256,
  hiddenDims: [256, 256],
  learningRate: 3e-4,
  seed: 0,
  normalizeObservations: false,
  logInterval: 1000,
});

/**
 * Settings of the policy network shared by every trainer that fits an actor.
 *
 * @example
 * ```ts
 * const actor: Partial<ActorConfig> = { actorDropout: 0.1, actorSchedule: 'constant' };
 * ```
 */
export interface ActorConfig {
  /** Dropout rate in the actor's hidden layers while training (official IQL kitchen/adroit: 0.1). */
  actorDropout: number;
  /** Actor learning-rate schedule: `'cosine'` decays to 0 over `steps` (official IQL), `'constant'` keeps it. */
  actorSchedule: 'cosine' | 'constant';
}

/**
 * Defaults of {@link ActorConfig} (the official IQL actor).
 *
 * @example
 * ```ts
 * ACTOR_DEFAULTS.actorSchedule; // 'cosine'
 * ```
 */
export const ACTOR_DEFAULTS: Readonly<ActorConfig> = Object.freeze({ actorDropout: 0, actorSchedule: 'cosine' });

/**
 * Validates the fields of {@link ActorConfig}.
 *
 * @example
 * ```ts
 * checkActorConfig('trainBC', { actorDropout: 0, actorSchedule: 'cosine' });
 * ```
 */
export function checkActorConfig(trainer: string, cfg: ActorConfig): void {
  checkNumber(trainer, 'actorDropout', cfg.actorDropout, { min: 0, max: 1, exclusiveMax: true });
  if (cfg.actorSchedule !== 'cosine' && cfg.actorSchedule !== 'constant') {
    throw new RangeError(`${trainer}: actorSchedule must be 'cosine' or 'constant', got '${String(cfg.actorSchedule)}'`);
  }
}

/**
 * Merges layers of partial configs over defaults, rejecting keys the trainer does not know (with a
 * hint when the key is a name other codebases use).
 *
 * @example
 * ```ts
 * const cfg = mergeConfig('trainIQL', IQL_DEFAULTS, [preset, userConfig]);
 * ```
 */
export function mergeConfig<T extends object>(trainer: string, defaults: T, layers: Array<Partial<T> | undefined>): T {
  const known = new Set([...Object.keys(defaults), 'onProgress', 'backend', 'preset']);
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (!known.has(key)) {
        const hint = ALIASES[key] ? ` (offline-rl calls it '${ALIASES[key]}')` : '';
        throw new RangeError(`${trainer}: unknown config key '${key}'${hint}; known keys: ${[...known].sort().join(', ')}`);
      }
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged as T;
}

/** Names other codebases use, mapped to ours, for error hints. */
const ALIASES: Record<string, string> = {
  tau: "targetUpdateRate' or 'expectile",
  iql_tau: 'expectile',
  temperature: 'beta',
  gamma: 'discount',
  batch_size: 'batchSize',
  n_steps: 'steps',
  lr: 'learningRate',
  alpha: 'bcAlpha',
  hidden_dims: 'hiddenDims',
};

/**
 * Throws a RangeError naming `field` unless `value` is a number within the bounds.
 *
 * @example
 * ```ts
 * checkNumber('trainIQL', 'expectile', 0.7, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
 * ```
 */
export function checkNumber(
  trainer: string,
  field: string,
  value: unknown,
  bounds: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; integer?: boolean } = {},
): void {
  const { min, max, exclusiveMin = false, exclusiveMax = false, integer = false } = bounds;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
    (max === undefined || (exclusiveMax ? value < max : value <= max));
  if (!ok) {
    const lo = min === undefined ? '' : `${exclusiveMin ? '>' : '≥'} ${min}`;
    const hi = max === undefined ? '' : `${exclusiveMax ? '<' : '≤'} ${max}`;
    const range = [lo, hi].filter(Boolean).join(' and ');
    throw new RangeError(`${trainer}: ${field} must be ${integer ? 'an integer' : 'a finite number'}${range ? ` ${range}` : ''}, got ${String(value)}`);
  }
}

/**
 * Validates the fields of {@link CommonConfig}.
 *
 * @example
 * ```ts
 * checkCommonConfig('trainBC', { ...COMMON_DEFAULTS, steps: 10 });
 * ```
 */
export function checkCommonConfig(trainer: string, cfg: CommonConfig): void {
  checkNumber(trainer, 'steps', cfg.steps, { min: 1, integer: true });
  checkNumber(trainer, 'batchSize', cfg.batchSize, { min: 1, integer: true });
  checkNumber(trainer, 'learningRate', cfg.learningRate, { min: 0, exclusiveMin: true });
  checkNumber(trainer, 'seed', cfg.seed);
  checkNumber(trainer, 'logInterval', cfg.logInterval, { min: 1, integer: true });
  if (!Array.isArray(cfg.hiddenDims) || cfg.hiddenDims.length === 0) {
    throw new RangeError(`${trainer}: hiddenDims must be a non-empty array of positive integers, got ${JSON.stringify(cfg.hiddenDims)}`);
  }
  cfg.hiddenDims.forEach((h, i) => checkNumber(trainer, `hiddenDims[${i}]`, h, { min: 1, integer: true }));
  if (typeof cfg.normalizeObservations !== 'boolean') {
    throw new RangeError(`${trainer}: normalizeObservations must be a boolean, got ${String(cfg.normalizeObservations)}`);
  }
  if (cfg.onProgress !== undefined && typeof cfg.onProgress !== 'function') {
    throw new RangeError(`${trainer}: onProgress must be a function`);
  }
}

/**
 * Cosine decay from `initial` to 0 over `total` steps (optax `cosine_decay_schedule`, the IQL actor
 * schedule): `initial · ½(1 + cos(π·step/total))`, with step counted from 0.
 *
 * @example
 * ```ts
 * cosineDecay(3e-4, 0, 100);   // 3e-4
 * cosineDecay(3e-4, 50, 100);  // 1.5e-4
 * ```
 */
export function cosineDecay(initial: number, step: number, total: number): number {
  const progress = Math.min(step, total) / total;
  return initial * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/**
 * The JSON-safe part of a config (drops functions), kept in the agent and its file.
 *
 * @example
 * ```ts
 * configRecord({ steps: 10, onProgress: () => {} }); // { steps: 10 }
 * ```
 */
export function configRecord(cfg: object): ConfigRecord {
  const out: ConfigRecord = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (typeof v === 'function' || v === undefined) continue;
    out[k] = Array.isArray(v) ? [...(v as number[])] : (v as string | number | boolean | null);
  }
  return out;
}

/**
 * The actor's learning rate at a step under its schedule: cosine-decayed to 0 over `steps`, or
 * constant.
 *
 * @example
 * ```ts
 * actorLearner.learningRate = actorLearningRate({ actorSchedule: 'cosine', learningRate: 3e-4, steps: 100 }, 50); // 1.5e-4
 * ```
 */
export function actorLearningRate(cfg: Pick<ActorConfig & CommonConfig, 'actorSchedule' | 'learningRate' | 'steps'>, step: number): number {
  return cfg.actorSchedule === 'cosine' ? cosineDecay(cfg.learningRate, step, cfg.steps) : cfg.learningRate;
}
