import { Rng } from '../rng';
import type { ActionSpace, Policy } from '../types';
import { checkDiscreteAction } from './check-action';
import { checkFinite, checkPositiveInteger } from './check-args';
import type { Env } from './env';
import { GrowableRows } from './growable';

/** Default seed of {@link collectLog}. */
const DEFAULT_SEED = 0;
/** Default action noise of {@link collectLog}: none. */
const DEFAULT_NOISE = 0;
/** Rows reserved up front in `episodes` mode (the buffers grow as needed). */
const EPISODES_MODE_CAPACITY = 4096;

/**
 * What a policy function of {@link collectLog} / `collectDataset` is told besides the observation.
 *
 * @example
 * ```ts
 * const policy: CollectPolicyFunction = (obs, { rng }) => [2 * rng.next() - 1];
 * ```
 */
export interface CollectStepInfo {
  /** 0-based index of the episode being collected. */
  episode: number;
  /** 0-based index of the step within the episode. */
  step: number;
  /** A seeded stream for the policy's own randomness (the same for the same collection seed). */
  rng: Rng;
}

/**
 * A policy given as a function: the action for one observation (a number or a vector for box
 * spaces, an integer for discrete ones).
 *
 * @example
 * ```ts
 * const bangBang: CollectPolicyFunction = (obs) => [obs[2] > 0 ? 2 : -2];
 * ```
 */
export type CollectPolicyFunction = (observation: number[], info: CollectStepInfo) => number | number[];

/**
 * What `collectDataset` can run: an agent (anything with `act`, e.g. a trained {@link Agent}), a
 * function, or `'random'` (uniform over the action space).
 *
 * @example
 * ```ts
 * const policies: CollectPolicy[] = [agent, (obs) => [0], 'random'];
 * ```
 */
export type CollectPolicy = Policy | CollectPolicyFunction | 'random';

/**
 * Options of `collectDataset` (and {@link collectLog}). Give exactly one of `steps` and `episodes`.
 *
 * @example
 * ```ts
 * const byRows: CollectOptions = { steps: 10_000, seed: 1, noise: 0.1 };
 * const byEpisodes: CollectOptions = { episodes: 50 };
 * ```
 */
export interface CollectOptions {
  /** Collect exactly this many transitions; the last episode is cut (marked a timeout) if it has not ended. */
  steps?: number;
  /** Collect this many whole episodes. */
  episodes?: number;
  /** Seed of the resets, the policy's sampling and the noise. Default 0. */
  seed?: number;
  /**
   * Exploration noise. Box spaces: Gaussian noise with standard deviation `noise × (high − low) / 2`
   * per dimension, then clipped to the box. Discrete spaces: with probability `noise`, a uniformly
   * random action instead (ε-greedy). Default 0.
   */
  noise?: number;
  /** For agents: act with the policy's mode rather than sampling. Default `true` (as `evaluate`). */
  deterministic?: boolean;
}

/**
 * The columns collected by {@link collectLog}, row-major typed arrays in the layout
 * `createDataset` accepts (matrix widths follow from the number of rows).
 *
 * @example
 * ```ts
 * const log: CollectedLog = collectLog(pendulum(), 'random', { steps: 400 });
 * const dataset = createDataset(log);
 * ```
 */
export interface CollectedLog {
  /** `[rows × observationDim]`: the observation each transition starts from. */
  observations: Float32Array;
  /** `[rows × actionDim]` (box) or `[rows]` action indices (discrete): the action sent to the env. */
  actions: Float32Array;
  /** `[rows]`. */
  rewards: Float32Array;
  /** `[rows]`: 1 where the env reported `terminated` (a true terminal state). */
  terminals: Float32Array;
  /** `[rows]`: 1 where the episode was cut without terminating (time limit, or the end of the data). */
  timeouts: Float32Array;
  /** `[rows × observationDim]`: the observation after each transition. */
  nextObservations: Float32Array;
  /** The env's action space. */
  actionSpace: ActionSpace;
}

function isPolicy(policy: CollectPolicy): policy is Policy {
  return typeof policy === 'object' && policy !== null && typeof (policy as Policy).act === 'function';
}

function checkPolicyFits(policy: Policy, env: Env, fn: string): void {
  if (policy.observationDim !== env.observationDim) {
    throw new Error(`${fn}: the policy expects observations of width ${policy.observationDim} but env '${env.name}' produces width ${env.observationDim}`);
  }
  const a = policy.actionSpace;
  const b = env.actionSpace;
  const agree = a.type === 'discrete' ? b.type === 'discrete' && a.n === b.n : b.type === 'box' && a.low.length === b.low.length;
  if (!agree) throw new Error(`${fn}: the policy's action space does not match env '${env.name}'s (${JSON.stringify(b)})`);
}

/**
 * Run a policy in an environment and log every transition, keeping true terminations
 * (`terminals`) apart from time-limit cuts (`timeouts`), like Minari's data collector. The core of
 * `collectDataset`, which turns the columns into a {@link Dataset}.
 *
 * - Episode `k` starts from `env.reset(s_k)`, `s_k` the k-th draw of `Rng.named(seed, 'collect/resets')`;
 *   the policy's stream is `Rng.named(seed, 'collect/policy')` (agents get one fresh `seed` per
 *   `act` call from it) and the noise's `Rng.named(seed, 'collect/noise')`. Same seed, same log.
 * - An episode ends when the env reports `terminated` (row flagged terminal) or `truncated`, or
 *   after `env.maxEpisodeSteps` steps (row flagged timeout). In `steps` mode the last row is
 *   flagged a timeout when its episode had not ended (the data ends it).
 * - Box actions (the policy's, plus noise) are clipped to the action box before they are sent and
 *   logged; NaN/±Infinity throw, naming the episode and step.
 *
 * @throws RangeError / TypeError for bad options (both or neither of `steps` / `episodes`, negative
 *   noise, …), an action of the wrong width, or a policy that does not fit the env.
 * @example
 * ```ts
 * const log = collectLog(pendulum(), (obs) => [0], { episodes: 2 });
 * log.timeouts[199]; // 1
 * ```
 */
