import type { Agent } from '../../agent/agent';
import { actorRole, criticsRole, targetOf } from '../../agent/networks';
import type { Dataset } from '../../data';
import { defineAlgorithm } from '../definition';
import { trainAlgorithm } from '../trainer/run';
import { checkReBRACConfig, REBRAC_DEFAULTS, REBRAC_HINTS, type ReBRACConfig } from './config';
import { REBRAC_PRESETS } from './presets';
import { rebracUpdate, type ReBRACRoles } from './update';

/** Multiplies the rewards by `scale` (1: the dataset itself). */
function scaleRewardsBy(dataset: Dataset, scale: number): Dataset {
  if (scale === 1) return dataset;
  return { ...dataset, rewards: dataset.rewards.map((r) => r * scale) };
}

/**
 * ReBRAC, declared for the shared trainer: TD3+BC's roles (`actor`, `targetActor`, `critics` with
 * layer norm, `targetCritics`), learners `actor` and `critic` (own learning rate), batches with the
 * dataset's next actions, the update {@link rebracUpdate}.
 *
 * @example
 * ```ts
 * const trainer = createTrainer(ReBRAC, dataset, { steps: 1000 });
 * ```
 */
export const ReBRAC = defineAlgorithm({
  name: 'rebrac',
  trainer: 'trainReBRAC',
  defaults: REBRAC_DEFAULTS,
  presets: REBRAC_PRESETS,
  hints: REBRAC_HINTS,
  validate: checkReBRACConfig,
  data: {
    select: (dataset: Dataset, cfg: ReBRACConfig, trainer: string) => {
      if (dataset.actionSpace.type !== 'box') throw new RangeError(`${trainer}: needs a box action space (ReBRAC has a deterministic continuous actor)`);
      return scaleRewardsBy(dataset, cfg.rewardScale);
    },
    nextActions: true,
  },
  roles: (cfg: ReBRACConfig, shape): ReBRACRoles => ({
    actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'deterministic' }, layerNorm: cfg.actorLayerNorm }),
    targetActor: targetOf('actor'),
    critics: criticsRole(shape, cfg.hiddenDims, 2, { layerNorm: cfg.criticLayerNorm }),
    targetCritics: targetOf('critics'),
  }),
  learners: (cfg: ReBRACConfig) => ({
    actor: { roles: ['actor'], learningRate: cfg.learningRate },
    critic: { roles: ['critics'], learningRate: cfg.criticLearningRate },
  }),
  update: rebracUpdate,
});

/**
 * ReBRAC (Tarasov, Kurenkov, Nikulin & Kolesnikov, 2023): TD3+BC revisited, the strongest simple
 * method on D4RL locomotion in CORL's tables. What it adds to TD3+BC: a behaviour penalty in the
 * critic's target too (`β_critic·‖ã' − a'‖²` subtracted from the next Q, with `a'` the dataset's
 * next action), layer norm in the critics, the actor's BC term weighted by `β_actor` (not the Q
 * term), both critics' minimum in the actor, deeper networks, larger batches and learning rates.
 * Defaults are CORL's `rebrac.py`; `preset` takes CORL's recipe for a D4RL dataset by name (e.g.
 * `'hopper-medium-v2'`, `'antmaze-umaze-v2'`).
 *
 * Next actions come from the next row of the same episode (`datasetNextActions`): rows whose next
 * action is unknown — an episode's last row ended by a timeout, the termination fix or the end of
 * the data — are not sampled (CORL's loader drops timeout rows too); terminal rows are, their
 * penalty being multiplied by `1 − terminal = 0`. Box action spaces only.
 *
 * @example
 * ```ts
 * const agent = await trainReBRAC(dataset, { preset: 'halfcheetah-medium-v2', steps: 200_000, seed: 1 });
 * agent.act([observation]);
 * ```
 */
export function trainReBRAC(dataset: Dataset, config: Partial<ReBRACConfig> = {}): Promise<Agent> {
  return trainAlgorithm(ReBRAC, dataset, config);
}
