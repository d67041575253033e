import type { Env } from '../envs/env';
import { checkFinite, checkPositiveInteger } from '../envs/check-args';
import { Rng } from '../rng';
import type { ActionSpace, Policy } from '../types';
import { normalizedScore, type ScoreRange } from './reference-scores';

/** Default number of evaluation episodes. */
const DEFAULT_EPISODES = 10;
/** Default evaluation seed. */
const DEFAULT_SEED = 0;
/** Default number of environment copies stepped together. */
const DEFAULT_PARALLEL = 1;

/**
 * Options of {@link evaluate}.
 *
 * @example
 * ```ts
 * const options: EvaluateOptions = { episodes: 100, seed: 1, deterministic: false };
 * ```
 */
export interface EvaluateOptions {
  /** Number of episodes to roll out. Default 10. */
  episodes?: number;
  /** Seed of the environment resets and of the policy's action sampling. Default 0. */
  seed?: number;
  /** Act with the policy's mode (the Gaussian mean, the most probable action). Default `true`. */
  deterministic?: boolean;
  /**
   * Number of environment copies stepped in lockstep, with one batched `act` call per step.
   * Default 1. The results do not depend on it (see {@link evaluate}); environments without
   * `clone()` run one copy.
   */
  parallel?: number;
  /**
   * The returns that score 0 and 100 in `normalizedScore`, in place of the environment's
   * `referenceScores`: e.g. `dataset.metadata?.referenceScores` of a dataset read by `loadDataset`.
   * Default: the environment's, if it has them.
   */
  referenceScores?: ScoreRange;
}

/**
 * What {@link evaluate} returns.
 *
 * @example
 * ```ts
 * const { mean, std, normalizedScore } = await evaluate(agent, twoStepChain());
 * ```
 */
export interface EvaluationResult {
  /** Undiscounted return of each episode. */
  returns: number[];
  /** Number of steps of each episode. */
  lengths: number[];
  /** Mean of `returns`. */
  mean: number;
  /** Population standard deviation of `returns` (divides by the number of episodes, like `np.std`). */
  std: number;
  /** {@link normalizedScore} of `mean`, when `options.referenceScores` are given or the environment has them. */
  normalizedScore?: number;
}

function describeSpace(space: ActionSpace): string {
  return space.type === 'discrete' ? `discrete(n = ${space.n})` : `box(${space.low.length} dims)`;
}

function spacesAgree(a: ActionSpace, b: ActionSpace): boolean {
  if (a.type === 'discrete' && b.type === 'discrete') return a.n === b.n;
  if (a.type === 'box' && b.type === 'box') return a.low.length === b.low.length;
  return false;
}

function checkCompatible(policy: Policy, env: Env): void {
  if (policy.observationDim !== env.observationDim) {
    throw new Error(
      `evaluate: the policy expects observations of width ${policy.observationDim} ` +
        `but env '${env.name}' produces width ${env.observationDim}`,
    );
  }
  if (!spacesAgree(policy.actionSpace, env.actionSpace)) {
    throw new Error(
      `evaluate: the policy's action space is ${describeSpace(policy.actionSpace)} ` +
        `but env '${env.name}' has ${describeSpace(env.actionSpace)}`,
    );
  }
}

/** One running episode of {@link evaluate}: its index, the copy it runs in and its tallies. */
interface Slot {
  episode: number;
  env: Env;
  observation: number[];
  actRng: Rng;
  total: number;
  length: number;
}

