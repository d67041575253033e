import { Rng } from '../../rng';
import type { BoxSpace } from '../../types';
import { checkFinite, checkPositiveInteger } from '../check-args';
import type { Env, ReferenceScores, StepResult } from '../env';
import { EpisodeTracker } from '../episode-tracker';
import { PENDULUM_PHYSICS, pendulumObservation, pendulumStep } from './dynamics';
import type { PendulumPhysics, PendulumState } from './dynamics';
import { PENDULUM_REFERENCE_SCORES } from './reference-scores';

/**
 * Gymnasium's `TimeLimit` of `Pendulum-v1`: every {@link pendulum} episode is truncated after 200 steps.
 *
 * @example
 * ```ts
 * pendulum().maxEpisodeSteps === PENDULUM_EPISODE_STEPS; // true
 * ```
 */
export const PENDULUM_EPISODE_STEPS = 200;
/** Seed of the env's own reset stream when `options.seed` is not given. */
const DEFAULT_ENV_SEED = 0;
/** Start angle θ ~ U(−π, π) (Gymnasium's `DEFAULT_X = π`). */
const START_ANGLE = Math.PI;
/** Start angular velocity θ̇ ~ U(−1, 1) (Gymnasium's `DEFAULT_Y = 1`). */
const START_SPEED = 1;
/** Name of the random stream that `reset(seed)` draws the start state from. */
const RESET_STREAM = 'pendulum/reset';

/**
 * Options of {@link pendulum}.
 *
 * @example
 * ```ts
 * const options: PendulumOptions = { seed: 3 };
 * const noLimits: PendulumOptions = { physics: { maxSpeed: Infinity } }; // an energy-conserving test rig
 * ```
 */
export interface PendulumOptions {
  /** Seed of the env's own reset stream, used by `reset()` without a seed. Default 0. */
  seed?: number;
  /** Time limit. Default 200 (Gymnasium's `Pendulum-v1`). */
  maxEpisodeSteps?: number;
  /**
   * Override some of the constants in {@link PENDULUM_PHYSICS} (for experiments and tests, e.g.
   * `maxSpeed: Infinity` to see the free pendulum). The action box follows `maxTorque`. Reference
   * scores are defined only for the standard constants and time limit.
   */
  physics?: Partial<PendulumPhysics>;
}

/**
 * The pendulum environment: an {@link Env} with its physics and the current state.
 *
 * @example
 * ```ts
 * const env: PendulumEnv = pendulum();
 * env.physics.dt; // 0.05
 * ```
 */
export interface PendulumEnv extends Env {
  /** The constants in use. */
  readonly physics: Readonly<PendulumPhysics>;
  /** The box `[−maxTorque, maxTorque]` (one dimension). */
  readonly actionSpace: BoxSpace;
  /** The current state `[θ, θ̇]` (θ unwrapped), a fresh array; `[NaN, NaN]` before the first reset. */
  readonly state: [number, number];
}

function resolvePhysics(overrides: Partial<PendulumPhysics> | undefined): Readonly<PendulumPhysics> {
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object')) {
    throw new TypeError(`pendulum: physics must be an object, got ${overrides === null ? 'null' : typeof overrides}`);
  }
  const physics = { ...PENDULUM_PHYSICS, ...overrides };
  for (const key of ['g', 'm', 'l', 'dt'] as const) checkFinite(`pendulum: physics.${key}`, physics[key]);
  for (const key of ['m', 'l', 'dt', 'maxSpeed', 'maxTorque'] as const) {
    const v = physics[key];
    if (typeof v !== 'number' || !(v > 0)) throw new RangeError(`pendulum: physics.${key} must be > 0, got ${String(v)}`);
  }
  if (!Number.isFinite(physics.maxTorque)) {
    throw new RangeError(`pendulum: physics.maxTorque must be finite (it bounds the action box), got ${physics.maxTorque}`);
  }
  return Object.freeze(physics);
}

function isStandard(physics: PendulumPhysics, maxEpisodeSteps: number): boolean {
  return (
    maxEpisodeSteps === PENDULUM_EPISODE_STEPS &&
    (Object.keys(PENDULUM_PHYSICS) as Array<keyof PendulumPhysics>).every((k) => physics[k] === PENDULUM_PHYSICS[k])
  );
}

