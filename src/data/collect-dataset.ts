import type { Env } from '../envs/env';
import { collectLog } from '../envs/collect-log';
import type { CollectOptions, CollectPolicy } from '../envs/collect-log';
import { createDataset } from './create-dataset';
import type { Dataset } from './dataset';

/**
 * Run a policy in an environment and return what it did as a {@link Dataset}, with true
 * terminations (`terminals`, the bootstrap is cut) kept apart from time-limit cuts (`timeouts`,
 * still bootstrapped), like Minari's data collector. `nextObservations` are recorded, so every row
 * is usable for TD updates.
 *
 * `policy` is an agent (`agent.act`, deterministic unless `deterministic: false`), a function
 * `(observation, { episode, step, rng }) => action`, or `'random'` (uniform over the action
 * space). Give `steps` (exactly that many rows; an unfinished last episode is marked a timeout) or
 * `episodes` (whole episodes). `noise` adds Gaussian noise of std `noise × half-width` to box
 * actions (then clips them to the box), or replaces discrete actions by random ones with
 * probability `noise`. Everything random derives from `seed` (see `envs.collectLog`), so the same
 * seed gives the same dataset.
 *
 * @throws RangeError / TypeError naming the bad option, or an action that is not finite (with
 *   its episode and step); Error when the agent does not fit the env.
 * @example
 * ```ts
 * const env = envs.pendulum();
 * const random = collectDataset(env, 'random', { steps: 10_000, seed: 0 });
 * const scripted = collectDataset(env, envs.pendulumController(), { episodes: 20, noise: 0.1 });
 * const agent = await trainIQL(random, { steps: 1000 });
 * const own = collectDataset(env, agent, { episodes: 5, deterministic: false });
 * ```
 */
export function collectDataset(env: Env, policy: CollectPolicy, options: CollectOptions): Dataset {
  return createDataset(collectLog(env, policy, options, 'collectDataset'));
}
