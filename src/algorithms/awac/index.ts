import type { Agent } from '../../agent/agent';
import { actorRole, criticsRole, targetOf } from '../../agent/networks';
import type { Dataset } from '../../data';
import { defineAlgorithm } from '../definition';
import { trainAlgorithm } from '../trainer/run';
import { AWAC_DEFAULTS, AWAC_HINTS, AWAC_LOG_STD_MIN, AWAC_PRESETS, checkAWACConfig, type AWACConfig } from './config';
import { awacUpdate, type AWACRoles } from './update';

/**
 * AWAC, declared for the shared trainer: roles `actor` (Gaussian, state-independent log-std in
 * [−20, 2]), `critics` (twin), `targetCritics`; learners `actor` and `critic`; the update
 * {@link awacUpdate}.
 *
 * @example
 * ```ts
 * const trainer = createTrainer(AWAC, dataset, { steps: 1000 });
 * ```
 */
export const AWAC = defineAlgorithm({
  name: 'awac',
  trainer: 'trainAWAC',
  defaults: AWAC_DEFAULTS,
  presets: AWAC_PRESETS,
  hints: AWAC_HINTS,
  validate: checkAWACConfig,
  data: {
    select: (dataset: Dataset, _cfg: AWACConfig, trainer: string) => {
      if (dataset.actionSpace.type !== 'box') throw new RangeError(`${trainer}: needs a box action space (AWAC has a Gaussian actor)`);
      return dataset;
    },
    rewardPreset: (cfg: AWACConfig) => cfg.rewardPreset,
  },
  roles: (cfg: AWACConfig, shape): AWACRoles => ({
    actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'gaussian', logStdMin: AWAC_LOG_STD_MIN } }),
    critics: criticsRole(shape, cfg.hiddenDims),
    targetCritics: targetOf('critics'),
  }),
  learners: (cfg: AWACConfig) => ({
    actor: { roles: ['actor'], learningRate: cfg.learningRate },
    critic: { roles: ['critics'], learningRate: cfg.learningRate },
  }),
  update: awacUpdate,
});

/**
 * Advantage-Weighted Actor-Critic (Nair, Gupta, Dalal & Levine, 2020) on a fixed dataset. The critic
 * evaluates the current policy (`Q ← r + γ·min Q̄(s', a' ~ π)`), and the actor is advantage-weighted
 * regression onto the dataset actions, `max E[w · log π(a|s)]` with
 * `A = Q(s, a) − Q(s, ã ~ π(s))`. Defaults are CORL's (`awac.py`): weights `min(exp(A/λ), 100)`,
 * λ 1, `[256, 256, 256]` networks, Adam 3e-4, batch 256, observations standardised. `preset` picks
 * CORL's λ per domain (`locomotion` 1/3, `antmaze` 0.1 with r − 1, `maze2d` and `adroit` 0.1);
 * `weighting: 'softmax'` uses d3rlpy's and jaxrl's batch-normalised weights. Box action spaces only.
 *
 * @example
 * ```ts
 * const agent = await trainAWAC(dataset, { preset: 'locomotion', steps: 200_000, seed: 1 });
 * agent.act([observation]);
 * ```
 */
export function trainAWAC(dataset: Dataset, config: Partial<AWACConfig> = {}): Promise<Agent> {
  return trainAlgorithm(AWAC, dataset, config);
}
