import { Rng } from '../rng';
import { checkDiscreteAction } from './check-action';
import { checkFinite, checkPositiveInteger, checkProbability } from './check-args';
import type { Env, ReferenceScores, StepResult } from './env';
import { EpisodeTracker } from './episode-tracker';
import { shuffleInPlace } from './shuffle';
import type { TransitionLog } from './transition-log';

/**
 * Action 0 of the {@link twoStepChain}: from `s0` go to `s1`; in `s1` earn +10.
 *
 * @example
 * ```ts
 * env.step(UP);
 * ```
 */
export const UP = 0;

/**
 * Action 1 of the {@link twoStepChain}: from `s0` go to `s2`; in `s1` earn −10.
 *
 * @example
 * ```ts
 * env.step(DOWN);
 * ```
 */
export const DOWN = 1;

/**
 * An action of the {@link twoStepChain}: {@link UP} (0) or {@link DOWN} (1).
 *
 * @example
 * ```ts
 * const a: ChainAction = UP;
 * ```
 */
export type ChainAction = typeof UP | typeof DOWN;

const S0 = 0;
const S1 = 1;
const S2 = 2;
/** Number of states, and the length of the one-hot observations. */
const CHAIN_STATES = 3;
/** Number of actions. */
const CHAIN_ACTIONS = 2;
/** Every episode is exactly two steps long. */
const CHAIN_EPISODE_STEPS = 2;
/** Reward of leaving `s0` (either way). */
const REWARD_S0 = 0;
/** Reward of `up` in `s1`. */
const REWARD_S1_UP = 10;
/** Reward of `down` in `s1`. */
const REWARD_S1_DOWN = -10;
/** Reward of either action in `s2`. */
const REWARD_S2 = 1;
/** Probability of each action under the uniform random policy. */
const UNIFORM = 1 / CHAIN_ACTIONS;
/** Default number of episodes of {@link twoStepChainDataset}. */
const DEFAULT_EPISODES = 1000;
/** Default probability of `up` in every state of {@link twoStepChainDataset}. */
const DEFAULT_UP_PROBABILITY = 0.5;
/** Default seed of {@link twoStepChainDataset}. */
const DEFAULT_SEED = 0;

/** Expected return of the uniform random policy: ½·(½·10 + ½·(−10)) + ½·1 = 0.5. */
const RANDOM_RETURN = UNIFORM * (UNIFORM * REWARD_S1_UP + UNIFORM * REWARD_S1_DOWN) + UNIFORM * REWARD_S2;
/** Optimal return: up, then up. */
const OPTIMAL_RETURN = Math.max(REWARD_S0 + REWARD_S1_UP, REWARD_S0 + REWARD_S2);

const CHAIN_REFERENCE_SCORES: ReferenceScores = {
  min: RANDOM_RETURN,
  max: OPTIMAL_RETURN,
  source: 'analytic: min = expected return of the uniform random policy (0.5), max = optimal return (up, up = 10)',
};

function oneHot(state: number): number[] {
  const v = new Array<number>(CHAIN_STATES).fill(0);
  v[state] = 1;
  return v;
}

/** Reward of taking `action` in the second-step state `state` (s1 or s2). */
function secondStepReward(state: number, action: number): number {
  if (state === S1) return action === UP ? REWARD_S1_UP : REWARD_S1_DOWN;
  return REWARD_S2;
}

/**
 * Options of {@link twoStepChain}.
 *
 * @example
 * ```ts
 * const options: TwoStepChainOptions = { maxEpisodeSteps: 1 }; // every episode truncated after s0
 * ```
 */
export interface TwoStepChainOptions {
  /** Time limit. Default 2 (the episode length, so no truncation); 1 truncates after the first step. */
  maxEpisodeSteps?: number;
}

/**
 * The two-step chain (γ = 1), the textbook case where SARSA and IQL disagree. States `s0`, `s1`,
 * `s2` are observed as one-hot vectors `[1,0,0]`, `[0,1,0]`, `[0,0,1]`; actions are {@link UP} (0)
 * and {@link DOWN} (1).
 *
 * - `s0 –up→ s1` and `s0 –down→ s2`, reward 0, not terminal;
 * - in `s1`: up earns +10, down −10, terminal;
 * - in `s2`: either action earns +1, terminal.
 *
 * After the terminal step the observation stays that of the last state (`s1` or `s2`).
 * Reference scores: `min` 0.5 (uniform random policy), `max` 10 (optimal).
 *
 * @example
 * ```ts
 * const env = twoStepChain();
 * env.reset();      // [1, 0, 0]
 * env.step(UP);     // { observation: [0, 1, 0], reward: 0, terminated: false, truncated: false }
 * env.step(UP);     // { observation: [0, 1, 0], reward: 10, terminated: true, truncated: false }
 * ```
 */
