import type { ActorArchitecture, CriticsArchitecture, DataShape, MLPArchitecture, TargetDeclaration } from '../../agent/networks';
import { actorRole, criticsRole, targetOf } from '../../agent/networks';
import type { AlgorithmParts, LearnerDeclaration } from '../definition';
import { CQL_LOG_STD_RANGE, type CQLConfig } from './config';

/**
 * CQL's network roles.
 *
 * - Box actions (SAC backbone): `actor` (tanh-Gaussian, state-dependent std), twin `critics`,
 *   `targetCritics`, `temperature` (holds `log α` of the entropy tuning, when `autoEntropy`) and
 *   `lagrange` (holds `log α'`, with `cqlTargetGap`).
 * - Discrete actions (double DQN): one Q-network `critics` (`count` 1, one output per action) and its
 *   `targetCritics`; `actor` is a categorical policy whose logits are the Q-values: its weights are a
 *   copy of the Q-network's, refreshed after every update, so `act` is `argmax_a Q(s, a)` (and a
 *   sample is the Boltzmann policy `softmax(Q)`), while `agent.q` reads the critic.
 *
 * @example
 * ```ts
 * const roles: CQLRoles = CQL.roles(cfg, shape);
 * ```
 */
export type CQLRoles = {
  actor: ActorArchitecture;
  critics: CriticsArchitecture;
  targetCritics: TargetDeclaration<'critics'>;
  temperature?: MLPArchitecture;
  lagrange?: MLPArchitecture;
};

/**
 * CQL's learners: `critic` always; on box actions `actor`, and `temperature` / `lagrange` when those roles exist.
 *
 * @example
 * ```ts
 * const name: CQLLearner = 'critic';
 * ```
 */
export type CQLLearner = 'actor' | 'critic' | 'temperature' | 'lagrange';

/**
 * CQL's networks and optimizers, as its update sees them.
 *
 * @example
 * ```ts
 * parts.nets.critics.members.length; // 2 on box actions, 1 on discrete
 * ```
 */
export type CQLParts = AlgorithmParts<CQLRoles, CQLLearner>;

/**
 * A learned scalar held as a network role (so that it is checkpointed, resumed and saved like every
 * weight): a one-layer MLP fed a constant 0, whose output is its bias.
 *
 * @example
 * ```ts
 * const role = scalarRole(); // { kind: 'mlp', inputDim: 1, hiddenDims: [], outputDim: 1, dropoutRate: 0 }
 * ```
 */
export function scalarRole(): MLPArchitecture {
  return { kind: 'mlp', inputDim: 1, hiddenDims: [], outputDim: 1, dropoutRate: 0 };
}

/**
 * Declares CQL's roles for a config and data shape (see {@link CQLRoles}).
 *
 * @example
 * ```ts
 * cqlRoles({ ...CQL_DEFAULTS, cqlTargetGap: 0.8 }, shape).lagrange; // scalarRole()
 * ```
 */
export function cqlRoles(cfg: CQLConfig, shape: DataShape): CQLRoles {
  if (shape.actionSpace.type === 'discrete') {
    return {
      actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'categorical' } }),
      critics: criticsRole(shape, cfg.hiddenDims, 1),
      targetCritics: targetOf('critics'),
    };
  }
  const [logStdMin, logStdMax] = CQL_LOG_STD_RANGE;
  const roles: CQLRoles = {
    actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'tanh-gaussian', logStdMin, logStdMax } }),
    critics: criticsRole(shape, cfg.hiddenDims),
    targetCritics: targetOf('critics'),
  };
  if (cfg.autoEntropy) roles.temperature = scalarRole();
  if (cfg.cqlTargetGap !== null) roles.lagrange = scalarRole();
  return roles;
}

/**
 * Declares CQL's learners (see {@link CQLLearner}): policy and temperature at `policyLearningRate`,
 * critics and α' at `learningRate` (CORL's optimizers).
 *
 * @example
 * ```ts
 * cqlLearners(CQL_DEFAULTS as CQLConfig, shape).actor.learningRate; // 3e-5
 * ```
 */
export function cqlLearners(cfg: CQLConfig, shape: DataShape): Record<CQLLearner, LearnerDeclaration<keyof CQLRoles & string>> {
  const learners: Partial<Record<CQLLearner, LearnerDeclaration<keyof CQLRoles & string>>> = {
    critic: { roles: ['critics'], learningRate: cfg.learningRate },
  };
  if (shape.actionSpace.type === 'box') {
    learners.actor = { roles: ['actor'], learningRate: cfg.policyLearningRate };
    if (cfg.autoEntropy) learners.temperature = { roles: ['temperature'], learningRate: cfg.policyLearningRate };
    if (cfg.cqlTargetGap !== null) learners.lagrange = { roles: ['lagrange'], learningRate: cfg.learningRate };
  }
  // Learners a run has no role for are absent; the update only reaches for the ones its space uses.
  return learners as Record<CQLLearner, LearnerDeclaration<keyof CQLRoles & string>>;
}
