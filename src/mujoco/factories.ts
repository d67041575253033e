import { loadMujoco } from './loader';
import { createLocomotionEnv } from './locomotion-env';
import type { LocomotionEnv, LocomotionEnvOptions } from './locomotion-env';
import { LOCOMOTION_TASKS } from './tasks';
import type { LocomotionTaskName } from './tasks';

/**
 * The locomotion env named `name` (`'hopper'`, `'halfcheetah'` or `'walker2d'`, D4RL's spelling),
 * on the shared MuJoCo module (loaded on first use) or `options.mujoco`.
 *
 * @throws RangeError (rejects) for an unknown name or bad options; Error when `@mujoco/mujoco` is
 *   not installed.
 * @example
 * ```ts
 * const env = await locomotionEnv('halfcheetah', { seed: 0 });
 * env.observationDim; // 17
 * env.close();
 * ```
 */
export async function locomotionEnv(name: LocomotionTaskName, options: LocomotionEnvOptions = {}): Promise<LocomotionEnv> {
  if (!Object.prototype.hasOwnProperty.call(LOCOMOTION_TASKS, name)) {
    throw new RangeError(`locomotionEnv: unknown task '${String(name)}'; expected one of ${Object.keys(LOCOMOTION_TASKS).join(', ')}`);
  }
  const mujoco = options?.mujoco ?? (await loadMujoco());
  return createLocomotionEnv(mujoco, LOCOMOTION_TASKS[name], options);
}

/**
 * Hopper, as Gymnasium's `Hopper-v4` (D4RL `hopper-*-v2`): a one-legged robot in the x–z plane.
 *
 * - **Observation** (11): `qpos[1:]` = torso height, torso angle, thigh, leg, foot angles, then
 *   `qvel` (6, each clipped to ±10).
 * - **Action** (3): thigh, leg, foot torques in `[−1, 1]` (gear 200). Entries outside are clamped
 *   as MuJoCo does; the control cost uses the action as given (as Gymnasium); NaN throws.
 * - **Reward**: `(x_after − x_before) / 0.008 + 1 − 0.001 · Σ aᵢ²`.
 * - **Terminated** when, after a step, the height `z ≤ 0.7`, or `|angle| ≥ 0.2`, or any entry of
 *   `[qpos, qvel]` from index 2 on is outside (−100, 100). **Truncated** at 1000 steps.
 * - **Reset**: `qpos0` and zero velocities plus U(−0.005, 0.005) each, drawn from `reset(seed)`'s
 *   seed or the env's own stream (`options.seed`).
 * - **referenceScores**: D4RL's hopper pair (−20.272305 / 3234.3), so `evaluate` reports D4RL
 *   normalized scores.
 *
 * Call `env.close()` when done (it frees ~14 MB of wasm memory).
 *
 * @example
 * ```ts
 * import { hopper } from 'offline-rl/mujoco';
 * const env = await hopper();
 * const result = await evaluate(agent, env, { episodes: 10 });
 * result.normalizedScore; // D4RL normalized score
 * env.close();
 * ```
 */
export function hopper(options: LocomotionEnvOptions = {}): Promise<LocomotionEnv> {
  return locomotionEnv('hopper', options);
}

/**
 * HalfCheetah, as Gymnasium's `HalfCheetah-v4` (D4RL `halfcheetah-*-v2`): a planar cheetah with
 * two legs.
 *
 * - **Observation** (17): `qpos[1:]` = torso z (relative to the start height), torso angle, six
 *   joint angles (back thigh, shin, foot, front thigh, shin, foot), then `qvel` (9, not clipped).
 * - **Action** (6): joint torques in `[−1, 1]` (gears 120, 90, 60, 120, 60, 30); clamped as MuJoCo
 *   does, control cost on the action as given; NaN throws.
 * - **Reward**: `(x_after − x_before) / 0.05 − 0.1 · Σ aᵢ²`. Never terminates; **truncated** at 1000
 *   steps.
 * - **Reset**: `qpos0` plus U(−0.1, 0.1) per position, velocities 0.1 · N(0, 1).
 * - **referenceScores**: D4RL's halfcheetah pair (−280.178953 / 12135.0).
 *
 * @example
 * ```ts
 * const env = await halfCheetah({ seed: 1 });
 * let obs = env.reset();
 * const { reward } = env.step([0, 0, 0, 0, 0, 0]);
 * env.close();
 * ```
 */
export function halfCheetah(options: LocomotionEnvOptions = {}): Promise<LocomotionEnv> {
  return locomotionEnv('halfcheetah', options);
}

/**
 * Walker2d, as Gymnasium's `Walker2d-v4` (D4RL `walker2d-*-v2`): a planar biped.
 *
 * - **Observation** (17): `qpos[1:]` = torso height, torso angle, right thigh, leg, foot, left
 *   thigh, leg, foot angles, then `qvel` (9, each clipped to ±10).
 * - **Action** (6): torques in `[−1, 1]` (gear 100) in the same joint order; clamped as MuJoCo
 *   does, control cost on the action as given; NaN throws.
 * - **Reward**: `(x_after − x_before) / 0.008 + 1 − 0.001 · Σ aᵢ²`.
 * - **Terminated** when, after a step, the height is outside (0.8, 2.0) or the angle outside
 *   (−1, 1). **Truncated** at 1000 steps.
 * - **Reset**: `qpos0` and zero velocities plus U(−0.005, 0.005) each.
 * - **referenceScores**: D4RL's walker2d pair (1.629008 / 4592.3).
 *
 * @example
 * ```ts
 * const env = await walker2d();
 * const copy = env.clone(); // independent model and data
 * copy.close();
 * env.close();
 * ```
 */
export function walker2d(options: LocomotionEnvOptions = {}): Promise<LocomotionEnv> {
  return locomotionEnv('walker2d', options);
}
