/**
 * `offline-rl/mujoco`: the MuJoCo locomotion environments of D4RL's `-v2` datasets —
 * {@link hopper}, {@link halfCheetah}, {@link walker2d} — following Gymnasium's v4 task definitions,
 * on the official MuJoCo WebAssembly build `@mujoco/mujoco` (an optional peer dependency, ~22 MB:
 * `npm install @mujoco/mujoco`). Kept out of the core entry so that `offline-rl` never loads it.
 *
 * The factories are the `envs.*` of these tasks, made asynchronous because the WebAssembly module
 * loads asynchronously (once; later envs reuse it): `envs.hopper()` is `await hopper()` from here.
 *
 * @example
 * ```ts
 * import { evaluate } from 'offline-rl';
 * import { hopper } from 'offline-rl/mujoco';
 * const env = await hopper();
 * const { normalizedScore } = await evaluate(agent, env, { episodes: 10 });
 * env.close();
 * ```
 *
 * @packageDocumentation
 */
export { hopper, halfCheetah, walker2d, locomotionEnv } from './factories';
export { createLocomotionEnv } from './locomotion-env';
export type { LocomotionEnv, LocomotionEnvOptions, LocomotionState } from './locomotion-env';
export { LOCOMOTION_TASKS, isHealthy } from './tasks';
export type { LocomotionTask, LocomotionTaskName, HealthyRule, ResetNoise } from './tasks';
export { loadMujoco, loadMujocoWith, MUJOCO_PACKAGE } from './loader';
export type { MujocoModule } from './loader';
export { HOPPER_XML } from './models/hopper';
export { HALF_CHEETAH_XML } from './models/half-cheetah';
export { WALKER2D_XML } from './models/walker2d';
