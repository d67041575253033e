import type { MjData, MjModel } from '@mujoco/mujoco';
import { checkSeed, D4RL_REFERENCE_SCORES, Rng } from 'offline-rl';
import type { BoxSpace } from '../types';
import type { Env, ReferenceScores, StepResult } from '../envs/env';
import { checkFinite, checkPositiveInteger } from '../envs/check-args';
import { EpisodeTracker } from '../envs/episode-tracker';
import type { MujocoModule } from './loader';
import { isHealthy } from './tasks';
import type { LocomotionTask } from './tasks';

/** Seed of the env's own reset stream when `options.seed` is not given. */
const DEFAULT_ENV_SEED = 0;

/**
 * Options of the locomotion environments ({@link hopper}, {@link halfCheetah}, {@link walker2d}).
 *
 * @example
 * ```ts
 * const options: LocomotionEnvOptions = { seed: 3, maxEpisodeSteps: 1000 };
 * ```
 */
export interface LocomotionEnvOptions {
  /** Seed of the env's own reset stream, used by `reset()` without a seed. Default 0. */
  seed?: number;
  /**
   * Time limit. Default 1000 (Gymnasium's and D4RL's). With any other value the env has no
   * `referenceScores`, since D4RL's scores are returns of 1000-step episodes.
   */
  maxEpisodeSteps?: number;
  /** An already loaded MuJoCo module (see {@link loadMujoco}); default: the shared one. */
  mujoco?: MujocoModule;
}

/**
 * A copy of the simulator's generalized state.
 *
 * @example
 * ```ts
 * const { qpos, qvel } = env.getState(); // hopper: 6 + 6 numbers
 * ```
 */
export interface LocomotionState {
  /** Joint positions (`qpos[0]` is the x coordinate, left out of observations). */
  qpos: number[];
  /** Joint velocities. */
  qvel: number[];
}

/**
 * A MuJoCo locomotion environment (Gymnasium v4 task on `@mujoco/mujoco`): an {@link Env} with
 * a `close()` that frees its wasm memory, a `clone()`, and access to the simulator.
 *
 * @example
 * ```ts
 * const env = await hopper();
 * try {
 *   let obs = env.reset(0);
 *   const { reward, terminated } = env.step([0, 0, 0]);
 * } finally {
 *   env.close();
 * }
 * ```
 */
export interface LocomotionEnv extends Env {
  /** The task's constants (model, frame skip, reward weights, termination rule, …). */
  readonly task: LocomotionTask;
  /** The actuators' control range: `[−1, 1]` per joint motor. */
  readonly actionSpace: BoxSpace;
  /** Simulated time of one env step, `timestep · frameSkip` (s). */
  readonly dt: number;
  /**
   * The live MuJoCo model (`MjModel`), e.g. for rendering or inspection. Owned by the env: do not
   * `delete()` it; throws after `close()`.
   */
  readonly model: MjModel;
  /** The live MuJoCo data (`MjData`; `qpos`, `qvel`, `ctrl`, …). Owned by the env; throws after `close()`. */
  readonly data: MjData;
  /** A copy of the current `qpos` and `qvel`. */
  getState(): LocomotionState;
  /**
   * Set `qpos` and `qvel` (as Gymnasium's `set_state`, then `mj_forward`) and return the
   * observation of that state. The episode bookkeeping (step count, whether it ended) is unchanged.
   */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): number[];
  /** A new env with the same task and options (its own model and data; no episode running). */
  clone(): LocomotionEnv;
  /** Free the model and data in wasm memory. Idempotent; every other method throws afterwards. */
  close(): void;
}

/** D4RL reference returns of `task`, with where they come from. */
function d4rlReference(task: LocomotionTask): ReferenceScores {
  const { min, max } = D4RL_REFERENCE_SCORES[task.name];
  return {
    min,
    max,
    source: `D4RL REF_MIN_SCORE / REF_MAX_SCORE of ${task.name}-*-v2 (random / expert policy returns over 1000 steps)`,
  };
}

/**
 * The reset noise stream of `seed`: a named stream (the seed hashed with the task's name), so that
 * neighbouring seeds give unrelated starts and no other stream of the same seed shares its draws.
 */
function resetStream(task: LocomotionTask, seed: number): Rng {
  return Rng.named(seed, `mujoco/${task.name}/reset`);
}

