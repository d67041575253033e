import type { ConfigRecord } from '../agent/agent-spec';
import type { BackendChoice } from '../backend/use-backend';
import { checkSeed } from '../rng';
import type { Metrics } from '../types';

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
  /** Seed of every random draw (init, batches, sampling, dropout): an integer in 0 … 2³² − 1. */
  seed: number;
  /** Standardise observations `(s − μ)/(σ + 1e-3)` with dataset statistics that the agent keeps and applies at `act` time (CORL `normalize`). */
  normalizeObservations: boolean;
  /** Updates between metric read-backs and `onProgress` calls. */
  logInterval: number;
  /** Called with progress at each log interval and at the end. */
  onProgress?: (progress: TrainingProgress) => void;
  /**
   * Backend to select before training, for the whole process (as `useBackend` does: TensorFlow.js has
   * one active backend, and the agent's tensors live on it). When absent the trainer keeps the active
   * backend, or picks `'auto'` when none is ready yet.
   */
  backend?: BackendChoice;
  /** Stops training between two updates when aborted; the trainer then returns the agent trained so far (see {@link train}). */
  signal?: AbortSignal;
  /** Where to write checkpoints (Node): the trainer's full state, written atomically every `checkpointInterval` updates, at the end and when stopped by `signal`. */
  checkpointPath?: string;
  /** Updates between checkpoints (when `checkpointPath` is set). */
  checkpointInterval: number;
  /** A checkpoint file to continue from (Node); the config must be the one it was written with, except the fields that only steer the run (`logInterval`, `onProgress`, `signal`, checkpoints, `backend`). */
  resume?: string;
}

/**
 * Config fields that steer a run but do not change what it computes: not part of an agent's config
 * record, and free to differ when a run resumes from a checkpoint.
 *
 * @example
 * ```ts
 * RUNTIME_KEYS.includes('onProgress'); // true
 * ```
 */
export const RUNTIME_KEYS = ['onProgress', 'backend', 'signal', 'checkpointPath', 'checkpointInterval', 'resume', 'logInterval'] as const;

/**
 * The config fields every trainer accepts that have no default value.
 *
 * @example
 * ```ts
 * const k: OptionalCommonKey = 'signal';
 * ```
 */
export type OptionalCommonKey = 'onProgress' | 'backend' | 'signal' | 'checkpointPath' | 'resume';

/**
 * Defaults shared by every trainer (the official IQL values).
 *
 * @example
 * ```ts
 * COMMON_DEFAULTS.batchSize; // 256
 * ```
 */
export const COMMON_DEFAULTS: Readonly<Omit<CommonConfig, OptionalCommonKey>> = Object.freeze({
  steps: 1_000_000,
  batchSize: 256,
  hiddenDims: [256, 256],
  learningRate: 3e-4,
  seed: 0,
  normalizeObservations: false,
  logInterval: 1000,
  checkpointInterval: 10_000,
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
 * hint when the key is a name other codebases use: the shared {@link COMMON_HINTS}, then `hints`).
 * `preset` is a known key only when `allowPreset` is true.
 *
 * @example
 * ```ts
 * const cfg = mergeConfig('trainIQL', IQL_DEFAULTS, [preset, userConfig], { hints: { alpha: 'bcAlpha' }, allowPreset: true });
 * ```
 */
export function mergeConfig<T extends object>(
  trainer: string,
  defaults: Readonly<Partial<T>>,
  layers: Array<Partial<T> | undefined>,
  options: { hints?: Readonly<Record<string, string>>; allowPreset?: boolean } = {},
): T {
  const known = new Set<string>([...Object.keys(defaults), ...RUNTIME_KEYS]);
  if (options.allowPreset) known.add('preset');
  const hints = { ...COMMON_HINTS, ...options.hints };
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === null || typeof layer !== 'object') throw new RangeError(`${trainer}: the config must be an object, got ${String(layer)}`);
    for (const [key, value] of Object.entries(layer)) {
      if (!known.has(key)) {
        if (key === 'preset') throw new RangeError(`${trainer}: this algorithm has no presets; remove 'preset' (got '${String(value)}')`);
        const hint = hints[key] ? ` (offline-rl calls it '${hints[key]}')` : '';
        throw new RangeError(`${trainer}: unknown config key '${key}'${hint}; known keys: ${[...known].sort().join(', ')}`);
      }
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged as T;
}

/**
 * Names other codebases use for settings every trainer has, mapped to ours, for error hints.
 * Algorithms add their own (`alpha` means IQL's `bcAlpha` but TD3+BC's `qWeight`).
 *
 * @example
 * ```ts
 * COMMON_HINTS.gamma; // 'discount'
 * ```
 */
export const COMMON_HINTS: Readonly<Record<string, string>> = Object.freeze({
  tau: "targetUpdateRate' or 'expectile",
  gamma: 'discount',
  batch_size: 'batchSize',
  n_steps: 'steps',
  max_timesteps: 'steps',
  lr: 'learningRate',
  hidden_dims: 'hiddenDims',
  normalize: 'normalizeObservations',
});

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
  checkSeed(trainer, cfg.seed);
  checkNumber(trainer, 'logInterval', cfg.logInterval, { min: 1, integer: true });
  checkNumber(trainer, 'checkpointInterval', cfg.checkpointInterval, { min: 1, integer: true });
  for (const key of ['checkpointPath', 'resume'] as const) {
    if (cfg[key] !== undefined && (typeof cfg[key] !== 'string' || cfg[key] === '')) throw new RangeError(`${trainer}: ${key} must be a file path, got ${String(cfg[key])}`);
  }
  if (cfg.signal !== undefined && (cfg.signal === null || typeof cfg.signal.aborted !== 'boolean')) {
    throw new RangeError(`${trainer}: signal must be an AbortSignal (new AbortController().signal)`);
  }
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
 * The JSON-safe part of a config (drops functions, the abort signal and the checkpoint paths), kept
 * in the agent and its file.
 *
 * @example
 * ```ts
 * configRecord({ steps: 10, onProgress: () => {} }); // { steps: 10 }
 * ```
 */
export function configRecord(cfg: object): ConfigRecord {
  const out: ConfigRecord = {};
  const runtime: readonly string[] = RUNTIME_KEYS;
  for (const [k, v] of Object.entries(cfg)) {
    if (typeof v === 'function' || v === undefined || (runtime.includes(k) && k !== 'logInterval')) continue;
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
