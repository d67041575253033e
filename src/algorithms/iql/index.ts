import type { Agent } from '../../agent/agent';
import { actorRole, criticsRole, targetOf, valueRole } from '../../agent/networks';
import type { Dataset } from '../../data';
import { defineAlgorithm } from '../definition';
import { extractionHeadSpec } from '../extraction/methods';
import { trainAlgorithm } from '../trainer/run';
import { checkIQLConfig, IQL_DEFAULTS, IQL_HINTS, IQL_PRESETS, type IQLConfig } from './config';
import { iqlUpdate, type IQLRoles } from './update';

/**
 * Implicit Q-Learning, declared for the shared trainer: roles `actor`, `critics` (twin),
 * `targetCritics`, `value`; learners `actor` (cosine-decayed), `critic`, `value`; the update
 * {@link iqlUpdate}.
 *
 * @example
 * ```ts
 * const trainer = createTrainer(IQL, dataset, { steps: 1000 });
 * ```
 */
export const IQL = defineAlgorithm({
  name: 'iql',
  trainer: 'trainIQL',
  defaults: IQL_DEFAULTS,
  presets: IQL_PRESETS,
  hints: IQL_HINTS,
  validate: checkIQLConfig,
  data: { rewardPreset: (cfg: IQLConfig) => cfg.rewardPreset },
  roles: (cfg: IQLConfig, shape): IQLRoles => ({
    actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: extractionHeadSpec(cfg.extraction, shape.actionSpace, cfg.bins), dropoutRate: cfg.actorDropout }),
    critics: criticsRole(shape, cfg.hiddenDims),
    targetCritics: targetOf('critics'),
    value: valueRole(shape, cfg.hiddenDims),
  }),
  learners: (cfg: IQLConfig) => ({
    actor: { roles: ['actor'], learningRate: cfg.learningRate },
    critic: { roles: ['critics'], learningRate: cfg.learningRate },
    value: { roles: ['value'], learningRate: cfg.learningRate },
  }),
  update: iqlUpdate,
});

/**
 * Trains Implicit Q-Learning (Kostrikov, Nair & Levine, 2022) on a fixed dataset and returns the agent.
 *
 * IQL never queries the critic at actions outside the data: it fits `V(s)` by expectile regression of
 * `Q(s, a)` over the dataset's actions (`expectile` τ), fits `Q(s, a) ← r + γV(s')`, and extracts the
 * policy by advantage-weighted regression (AWR, weights `min(exp(β·A), 100)`), concurrently. The
 * defaults follow the authors' code exactly: twin critics, target critics with Polyak rate 0.005,
 * Adam 3e-4, `[256, 256]` ReLU networks with orthogonal init, batch 256, the actor's learning rate
 * cosine-decayed to 0, a Gaussian policy with `tanh` mean and state-independent log-std in [−5, 2],
 * dataset actions clipped to ±(1 − 1e-5), and the update order value → actor → critic → target.
 * `preset` picks the authors' per-domain settings: `locomotion` (τ 0.7, β 3, returns-range reward
 * scaling), `antmaze` (τ 0.9, β 10, r − 1), `kitchen` (τ 0.7, β 0.5, actor dropout 0.1).
 *
 * **SARSA is IQL with `expectile: 0.5`**: V becomes the mean of Q over the dataset's actions, so the
 * critic evaluates the behaviour policy; larger τ moves V towards the best in-sample action.
 * `discount: 1` is allowed for finite-horizon data. Discrete action spaces get critics with one output
 * per action and a categorical policy.
 *
 * Like every trainer it takes `signal` (stop early and get the agent so far), `checkpointPath` /
 * `checkpointInterval` / `resume` (Node), and stops with a {@link NonFiniteLossError} when a loss
 * becomes NaN.
 *
 * @example
 * ```ts
 * import { createDataset, trainIQL } from 'offline-rl';
 * const dataset = createDataset({ observations, actions, rewards, terminals });
 * const agent = await trainIQL(dataset, { preset: 'locomotion', steps: 100_000, seed: 0,
 *   onProgress: ({ step, metrics, etaMs }) => console.log(step, metrics['critic/loss'], etaMs) });
 * agent.act([observations[0]]);
 * ```
 */
export function trainIQL(dataset: Dataset, config: Partial<IQLConfig> = {}): Promise<Agent> {
  return trainAlgorithm(IQL, dataset, config);
}