export function collectLog(env: Env, policy: CollectPolicy, options: CollectOptions, fn = 'collectLog'): CollectedLog {
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object { steps | episodes, seed?, noise? }`);
  const { steps, episodes } = options;
  if ((steps === undefined) === (episodes === undefined)) {
    throw new RangeError(`${fn}: give exactly one of options.steps and options.episodes`);
  }
  if (steps !== undefined) checkPositiveInteger(`${fn}: options.steps`, steps);
  if (episodes !== undefined) checkPositiveInteger(`${fn}: options.episodes`, episodes);
  const seed = options.seed ?? DEFAULT_SEED;
  const noise = options.noise ?? DEFAULT_NOISE;
  const deterministic = options.deterministic ?? true;
  checkFinite(`${fn}: options.noise`, noise);
  if (noise < 0) throw new RangeError(`${fn}: options.noise must be ≥ 0, got ${noise}`);
  if (typeof deterministic !== 'boolean') throw new TypeError(`${fn}: options.deterministic must be a boolean`);
  checkPositiveInteger(`${fn}: env '${env.name}' maxEpisodeSteps`, env.maxEpisodeSteps);
  const space = env.actionSpace;
  if (space.type === 'discrete' && noise > 1) throw new RangeError(`${fn}: options.noise is a probability for discrete actions, got ${noise}`);
  if (space.type === 'box' && (policy === 'random' || noise > 0)) {
    space.low.forEach((lo, j) => {
      if (!Number.isFinite(lo) || !Number.isFinite(space.high[j])) {
        throw new RangeError(`${fn}: random actions and noise need a bounded action box; dimension ${j} is [${lo}, ${space.high[j]}]`);
      }
    });
  }
  if (isPolicy(policy)) checkPolicyFits(policy, env, fn);
  else if (policy !== 'random' && typeof policy !== 'function') {
    throw new TypeError(`${fn}: policy must be an agent (with act), a function or 'random'`);
  }

  const resetRng = Rng.named(seed, 'collect/resets');
  const policyRng = Rng.named(seed, 'collect/policy');
  const noiseRng = Rng.named(seed, 'collect/noise');
  const actionWidth = space.type === 'box' ? space.low.length : 1;
  const capacity = steps ?? EPISODES_MODE_CAPACITY;
  const observations = new GrowableRows(env.observationDim, capacity);
  const nextObservations = new GrowableRows(env.observationDim, capacity);
  const actions = new GrowableRows(actionWidth, capacity);
  const rewards = new GrowableRows(1, capacity);
  const terminals = new GrowableRows(1, capacity);
  const timeouts = new GrowableRows(1, capacity);

  const choose = (observation: number[], episode: number, step: number): number | number[] => {
    if (policy === 'random') {
      return space.type === 'discrete'
        ? policyRng.int(space.n)
        : space.low.map((lo, j) => lo + (space.high[j] - lo) * policyRng.next());
    }
    if (isPolicy(policy)) {
      const out = policy.act([observation], { deterministic, seed: policyRng.seed() });
      if (!Array.isArray(out) || out.length !== 1) throw new Error(`${fn}: policy.act returned no action for one observation (episode ${episode}, step ${step})`);
      return out[0];
    }
    return policy(observation.slice(), { episode, step, rng: policyRng });
  };
  const where = (episode: number, step: number): string => `${fn}: episode ${episode}, step ${step}`;
  const perturb = (raw: number | number[], episode: number, step: number): number | number[] => {
    if (space.type === 'discrete') {
      const a = checkDiscreteAction(raw, space.n, where(episode, step));
      return noise > 0 && noiseRng.next() < noise ? noiseRng.int(space.n) : a;
    }
    const vector = typeof raw === 'number' ? [raw] : raw;
    if (!Array.isArray(vector) || vector.length !== actionWidth) {
      throw new RangeError(`${where(episode, step)}: the action must have ${actionWidth} entries, got ${JSON.stringify(raw)}`);
    }
    return vector.map((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${where(episode, step)}: action[${j}] is ${String(v)}`);
      const lo = space.low[j];
      const hi = space.high[j];
      const noisy = noise > 0 ? v + (noise * (hi - lo) * noiseRng.normal()) / 2 : v;
      return Math.min(hi, Math.max(lo, noisy));
    });
  };

  let rows = 0;
  for (let episode = 0; steps !== undefined ? rows < steps : episode < (episodes as number); episode++) {
    let observation = env.reset(resetRng.seed());
    for (let step = 0; ; step++) {
      const action = perturb(choose(observation, episode, step), episode, step);
      const result = env.step(action);
      rows += 1;
      const done = result.terminated || result.truncated || step + 1 >= env.maxEpisodeSteps;
      const cut = !done && steps !== undefined && rows === steps;
      observations.push(observation);
      actions.push(action);
      rewards.push(result.reward);
      terminals.push(result.terminated ? 1 : 0);
      timeouts.push(!result.terminated && (done || cut) ? 1 : 0);
      nextObservations.push(result.observation);
      observation = result.observation;
      if (done || cut) break;
    }
  }
  return {
    observations: observations.toArray(),
    actions: actions.toArray(),
    rewards: rewards.toArray(),
    terminals: terminals.toArray(),
    timeouts: timeouts.toArray(),
    nextObservations: nextObservations.toArray(),
    actionSpace: structuredClone(space),
  };
}
