import type { Agent } from '../../agent/agent';
import type { Dataset } from '../../data';
import { defineAlgorithm } from '../definition';
import { trainAlgorithm } from '../trainer/run';
import { checkCQLConfig, CQL_DEFAULTS, CQL_HINTS, CQL_PRESETS, type CQLConfig } from './config';
import { cqlLearners, cqlRoles } from './roles';
import { cqlUpdate } from './update';

/**
 * Rewards as CQL trains on them, `r·rewardScale + rewardBias` (the dataset itself when that is the
 * identity); checks that the Lagrange form is asked for on box actions only.
 *
 * @example
 * ```ts
 * const scaled = selectCQLData(dataset, { ...CQL_DEFAULTS, rewardScale: 10, rewardBias: -5 } as CQLConfig, 'trainCQL');
 * ```
 */
export function selectCQLData(dataset: Dataset, cfg: CQLConfig, trainer: string): Dataset {
  if (dataset.actionSpace.type === 'discrete' && cfg.cqlTargetGap !== null) {
    throw new RangeError(`${trainer}: cqlTargetGap (the Lagrange form) is implemented for box action spaces; on discrete data leave it null and set cqlAlpha`);
  }
  if (cfg.rewardScale === 1 && cfg.rewardBias === 0) return dataset;
  const rewards = dataset.rewards.map((r) => r * cfg.rewardScale + cfg.rewardBias);
  return { ...dataset, rewards };
}

/**
 * Conservative Q-Learning, declared for the shared trainer: roles and learners from {@link cqlRoles} /
 * {@link cqlLearners} (a SAC backbone on box actions, double DQN on discrete ones), the update
 * {@link cqlUpdate}.
 *
 * @example
 * ```ts
 * const trainer = createTrainer(CQL, dataset, { steps: 1000 });
 * ```
 */
export const CQL = defineAlgorithm({
  name: 'cql',
  trainer: 'trainCQL',
  defaults: CQL_DEFAULTS,
  presets: CQL_PRESETS,
  hints: CQL_HINTS,
  validate: checkCQLConfig,
  data: { select: selectCQLData },
  roles: cqlRoles,
  learners: cqlLearners,
  update: cqlUpdate,
});

/**
 * Trains Conservative Q-Learning (Kumar, Zhou, Tucker & Levine, 2020), CQL(H): a TD critic whose loss
 * adds `cqlAlpha · (log Σ_a exp Q(s, a) − Q(s, a_data))`, which pushes Q down on actions the data does
 * not support and up on the ones it does, so the policy that maximises Q stays near the data.
 *
 * **Box actions** — a SAC backbone: a tanh-squashed Gaussian actor with state-dependent std (log-std
 * clipped to [−20, 2]), twin critics with Polyak targets, automatic entropy tuning towards
 * −(action dimensions), and the importance-sampled penalty over 10 uniform, 10 `π(·|s)` and 10
 * `π(·|s')` actions per state. Defaults are CORL's (young-geng/CQL's recipe): α 10, policy lr 3e-5,
 * critic lr 3e-4, three hidden layers of 256 with orthogonal init, no entropy in the backup,
 * standardised observations. Options: the Lagrange form (`cqlTargetGap`), the max-target backup,
 * `bcSteps` of behaviour cloning first, the plain `'uniform'` penalty. Presets: `locomotion` (α 5),
 * `antmaze` (CORL's antmaze recipe).
 *
 * **Discrete actions** — double DQN with a target network plus the exact discrete penalty (d3rlpy's
 * `DiscreteCQL`); the agent acts greedily, `argmax_a Q(s, a)`, and `agent.q` reads the Q-network.
 * `preset: 'discrete'` takes d3rlpy's numbers (α 1, lr 6.25e-5, batch 32, a target copy every 8000).
 *
 * Like every trainer it takes `signal`, checkpoints and `resume`, and stops with a
 * {@link NonFiniteLossError} when a loss becomes NaN.
 *
 * @example
 * ```ts
 * import { createDataset, trainCQL } from 'offline-rl';
 * const agent = await trainCQL(createDataset(log), { preset: 'locomotion', steps: 200_000, seed: 0 });
 * agent.act([observation]);
 * agent.q([observation], [action]);
 * ```
 */
export function trainCQL(dataset: Dataset, config: Partial<CQLConfig> = {}): Promise<Agent> {
  return trainAlgorithm(CQL, dataset, config);
}
