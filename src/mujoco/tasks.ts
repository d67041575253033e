import { HALF_CHEETAH_XML } from './models/half-cheetah';
import { HOPPER_XML } from './models/hopper';
import { WALKER2D_XML } from './models/walker2d';

/**
 * Names of the MuJoCo locomotion tasks, as D4RL spells them (`hopper-medium-v2` → `'hopper'`).
 *
 * @example
 * ```ts
 * const name: LocomotionTaskName = 'halfcheetah';
 * LOCOMOTION_TASKS[name].frameSkip; // 5
 * ```
 */
export type LocomotionTaskName = 'hopper' | 'halfcheetah' | 'walker2d';

/**
 * The "healthy" rule of a task that terminates (Gymnasium's `is_healthy`): the episode terminates
 * after a step that leaves the body outside any of these open intervals. Each range is `[low, high]`
 * with strict inequalities `low < value < high`, as in Gymnasium; NaN is never healthy.
 *
 * @example
 * ```ts
 * const rule: HealthyRule = { zRange: [0.8, 2], angleRange: [-1, 1] }; // walker2d
 * ```
 */
export interface HealthyRule {
  /** Range of the torso height `qpos[1]`. */
  readonly zRange: readonly [number, number];
  /** Range of the torso pitch angle `qpos[2]` (radians). */
  readonly angleRange: readonly [number, number];
  /** Range of every entry of `[qpos, qvel]` from index 2 on (Gymnasium's `state_vector()[2:]`), when checked. */
  readonly stateRange?: readonly [number, number];
}

/**
 * How a task perturbs the initial state on reset: `qpos = qpos0 + U(−scale, scale)` per coordinate
 * and `qvel = U(−scale, scale)` (`'uniform'`) or `qvel = scale · N(0, 1)` (`'normal'`) per velocity.
 *
 * @example
 * ```ts
 * const noise: ResetNoise = { scale: 0.1, velocity: 'normal' }; // halfcheetah
 * ```
 */
export interface ResetNoise {
  /** Half-width of the uniform position noise, and of the uniform velocity noise or the normal's std. */
  readonly scale: number;
  /** Distribution of the velocity noise. */
  readonly velocity: 'uniform' | 'normal';
}

/**
 * A Gymnasium v4 locomotion task: its MuJoCo model and the constants of its observation, reward,
 * termination and reset. Reward of a step:
 * `forwardRewardWeight · (x_after − x_before) / dt + healthyReward − ctrlCostWeight · Σ aᵢ²`
 * with `dt = timestep · frameSkip` and `x = qpos[0]`.
 *
 * @example
 * ```ts
 * const task = LOCOMOTION_TASKS.hopper;
 * task.frameSkip * 0.002; // dt = 0.008 s
 * ```
 */
export interface LocomotionTask {
  /** Task name, also the env's `name`. */
  readonly name: LocomotionTaskName;
  /** The Gymnasium environment this task follows, e.g. `'Hopper-v4'`. */
  readonly gymnasiumId: string;
  /** MJCF model. */
  readonly xml: string;
  /** MuJoCo steps per env step. */
  readonly frameSkip: number;
  /** Weight of the forward velocity in the reward. */
  readonly forwardRewardWeight: number;
  /** Weight of `Σ aᵢ²` in the control cost. */
  readonly ctrlCostWeight: number;
  /** Reward added on every step (0 for tasks without it). Given on the terminating step too, as in v2–v4. */
  readonly healthyReward: number;
  /** Termination rule, or `null` for a task that never terminates. */
  readonly healthy: HealthyRule | null;
  /** Observed velocities are clipped to `[−velocityClip, velocityClip]`, or not clipped when `null`. */
  readonly velocityClip: number | null;
  /** Reset perturbation. */
  readonly resetNoise: ResetNoise;
  /** Time limit (Gymnasium's `TimeLimit`, D4RL's episode length). */
  readonly maxEpisodeSteps: number;
  /** Width of the observation: `nq − 1 + nv`. */
  readonly observationDim: number;
  /** Number of actuators (the action width). */
  readonly actionDim: number;
}

