import { Rng } from '../rng';
import { checkDiscreteAction } from './check-action';
import { checkFinite, checkPositiveInteger, checkProbability } from './check-args';
import type { Env, ReferenceScores, StepResult } from './env';
import { EpisodeTracker } from './episode-tracker';
import { shuffleInPlace } from './shuffle';
import type { TransitionLog } from './transition-log';

/** Rewards of actions 0 and 1 by default: action 1 ("a2") is the better one. */
const DEFAULT_REWARDS: readonly [number, number] = [0, 1];
/** Number of actions. */
const BANDIT_ACTIONS = 2;
/** The one observation of the one state. */
const BANDIT_OBSERVATION: readonly number[] = [1];
/** One step, then the episode terminates. */
const BANDIT_EPISODE_STEPS = 1;
/** Default number of rows of {@link banditDataset}. */
const DEFAULT_DATASET_SIZE = 1000;
/** Default behaviour policy of {@link banditDataset}: 50/50. */
const DEFAULT_ACTION_PROBS: readonly [number, number] = [0.5, 0.5];
/** Default seed of {@link banditDataset}. */
const DEFAULT_SEED = 0;
/** Slack allowed when checking that `actionProbs` sums to 1. */
const PROBABILITY_SUM_TOLERANCE = 1e-9;

/**
 * Options of {@link bandit}.
 *
 * @example
 * ```ts
 * const options: BanditOptions = { rewards: [1, 0] };
 * ```
 */
export interface BanditOptions {
  /** Reward of action 0 and of action 1. Default `[0, 1]`. */
  rewards?: [number, number];
}

/**
 * Options of {@link banditDataset}.
 *
 * @example
 * ```ts
 * const options: BanditDatasetOptions = { size: 100, actionProbs: [0.9, 0.1], seed: 3 };
 * ```
 */
export interface BanditDatasetOptions {
  /** Number of transitions. Default 1000. */
  size?: number;
  /** Behaviour policy: probability of action 0 and of action 1 (must sum to 1). Default `[0.5, 0.5]`. */
  actionProbs?: [number, number];
  /** Reward of action 0 and of action 1. Default `[0, 1]`. */
  rewards?: [number, number];
  /** Seed of the row order. Default 0. */
  seed?: number;
}

function checkRewards(fn: string, rewards: readonly number[]): void {
  if (!Array.isArray(rewards) || rewards.length !== BANDIT_ACTIONS) {
    throw new RangeError(`${fn}: rewards must be a pair [reward of action 0, reward of action 1]`);
  }
  rewards.forEach((r, i) => checkFinite(`${fn}: rewards[${i}]`, r));
}

/**
 * The one-state, two-action bandit: every episode is one step from the same state (observation
 * `[1]`); action `a` earns `rewards[a]` and terminates. It is the smallest test of policy
 * improvement: on 50/50 data BC plays 50/50, while IQL / AWR pick the better action.
 *
 * Reference scores are computed from `rewards`: `min` is the expected return of the uniform random
 * policy (the mean of the two rewards), `max` the optimal return (the larger reward). They are
 * omitted when both rewards are equal (the normalized score would be undefined).
 *
 * @example
 * ```ts
 * const env = bandit();                  // rewards [0, 1]
 * env.reset();                           // [1]
 * env.step(1);                           // { observation: [1], reward: 1, terminated: true, truncated: false }
 * env.referenceScores;                   // { min: 0.5, max: 1, source: '…' }
 * ```
 */
export function bandit(options: BanditOptions = {}): Env {
  const rewards = options.rewards ?? DEFAULT_REWARDS;
  checkRewards('bandit', rewards);
  const [r0, r1] = rewards;
  const actionSpace = { type: 'discrete', n: BANDIT_ACTIONS } as const;
  const tracker = new EpisodeTracker('bandit', BANDIT_EPISODE_STEPS);
  const referenceScores: ReferenceScores | undefined =
    r0 === r1
      ? undefined
      : {
          min: (r0 + r1) / BANDIT_ACTIONS,
          max: Math.max(r0, r1),
          source: `analytic from rewards [${r0}, ${r1}]: min = expected return of the uniform random policy, max = optimal return`,
        };
  return {
    name: 'bandit',
    observationDim: BANDIT_OBSERVATION.length,
    actionSpace,
    maxEpisodeSteps: BANDIT_EPISODE_STEPS,
    referenceScores,
    reset(seed?: number): number[] {
      tracker.start(seed);
      return BANDIT_OBSERVATION.slice();
    },
    step(action: number | number[]): StepResult {
      tracker.beforeStep();
      const a = checkDiscreteAction(action, BANDIT_ACTIONS, 'bandit.step');
      const terminated = true;
      const truncated = tracker.afterStep(terminated);
      return { observation: BANDIT_OBSERVATION.slice(), reward: rewards[a], terminated, truncated };
    },
    clone: () => bandit({ rewards: [r0, r1] }),
  };
}

/**
 * A logged dataset of the {@link bandit}: `size` one-step episodes whose action counts are exact,
 * `round(actionProbs[0] · size)` rows of action 0 and the rest action 1, in an order shuffled with
 * `seed`. Every row is terminal; `nextObservations` repeat the observation `[1]`.
 *
 * @example
 * ```ts
 * const log = banditDataset({ size: 1000, actionProbs: [0.5, 0.5], seed: 0 });
 * log.actions.filter((a) => a === 1).length; // 500
 * const dataset = createDataset(log);
 * ```
 */
export function banditDataset(options: BanditDatasetOptions = {}): TransitionLog {
  const size = options.size ?? DEFAULT_DATASET_SIZE;
  const actionProbs = options.actionProbs ?? DEFAULT_ACTION_PROBS;
  const rewards = options.rewards ?? DEFAULT_REWARDS;
  const seed = options.seed ?? DEFAULT_SEED;
  checkPositiveInteger('banditDataset: size', size);
  if (!Array.isArray(actionProbs) || actionProbs.length !== BANDIT_ACTIONS) {
    throw new RangeError('banditDataset: actionProbs must be a pair [P(action 0), P(action 1)]');
  }
  actionProbs.forEach((p, i) => checkProbability(`banditDataset: actionProbs[${i}]`, p));
  if (Math.abs(actionProbs[0] + actionProbs[1] - 1) > PROBABILITY_SUM_TOLERANCE) {
    throw new RangeError(`banditDataset: actionProbs must sum to 1, got [${actionProbs.join(', ')}]`);
  }
  checkRewards('banditDataset', rewards);
  checkFinite('banditDataset: seed', seed);

  const count0 = Math.round(actionProbs[0] * size);
  const actions = Array.from({ length: size }, (_, i) => (i < count0 ? 0 : 1));
  shuffleInPlace(actions, new Rng(seed));
  return {
    observations: actions.map(() => BANDIT_OBSERVATION.slice()),
    actions,
    rewards: actions.map((a) => rewards[a]),
    nextObservations: actions.map(() => BANDIT_OBSERVATION.slice()),
    terminals: actions.map(() => 1),
    actionSpace: { type: 'discrete', n: BANDIT_ACTIONS },
  };
}