export function twoStepChain(options: TwoStepChainOptions = {}): Env {
  const maxEpisodeSteps = options.maxEpisodeSteps ?? CHAIN_EPISODE_STEPS;
  checkPositiveInteger('twoStepChain: maxEpisodeSteps', maxEpisodeSteps);
  const tracker = new EpisodeTracker('two-step-chain', maxEpisodeSteps);
  let state = S0;
  return {
    name: 'two-step-chain',
    observationDim: CHAIN_STATES,
    actionSpace: { type: 'discrete', n: CHAIN_ACTIONS },
    maxEpisodeSteps,
    referenceScores: { ...CHAIN_REFERENCE_SCORES },
    reset(seed?: number): number[] {
      tracker.start(seed);
      state = S0;
      return oneHot(state);
    },
    step(action: number | number[]): StepResult {
      tracker.beforeStep();
      const a = checkDiscreteAction(action, CHAIN_ACTIONS, 'two-step-chain.step');
      let reward: number;
      let terminated: boolean;
      if (state === S0) {
        state = a === UP ? S1 : S2;
        reward = REWARD_S0;
        terminated = false;
      } else {
        reward = secondStepReward(state, a);
        terminated = true;
      }
      const truncated = tracker.afterStep(terminated);
      return { observation: oneHot(state), reward, terminated, truncated };
    },
    clone: () => twoStepChain({ maxEpisodeSteps }),
  };
}

/**
 * Options of {@link twoStepChainDataset}: the behaviour policy's probability of {@link UP} in each
 * state.
 *
 * @example
 * ```ts
 * const options: TwoStepChainDatasetOptions = { episodes: 500, upAtS1: 0.1, seed: 2 };
 * ```
 */
export interface TwoStepChainDatasetOptions {
  /** Number of two-step episodes. Default 1000. */
  episodes?: number;
  /** Probability of up in `s0`. Default 0.5. */
  upAtS0?: number;
  /** Probability of up in `s1`. Default 0.5. */
  upAtS1?: number;
  /** Probability of up in `s2`. Default 0.5. */
  upAtS2?: number;
  /** Seed of the episode order. Default 0. */
  seed?: number;
}

/**
 * A logged dataset of the {@link twoStepChain}: `episodes` two-row episodes with exact branch
 * proportions, in an order shuffled with `seed`.
 *
 * Counts: `nUp = round(upAtS0 · episodes)` episodes go up at `s0` (the rest down);
 * `round(upAtS1 · nUp)` of those go up at `s1`; `round(upAtS2 · nDown)` of the others go up at `s2`.
 * Each episode is two consecutive rows:
 * 1. `s0 → s1 / s2`, reward 0, terminal 0;
 * 2. `s1 / s2 → same state`, reward ±10 or +1, terminal 1.
 *
 * @example
 * ```ts
 * const log = twoStepChainDataset({ episodes: 1000, seed: 0 });
 * log.observations.length; // 2000
 * const dataset = createDataset(log);
 * ```
 */