/** Gymnasium's `max_episode_steps` for the three tasks. */
const LOCOMOTION_EPISODE_STEPS = 1000;

/**
 * The three tasks, with the defaults of Gymnasium's `Hopper-v4`, `HalfCheetah-v4` and
 * `Walker2d-v4` (the same numbers as gym's v2 and v3, whose data D4RL's `-v2` datasets hold).
 *
 * @example
 * ```ts
 * LOCOMOTION_TASKS.hopper.healthy?.zRange;       // [0.7, Infinity]
 * LOCOMOTION_TASKS.halfcheetah.ctrlCostWeight;   // 0.1
 * LOCOMOTION_TASKS.walker2d.observationDim;      // 17
 * ```
 */
export const LOCOMOTION_TASKS: Readonly<Record<LocomotionTaskName, LocomotionTask>> = Object.freeze({
  hopper: Object.freeze({
    name: 'hopper',
    gymnasiumId: 'Hopper-v4',
    xml: HOPPER_XML,
    frameSkip: 4,
    forwardRewardWeight: 1,
    ctrlCostWeight: 1e-3,
    healthyReward: 1,
    healthy: Object.freeze({
      zRange: Object.freeze([0.7, Infinity] as const),
      angleRange: Object.freeze([-0.2, 0.2] as const),
      stateRange: Object.freeze([-100, 100] as const),
    }),
    velocityClip: 10,
    resetNoise: Object.freeze({ scale: 5e-3, velocity: 'uniform' as const }),
    maxEpisodeSteps: LOCOMOTION_EPISODE_STEPS,
    observationDim: 11,
    actionDim: 3,
  }),
  halfcheetah: Object.freeze({
    name: 'halfcheetah',
    gymnasiumId: 'HalfCheetah-v4',
    xml: HALF_CHEETAH_XML,
    frameSkip: 5,
    forwardRewardWeight: 1,
    ctrlCostWeight: 0.1,
    healthyReward: 0,
    healthy: null,
    velocityClip: null,
    resetNoise: Object.freeze({ scale: 0.1, velocity: 'normal' as const }),
    maxEpisodeSteps: LOCOMOTION_EPISODE_STEPS,
    observationDim: 17,
    actionDim: 6,
  }),
  walker2d: Object.freeze({
    name: 'walker2d',
    gymnasiumId: 'Walker2d-v4',
    xml: WALKER2D_XML,
    frameSkip: 4,
    forwardRewardWeight: 1,
    ctrlCostWeight: 1e-3,
    healthyReward: 1,
    healthy: Object.freeze({
      zRange: Object.freeze([0.8, 2] as const),
      angleRange: Object.freeze([-1, 1] as const),
    }),
    velocityClip: 10,
    resetNoise: Object.freeze({ scale: 5e-3, velocity: 'uniform' as const }),
    maxEpisodeSteps: LOCOMOTION_EPISODE_STEPS,
    observationDim: 17,
    actionDim: 6,
  }),
});

/**
 * Gymnasium's `is_healthy` for `rule` at the state `(qpos, qvel)`: `z = qpos[1]` and
 * `angle = qpos[2]` strictly inside their ranges and, when the rule has a `stateRange`, every entry
 * of `[qpos, qvel]` from index 2 on strictly inside it. NaN anywhere checked is unhealthy.
 *
 * @example
 * ```ts
 * const rule = LOCOMOTION_TASKS.hopper.healthy!;
 * isHealthy(rule, [0, 1.25, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]); // true
 * isHealthy(rule, [0, 0.69, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]); // false: too low
 * ```
 */
export function isHealthy(rule: HealthyRule, qpos: ArrayLike<number>, qvel: ArrayLike<number>): boolean {
  const inside = (v: number, [low, high]: readonly [number, number]): boolean => low < v && v < high;
  if (!inside(qpos[1], rule.zRange) || !inside(qpos[2], rule.angleRange)) return false;
  const range = rule.stateRange;
  if (range === undefined) return true;
  for (let i = 2; i < qpos.length; i++) if (!inside(qpos[i], range)) return false;
  for (let i = 0; i < qvel.length; i++) if (!inside(qvel[i], range)) return false;
  return true;
}
