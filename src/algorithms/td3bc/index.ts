import type { Agent } from '../../agent/agent';
import { actorRole, criticsRole, targetOf, withInit } from '../../agent/networks';
import type { Dataset } from '../../data';
import { defineAlgorithm } from '../definition';
import { trainAlgorithm } from '../trainer/run';
import { checkTD3BCConfig, DDPG_BC_OVERRIDES, TD3BC_DEFAULTS, TD3BC_HINTS, type TD3BCConfig } from './config';
import { td3bcUpdate, type TD3BCRoles } from './update';

/**
 * TD3+BC, declared for the shared trainer: roles `actor` (deterministic `tanh`), `targetActor`,
 * `critics` (twin), `targetCritics`; learners `actor` and `critic`; the update {@link td3bcUpdate}.
 * `variant: 'ddpg+bc'` applies {@link DDPG_BC_OVERRIDES} under your own fields.
 *
 * @example
 * ```ts
 * const trainer = createTrainer(TD3BC, dataset, { steps: 1000 });
 * ```
 */
export const TD3BC = defineAlgorithm({
  name: 'td3bc',
  trainer: 'trainTD3BC',
  defaults: TD3BC_DEFAULTS,
  hints: TD3BC_HINTS,
  overrides: (config: Partial<TD3BCConfig>) => (config.variant === 'ddpg+bc' ? DDPG_BC_OVERRIDES : undefined),
  validate: checkTD3BCConfig,
  data: {
    select: (dataset: Dataset, _cfg: TD3BCConfig, trainer: string) => {
      if (dataset.actionSpace.type !== 'box') throw new RangeError(`${trainer}: needs a box action space (TD3+BC has a deterministic continuous actor)`);
      return dataset;
    },
  },
  roles: (cfg: TD3BCConfig, shape): TD3BCRoles => ({
    actor: withInit(actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'deterministic' } }), cfg.init),
    targetActor: targetOf('actor'),
    critics: withInit(criticsRole(shape, cfg.hiddenDims), cfg.init),
    targetCritics: targetOf('critics'),
  }),
  learners: (cfg: TD3BCConfig) => ({
    actor: { roles: ['actor'], learningRate: cfg.learningRate },
    critic: { roles: ['critics'], learningRate: cfg.learningRate },
  }),
  update: td3bcUpdate,
});

/**
 * TD3+BC (Fujimoto & Gu, 2021): TD3 with a behaviour-cloning term in the actor,
 * `max E[λ·Q(s, π(s)) − (π(s) − a)²]`, `λ = 2.5 / mean|Q|`, and observations standardised. The
 * defaults are the authors' (α — here `qWeight` — 2.5, policy noise 0.2 clipped at 0.5, actor and
 * targets every 2nd step, Polyak 0.005, γ 0.99, Adam 3e-4, `[256, 256]` networks initialised as
 * PyTorch's `nn.Linear` does (`init: 'pytorch'`), batch 256).
 * `variant: 'ddpg+bc'` drops target-policy smoothing and the delay. Box action spaces only; the
 * agent has twin critics (`agent.q`) and no value network.
 *
 * @example
 * ```ts
 * const agent = await trainTD3BC(dataset, { steps: 200_000, seed: 1 });
 * agent.act([observation]);
 * ```
 */
export function trainTD3BC(dataset: Dataset, config: Partial<TD3BCConfig> = {}): Promise<Agent> {
  return trainAlgorithm(TD3BC, dataset, config);
}