export function twoStepChainDataset(options: TwoStepChainDatasetOptions = {}): TransitionLog {
  const episodes = options.episodes ?? DEFAULT_EPISODES;
  const upAtS0 = options.upAtS0 ?? DEFAULT_UP_PROBABILITY;
  const upAtS1 = options.upAtS1 ?? DEFAULT_UP_PROBABILITY;
  const upAtS2 = options.upAtS2 ?? DEFAULT_UP_PROBABILITY;
  const seed = options.seed ?? DEFAULT_SEED;
  checkPositiveInteger('twoStepChainDataset: episodes', episodes);
  checkProbability('twoStepChainDataset: upAtS0', upAtS0);
  checkProbability('twoStepChainDataset: upAtS1', upAtS1);
  checkProbability('twoStepChainDataset: upAtS2', upAtS2);
  checkFinite('twoStepChainDataset: seed', seed);

  const upCount = Math.round(upAtS0 * episodes);
  const downCount = episodes - upCount;
  const upUpCount = Math.round(upAtS1 * upCount);
  const downUpCount = Math.round(upAtS2 * downCount);
  const plan: Array<[ChainAction, ChainAction]> = [];
  for (let i = 0; i < upCount; i++) plan.push([UP, i < upUpCount ? UP : DOWN]);
  for (let i = 0; i < downCount; i++) plan.push([DOWN, i < downUpCount ? UP : DOWN]);
  shuffleInPlace(plan, new Rng(seed));

  const log: TransitionLog = {
    observations: [],
    actions: [],
    rewards: [],
    nextObservations: [],
    terminals: [],
    actionSpace: { type: 'discrete', n: CHAIN_ACTIONS },
  };
  for (const [first, second] of plan) {
    const middle = first === UP ? S1 : S2;
    log.observations.push(oneHot(S0), oneHot(middle));
    log.actions.push(first, second);
    log.rewards.push(REWARD_S0, secondStepReward(middle, second));
    log.nextObservations.push(oneHot(middle), oneHot(middle));
    log.terminals.push(0, 1);
  }
  return log;
}

/**
 * The analytic IQL fixed point on the {@link twoStepChain} (γ = 1), for data that goes up at `s1`
 * with probability `upAtS1`. See {@link twoStepChainValues}.
 *
 * @example
 * ```ts
 * const v: TwoStepChainValues = twoStepChainValues(0.7); // { vS1: 4, vS2: 1, qS0Up: 4, qS0Down: 1, greedyAtS0: UP }
 * ```
 */
export interface TwoStepChainValues {
  /** V(s1): the τ-expectile of {+10 w.p. upAtS1, −10 otherwise}. */
  vS1: number;
  /** V(s2) = 1: both actions earn +1. */
  vS2: number;
  /** Q(s0, up) = 0 + V(s1). */
  qS0Up: number;
  /** Q(s0, down) = 0 + V(s2). */
  qS0Down: number;
  /** The action with the larger Q at `s0`; a tie goes to {@link DOWN}. */
  greedyAtS0: ChainAction;
}

/**
 * The fixed point IQL converges to on the {@link twoStepChain} with expectile `τ` (γ = 1).
 *
 * In `s1` the data's Q-values are the two-point distribution {+10 w.p. p, −10 w.p. 1 − p}
 * (`p = upAtS1`), and V(s1) is its τ-expectile, the root of
 * `τ·p·(10 − v) = (1 − τ)(1 − p)(v + 10)`, i.e.
 * `v = 10·(τp − (1 − τ)(1 − p)) / (τp + (1 − τ)(1 − p))` — with p = 0.5 this is `10(2τ − 1)`.
 * V(s2) = 1 for every τ. Then Q(s0, up) = V(s1), Q(s0, down) = V(s2) = 1, so the greedy action at
 * `s0` is up exactly when V(s1) > 1 (τ > 0.55 for p = 0.5): τ = 0.5 (SARSA) prefers down.
 *
 * @param expectile - τ in the open interval (0, 1).
 * @param upAtS1 - probability of up in `s1` in the data, in [0, 1]. Default 0.5.
 * @throws RangeError when an argument is out of range.
 *
 * @example
 * ```ts
 * twoStepChainValues(0.5).greedyAtS0; // DOWN (vS1 = 0 < 1)
 * twoStepChainValues(0.9).vS1;        // 8
 * twoStepChainValues(0.9, 0.1).vS1;   // 0: with 10% up, τ = 0.9 only reaches the mean of 50/50 data
 * ```
 */
export function twoStepChainValues(expectile: number, upAtS1 = DEFAULT_UP_PROBABILITY): TwoStepChainValues {
  if (typeof expectile !== 'number' || !(expectile > 0 && expectile < 1)) {
    throw new RangeError(`twoStepChainValues: expectile must be in the open interval (0, 1), got ${expectile}`);
  }
  checkProbability('twoStepChainValues: upAtS1', upAtS1);
  const wUp = expectile * upAtS1;
  const wDown = (1 - expectile) * (1 - upAtS1);
  const vS1 = (wUp * REWARD_S1_UP + wDown * REWARD_S1_DOWN) / (wUp + wDown);
  const vS2 = REWARD_S2;
  const qS0Up = REWARD_S0 + vS1;
  const qS0Down = REWARD_S0 + vS2;
  return { vS1, vS2, qS0Up, qS0Down, greedyAtS0: qS0Up > qS0Down ? UP : DOWN };
}