/**
 * Roll out `policy` in `env` for a number of episodes and report the returns.
 *
 * Reproducible: an `Rng` is created from `seed`; for each episode, in episode order, it draws the
 * seed passed to `env.reset` and then splits off a stream that gives every `policy.act` call of
 * that episode a fresh seed. Episode `i` therefore depends only on `seed` and `i`, so evaluating
 * more episodes keeps the first ones unchanged. An episode ends when the environment reports
 * `terminated` or `truncated` (or, for an environment that does not enforce its time limit, after
 * `env.maxEpisodeSteps` steps).
 *
 * **Batched.** With `parallel: k`, `k` copies of the environment (`env` and `k − 1` made with
 * `env.clone()`, closed afterwards) run episodes in lockstep: each step makes ONE `policy.act`
 * call on the observations of every running episode, with `seeds` holding each row's own episode
 * seed (and `seed` the first row's); a copy whose episode ends starts the next episode not yet
 * started, until `episodes` are done. Results are identical for every `k` when the policy samples
 * each row from its own seed in `seeds` (an {@link Agent} does) and computes each row
 * independently of the batch (true of the tfjs `cpu` and `wasm` backends in our tests); a
 * deterministic policy only needs the latter. An environment without `clone()` runs one copy.
 *
 * The work is synchronous; the function returns a Promise so that asynchronous policies can be
 * supported later without changing callers.
 *
 * @throws Error when the policy's observation width or action space differs from the environment's.
 * @throws RangeError when `episodes` or `parallel` is not a positive integer or `seed` is not finite.
 *
 * @example
 * ```ts
 * const agent = await trainIQL(createDataset(twoStepChainDataset()), { expectile: 0.9 });
 * const result = await evaluate(agent, twoStepChain(), { episodes: 10, seed: 0 });
 * result.mean;            // 10 when the agent goes up, then up
 * result.normalizedScore; // 100
 * const batched = await evaluate(agent, envs.pendulum(), { episodes: 32, parallel: 8 }); // 8 at a time
 * // scored with the reference returns of a dataset read from a file (offline-rl/io):
 * await evaluate(agent, env, { referenceScores: dataset.metadata?.referenceScores });
 * ```
 */
export async function evaluate(policy: Policy, env: Env, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const episodes = options.episodes ?? DEFAULT_EPISODES;
  const seed = options.seed ?? DEFAULT_SEED;
  const deterministic = options.deterministic ?? true;
  const parallel = options.parallel ?? DEFAULT_PARALLEL;
  checkPositiveInteger('evaluate: options.episodes', episodes);
  checkFinite('evaluate: options.seed', seed);
  checkPositiveInteger('evaluate: options.parallel', parallel);
  if (typeof deterministic !== 'boolean') {
    throw new TypeError(`evaluate: options.deterministic must be a boolean, got ${typeof deterministic}`);
  }
  checkPositiveInteger(`evaluate: env '${env.name}' maxEpisodeSteps`, env.maxEpisodeSteps);
  checkCompatible(policy, env);
  const referenceScores = options.referenceScores ?? env.referenceScores;
  // Checked before the rollouts, so bad reference scores fail fast (normalizedScore validates them).
  if (referenceScores !== undefined) normalizedScore(0, referenceScores);

  const rng = new Rng(seed);
  const returns: number[] = new Array<number>(episodes);
  const lengths: number[] = new Array<number>(episodes);
  const copies: Env[] = [env];
  try {
    const wanted = env.clone ? Math.min(parallel, episodes) : 1;
    while (copies.length < wanted) copies.push((env.clone as () => Env)());

    let nextEpisode = 0;
    const start = (copy: Env): Slot => {
      const episode = nextEpisode++;
      const observation = copy.reset(rng.seed());
      return { episode, env: copy, observation, actRng: rng.split(), total: 0, length: 0 };
    };
    let slots: Slot[] = copies.map(start);
    while (slots.length > 0) {
      const seeds = slots.map((slot) => slot.actRng.seed());
      const actions = policy.act(
        slots.map((slot) => slot.observation),
        { deterministic, seed: seeds[0], seeds },
      );
      if (!Array.isArray(actions) || actions.length !== slots.length) {
        throw new Error(
          `evaluate: policy.act returned ${Array.isArray(actions) ? actions.length : 'no'} actions for ` +
            `${slots.length} observations (episode ${slots[0].episode})`,
        );
      }
      const running: Slot[] = [];
      slots.forEach((slot, i) => {
        const result = slot.env.step(actions[i]);
        slot.total += result.reward;
        slot.length += 1;
        slot.observation = result.observation;
        if (!(result.terminated || result.truncated || slot.length >= env.maxEpisodeSteps)) {
          running.push(slot);
          return;
        }
        returns[slot.episode] = slot.total;
        lengths[slot.episode] = slot.length;
        if (nextEpisode < episodes) running.push(start(slot.env));
      });
      slots = running;
    }
  } finally {
    for (const copy of copies.slice(1)) copy.close?.();
  }

  const mean = returns.reduce((s, r) => s + r, 0) / episodes;
  const std = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / episodes);
  const result: EvaluationResult = { returns, lengths, mean, std };
  if (referenceScores !== undefined) result.normalizedScore = normalizedScore(mean, referenceScores);
  return result;
}