function checkOptions(fn: string, options: LocomotionEnvOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object`);
  if (options.seed !== undefined) checkSeed(`${fn}: options.seed`, options.seed);
  if (options.maxEpisodeSteps !== undefined) checkPositiveInteger(`${fn}: options.maxEpisodeSteps`, options.maxEpisodeSteps);
}

/**
 * The env of `task` on the loaded module `mujoco` (synchronous: compiles the model and allocates
 * its data). The factories {@link hopper}, {@link halfCheetah}, {@link walker2d} load the module
 * and call this.
 *
 * @throws RangeError / TypeError for bad options; Error when the model does not compile or does
 *   not have the task's sizes.
 * @example
 * ```ts
 * const env = createLocomotionEnv(await loadMujoco(), LOCOMOTION_TASKS.hopper, { seed: 1 });
 * ```
 */
export function createLocomotionEnv(
  mujoco: MujocoModule,
  task: LocomotionTask,
  options: LocomotionEnvOptions = {},
): LocomotionEnv {
  checkOptions(task.name, options);
  // A copy: clone() must not see later changes to the caller's object.
  const own: LocomotionEnvOptions = { seed: options.seed, maxEpisodeSteps: options.maxEpisodeSteps };
  return new MujocoLocomotionEnv(mujoco, task, own);
}

class MujocoLocomotionEnv implements LocomotionEnv {
  readonly name: string;
  readonly observationDim: number;
  readonly actionSpace: BoxSpace;
  readonly maxEpisodeSteps: number;
  readonly referenceScores?: ReferenceScores;
  readonly dt: number;
  private readonly tracker: EpisodeTracker;
  private readonly envRng: Rng;
  private readonly nq: number;
  private readonly nv: number;
  private readonly nu: number;
  private mjModel: MjModel | null;
  private mjData: MjData | null;

  constructor(
    private readonly mujoco: MujocoModule,
    readonly task: LocomotionTask,
    private readonly options: LocomotionEnvOptions,
  ) {
    this.name = task.name;
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? task.maxEpisodeSteps;
    if (this.maxEpisodeSteps === task.maxEpisodeSteps) this.referenceScores = d4rlReference(task);
    this.tracker = new EpisodeTracker(task.name, this.maxEpisodeSteps);
    this.envRng = resetStream(task, options.seed ?? DEFAULT_ENV_SEED);
    const model = mujoco.MjModel.from_xml_string(task.xml);
    let data: MjData;
    try {
      data = new mujoco.MjData(model);
    } catch (error) {
      model.delete();
      throw error;
    }
    this.mjModel = model;
    this.mjData = data;
    this.nq = model.nq;
    this.nv = model.nv;
    this.nu = model.nu;
    this.observationDim = this.nq - 1 + this.nv;
    if (this.observationDim !== task.observationDim || this.nu !== task.actionDim) {
      this.close();
      throw new Error(
        `${task.name}: the model has nq = ${this.nq}, nv = ${this.nv}, nu = ${this.nu}; the task expects ` +
          `observations of ${task.observationDim} and actions of ${task.actionDim}`,
      );
    }
    const range: ArrayLike<number> = model.actuator_ctrlrange;
    const low: number[] = [];
    const high: number[] = [];
    for (let i = 0; i < this.nu; i++) {
      low.push(range[2 * i]);
      high.push(range[2 * i + 1]);
    }
    this.actionSpace = { type: 'box', low, high };
    this.dt = model.opt.timestep * task.frameSkip;
  }

  get model(): MjModel {
    if (this.mjModel === null) throw new Error(`${this.name}: the environment is closed`);
    return this.mjModel;
  }

  get data(): MjData {
    if (this.mjData === null) throw new Error(`${this.name}: the environment is closed`);
    return this.mjData;
  }

  reset(seed?: number): number[] {
    const { model, data } = this;
    if (seed !== undefined) checkSeed(`${this.name}.reset`, seed);
    this.tracker.start(seed);
    const rng = seed === undefined ? this.envRng : resetStream(this.task, seed);
    this.mujoco.mj_resetData(model, data);
    const { scale, velocity } = this.task.resetNoise;
    const uniform = (): number => -scale + 2 * scale * rng.next();
    const qpos0: ArrayLike<number> = model.qpos0;
    const qpos: Float64Array = data.qpos;
    const qvel: Float64Array = data.qvel;
    for (let i = 0; i < this.nq; i++) qpos[i] = qpos0[i] + uniform();
    for (let i = 0; i < this.nv; i++) qvel[i] = velocity === 'uniform' ? uniform() : scale * rng.normal();
    this.mujoco.mj_forward(model, data);
    return this.observe();
  }

  step(action: number | number[]): StepResult {
    const { model, data, task } = this;
    this.tracker.beforeStep();
    const a = this.checkAction(action);
    let sumSquares = 0;
    const ctrl: Float64Array = data.ctrl;
    const { low, high } = this.actionSpace;
    for (let i = 0; i < this.nu; i++) {
      sumSquares += a[i] * a[i];
      // MuJoCo clamps controls to ctrlrange itself; done here too, so data.ctrl shows what was applied.
      ctrl[i] = Math.min(high[i], Math.max(low[i], a[i]));
    }
    const xBefore = data.qpos[0];
    for (let k = 0; k < task.frameSkip; k++) this.mujoco.mj_step(model, data);
    const qpos: Float64Array = data.qpos;
    const qvel: Float64Array = data.qvel;
    const xVelocity = (qpos[0] - xBefore) / this.dt;
    const ctrlCost = task.ctrlCostWeight * sumSquares;
    const reward = task.forwardRewardWeight * xVelocity + task.healthyReward - ctrlCost;
    const terminated = task.healthy !== null && !isHealthy(task.healthy, qpos, qvel);
    const truncated = this.tracker.afterStep(terminated);
    return { observation: this.observe(), reward, terminated, truncated };
  }

  getState(): LocomotionState {
    const { data } = this;
    return { qpos: Array.from(data.qpos as Float64Array), qvel: Array.from(data.qvel as Float64Array) };
  }

  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): number[] {
    const { model, data } = this;
    const check = (name: string, values: ArrayLike<number>, n: number): void => {
      if (values === null || typeof values !== 'object' || values.length !== n) {
        throw new RangeError(`${this.name}.setState: ${name} must hold ${n} numbers, got ${values?.length ?? typeof values}`);
      }
      for (let i = 0; i < n; i++) checkFinite(`${this.name}.setState: ${name}[${i}]`, values[i]);
    };
    check('qpos', qpos, this.nq);
    check('qvel', qvel, this.nv);
    (data.qpos as Float64Array).set(Array.from(qpos));
    (data.qvel as Float64Array).set(Array.from(qvel));
    this.mujoco.mj_forward(model, data);
    return this.observe();
  }

  clone(): LocomotionEnv {
    if (this.mjModel === null) throw new Error(`${this.name}.clone: the environment is closed`);
    return new MujocoLocomotionEnv(this.mujoco, this.task, this.options);
  }

  close(): void {
    const { mjModel, mjData } = this;
    this.mjModel = null;
    this.mjData = null;
    mjData?.delete();
    mjModel?.delete();
  }

  /** `qpos[1:]` then `qvel` (clipped to ±velocityClip when the task clips). */
  private observe(): number[] {
    const { data } = this;
    const qpos: Float64Array = data.qpos;
    const qvel: Float64Array = data.qvel;
    const clip = this.task.velocityClip;
    const out = new Array<number>(this.observationDim);
    for (let i = 1; i < this.nq; i++) out[i - 1] = qpos[i];
    for (let j = 0; j < this.nv; j++) {
      const v = qvel[j];
      out[this.nq - 1 + j] = clip === null ? v : Math.min(clip, Math.max(-clip, v));
    }
    return out;
  }

  /** The action as `nu` finite numbers (a bare number only for a one-actuator model). */
  private checkAction(action: number | number[]): ArrayLike<number> {
    const fn = `${this.name}.step`;
    const vector: unknown = typeof action === 'number' && this.nu === 1 ? [action] : action;
    if (!Array.isArray(vector)) {
      throw new TypeError(`${fn}: action must be an array of ${this.nu} numbers, got ${typeof action}`);
    }
    if (vector.length !== this.nu) {
      throw new RangeError(`${fn}: action [${vector.join(', ')}] has ${vector.length} entries, expected ${this.nu}`);
    }
    for (let i = 0; i < this.nu; i++) {
      const v: unknown = vector[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`${fn}: action[${i}] must be a finite number, got ${String(v)}`);
      }
    }
    return vector as number[];
  }
}
