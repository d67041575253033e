import type { Agent } from '../../agent/agent';
import { defaultHeadSpec } from '../../agent/head-spec';
import { actorRole } from '../../agent/networks';
import { episodeCount, filterTopEpisodes, type Dataset } from '../../data';
import { defineAlgorithm } from '../definition';
import { trainAlgorithm } from '../trainer/run';
import { BC_DEFAULTS, BC_HINTS, checkBCConfig, type BCConfig } from './config';
import { bcUpdate, type BCRoles } from './update';

/** Slack for `episodes × topFraction ≥ 1` (0.1 × 10 is 1.0000000000000002 or 0.9999999999999999). */
const FRACTION_SLACK = 1e-9;

/**
 * The rows %BC trains on: the best `ceil(topFraction × episodes)` episodes. Rejects data with fewer
 * episodes than `1 / topFraction`, where %BC would silently keep everything and become plain BC.
 *
 * @example
 * ```ts
 * const kept = selectTopEpisodes(dataset, { topFraction: 0.1 } as BCConfig, 'trainBC');
 * ```
 */
export function selectTopEpisodes(dataset: Dataset, cfg: BCConfig, trainer: string): Dataset {
  if (cfg.topFraction >= 1) return dataset;
  const episodes = episodeCount(dataset);
  if (episodes * cfg.topFraction < 1 - FRACTION_SLACK) {
    throw new RangeError(
      `${trainer}: topFraction ${cfg.topFraction} keeps the best ${Math.round(cfg.topFraction * 100)}% of episodes, but the dataset has ${episodes} episode${episodes === 1 ? '' : 's'} ` +
        `(fewer than 1 / topFraction = ${Math.ceil(1 / cfg.topFraction - FRACTION_SLACK)}), so %BC would be plain BC; mark episode ends with terminals or timeouts, or train with topFraction: 1`,
    );
  }
  return filterTopEpisodes(dataset, cfg.topFraction);
}

/**
 * Behaviour cloning, declared for the shared trainer: one role `actor` (the IQL actor and head),
 * one learner, the update {@link bcUpdate}; every row is used (BC needs no next observation).
 *
 * @example
 * ```ts
 * const trainer = createTrainer(BC, dataset, { steps: 1000, topFraction: 0.1 });
 * ```
 */
export const BC = defineAlgorithm({
  name: 'bc',
  trainer: 'trainBC',
  defaults: BC_DEFAULTS,
  hints: BC_HINTS,
  validate: checkBCConfig,
  data: { rows: 'all', select: selectTopEpisodes },
  roles: (cfg: BCConfig, shape): BCRoles => ({
    actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: defaultHeadSpec(shape.actionSpace), dropoutRate: cfg.actorDropout }),
  }),
  learners: (cfg: BCConfig) => ({ actor: { roles: ['actor'], learningRate: cfg.learningRate } }),
  update: bcUpdate,
});

/**
 * Behaviour cloning: fits the policy to the dataset's actions by maximum likelihood, with the same
 * network, head and optimizer as {@link trainIQL} (a Gaussian with `tanh` mean for box actions, a
 * categorical for discrete ones). With `topFraction < 1` it is **%BC**: only the best
 * `ceil(topFraction × episodes)` episodes by return are kept, the baseline of every offline RL table;
 * a dataset with fewer than `1 / topFraction` episodes is rejected. BC uses every row (it needs no
 * next observation).
 *
 * @example
 * ```ts
 * const bc = await trainBC(dataset, { steps: 20_000 });
 * const bc10 = await trainBC(dataset, { steps: 20_000, topFraction: 0.1 });
 * ```
 */
export function trainBC(dataset: Dataset, config: Partial<BCConfig> = {}): Promise<Agent> {
  return trainAlgorithm(BC, dataset, config);
}