/**
 * Read a pendulum action: a number or a one-element array; NaN / ±Infinity throw (a policy that
 * emits them is broken). Out-of-box torques are NOT errors: the dynamics clip them, as Gymnasium does.
 */
function readTorque(action: number | number[], fn: string): number {
  let u: unknown = action;
  if (Array.isArray(action)) {
    if (action.length !== 1) throw new RangeError(`${fn}: action [${action.join(', ')}] has ${action.length} entries, expected 1`);
    u = action[0];
  }
  if (typeof u !== 'number' || !Number.isFinite(u)) {
    throw new RangeError(`${fn}: action must be a finite number (a torque), got ${String(u)}`);
  }
  return u;
}

/**
 * The classic pendulum swing-up, exactly Gymnasium's `Pendulum-v1` (float64 instead of float32):
 *
 * - **State** `[θ, θ̇]`, θ = 0 upright; **observation** `[cos θ, sin θ, θ̇]`.
 * - **Action** a torque in the box `[−2, 2]`; out-of-box torques are clipped (NaN throws).
 * - **Dynamics** g = 10, m = 1, l = 1, dt = 0.05, semi-implicit Euler, speed clipped to ±8 (see
 *   {@link pendulumStep}).
 * - **Reward** `−(θ² + 0.1 θ̇² + 0.001 u²)`, θ normalized to `[−π, π)`, from the state before the
 *   step and the clipped torque: between ≈ −16.27 and 0.
 * - **Episodes** never terminate; truncated after 200 steps. **Reset**: θ ~ U(−π, π),
 *   θ̇ ~ U(−1, 1). `reset(seed)` draws from `Rng.named(seed, 'pendulum/reset')` (so consecutive
 *   seeds give unrelated starts); `reset()` draws from the env's own stream seeded with `options.seed`.
 * - **Reference scores** (standard constants and time limit): `min` a uniform random policy, `max`
 *   the noise-free {@link pendulumController}; see `PENDULUM_REFERENCE_SCORES`.
 *
 * @throws RangeError / TypeError for invalid options.
 * @example
 * ```ts
 * const env = pendulum();
 * const obs = env.reset(0);                     // [cos θ, sin θ, θ̇]
 * const { observation, reward } = env.step([1.5]);
 * env.actionSpace;                              // { type: 'box', low: [-2], high: [2] }
 * ```
 */
export function pendulum(options: PendulumOptions = {}): PendulumEnv {
  if (options === null || typeof options !== 'object') throw new TypeError('pendulum: options must be an object');
  const maxEpisodeSteps = options.maxEpisodeSteps ?? PENDULUM_EPISODE_STEPS;
  checkPositiveInteger('pendulum: maxEpisodeSteps', maxEpisodeSteps);
  const envSeed = options.seed ?? DEFAULT_ENV_SEED;
  checkFinite('pendulum: seed', envSeed);
  const physics = resolvePhysics(options.physics);
  const envRng = Rng.named(envSeed, 'pendulum/resets');
  const tracker = new EpisodeTracker('pendulum', maxEpisodeSteps);
  const referenceScores: ReferenceScores | undefined = isStandard(physics, maxEpisodeSteps)
    ? { ...PENDULUM_REFERENCE_SCORES }
    : undefined;
  const settings: PendulumOptions = { seed: envSeed, maxEpisodeSteps, physics: { ...physics } };
  let state: PendulumState = [NaN, NaN];

  return {
    name: 'pendulum',
    observationDim: 3,
    actionSpace: { type: 'box', low: [-physics.maxTorque], high: [physics.maxTorque] },
    maxEpisodeSteps,
    referenceScores,
    physics,
    get state(): [number, number] {
      return [state[0], state[1]];
    },
    reset(seed?: number): number[] {
      tracker.start(seed);
      const rng = seed === undefined ? envRng : Rng.named(seed, RESET_STREAM);
      state = [START_ANGLE * (2 * rng.next() - 1), START_SPEED * (2 * rng.next() - 1)];
      return pendulumObservation(state);
    },
    step(action: number | number[]): StepResult {
      tracker.beforeStep();
      const next = pendulumStep(state, readTorque(action, 'pendulum.step'), physics);
      state = next.state;
      const terminated = false;
      const truncated = tracker.afterStep(terminated);
      return { observation: pendulumObservation(state), reward: next.reward, terminated, truncated };
    },
    clone: () => pendulum(settings),
  };
}
