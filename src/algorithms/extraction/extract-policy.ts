import * as tf from '@tensorflow/tfjs-core';
import type { Agent } from '../../agent/agent';
import { actorRole, copyNetwork, criticsRole, targetOf, valueRole, type Network } from '../../agent/networks';
import type { Dataset } from '../../data';
import { AWR_MAX_WEIGHT, awrWeights } from '../../losses';
import type { Batch } from '../../types';
import { ACTOR_DEFAULTS, actorLearningRate, checkActorConfig, checkNumber, COMMON_DEFAULTS, configRecord, type ActorConfig, type CommonConfig } from '../config';
import { defineAlgorithm, type AlgorithmParts, type ConfigDefaults, type MetricTensors, type StepContext } from '../definition';
import { DDPG_EXTRACTION_BC_ALPHA, IQL_DEFAULTS } from '../iql/config';
import { trainAlgorithm } from '../trainer/run';
import { EXTRACTION_METHODS, extractionActorStep, extractionHeadSpec, usesAdvantageWeights, type ExtractionMethod } from './methods';

/**
 * Configuration of {@link extractPolicy}.
 *
 * @example
 * ```ts
 * const cfg: Partial<ExtractPolicyConfig> = { method: 'awr', beta: 10, steps: 50_000 };
 * ```
 */
export interface ExtractPolicyConfig extends CommonConfig, ActorConfig {
  /** Extraction method (see {@link ExtractionMethod}); the agent's own `extraction` when left out. */
  method: ExtractionMethod;
  /** AWR inverse temperature β; the agent's own when left out. */
  beta: number;
  /** Clip of the AWR weights; the agent's own when left out. */
  maxAdvantageWeight: number;
  /** Weight of the BC term of `'ddpg'` (see `IQLConfig.bcAlpha`); the agent's own when left out. */
  bcAlpha: number;
  /** Tokens per action dimension of `'discrete-awr'`; the agent's own when left out. */
  bins: number;
}

/**
 * Defaults of {@link extractPolicy}: its own run settings (100,000 updates, seed 0, batch 256, Adam
 * 3e-4 cosine-decayed), whatever the trained agent's were; the recipe fields (`method`, `beta`,
 * `maxAdvantageWeight`, `bcAlpha`, `bins`, `actorDropout`) and the network width (`hiddenDims`) come
 * from the agent when it recorded them, else from these.
 *
 * @example
 * ```ts
 * EXTRACT_POLICY_DEFAULTS.steps; // 100000
 * ```
 */
export const EXTRACT_POLICY_DEFAULTS: Readonly<ConfigDefaults<ExtractPolicyConfig>> = Object.freeze({
  ...COMMON_DEFAULTS,
  ...ACTOR_DEFAULTS,
  steps: 100_000,
  method: IQL_DEFAULTS.extraction,
  beta: IQL_DEFAULTS.beta,
  maxAdvantageWeight: AWR_MAX_WEIGHT,
  bcAlpha: DDPG_EXTRACTION_BC_ALPHA,
  bins: IQL_DEFAULTS.bins,
});

/** Fields taken from the trained agent's config when the user leaves them out (the recipe and the width). */
const INHERITED: ReadonlyArray<[keyof ExtractPolicyConfig, string]> = [
  ['method', 'extraction'],
  ['beta', 'beta'],
  ['maxAdvantageWeight', 'maxAdvantageWeight'],
  ['bcAlpha', 'bcAlpha'],
  ['bins', 'bins'],
  ['actorDropout', 'actorDropout'],
  ['hiddenDims', 'hiddenDims'],
];

function checkExtractConfig(cfg: ExtractPolicyConfig, trainer: string): void {
  checkActorConfig(trainer, cfg);
  if (!EXTRACTION_METHODS.includes(cfg.method)) {
    throw new RangeError(`${trainer}: method must be one of ${EXTRACTION_METHODS.map((m) => `'${m}'`).join(', ')}, got '${String(cfg.method)}'`);
  }
  checkNumber(trainer, 'beta', cfg.beta, { min: 0 });
  checkNumber(trainer, 'maxAdvantageWeight', cfg.maxAdvantageWeight, { min: 0, exclusiveMin: true });
  checkNumber(trainer, 'bcAlpha', cfg.bcAlpha, { min: 0 });
  checkNumber(trainer, 'bins', cfg.bins, { min: 2, integer: true });
}

/**
 * Post-hoc extraction's roles: a new actor, and critics, target critics and a value network copied
 * from the trained agent.
 *
 * @example
 * ```ts
 * const roles: ExtractPolicyRoles = EXTRACT_POLICY.roles(cfg, shape);
 * ```
 */
export type ExtractPolicyRoles = {
  actor: ReturnType<typeof actorRole>;
  critics: ReturnType<typeof criticsRole>;
  targetCritics: ReturnType<typeof targetOf<'critics'>>;
  value: ReturnType<typeof valueRole>;
};

/**
 * One post-hoc extraction update: AWR weights from the frozen `min_k Q̄_k(s, a) − V(s)` (or DDPG(+BC)
 * through the frozen critics), one actor step at the scheduled learning rate.
 *
 * @example
 * ```ts
 * extractUpdate(parts, batch, cfg, { index: 0, log: false, seed: () => 1 });
 * ```
 */
function extractUpdate(parts: AlgorithmParts<ExtractPolicyRoles, 'actor'>, batch: Batch, cfg: ExtractPolicyConfig, step: StepContext): MetricTensors {
  const { actor, critics, targetCritics, value } = parts.nets;
  const learner = parts.learners.actor;
  learner.learningRate = actorLearningRate(cfg, step.index);
  const dropoutSeed = actor.mlp.dropoutRate > 0 ? step.seed('actor-dropout') : undefined;
  return tf.tidy(() => {
    const s = batch.observations;
    const weights = usesAdvantageWeights(cfg.method)
      ? awrWeights(tf.sub(targetCritics.min(s, batch.actions), tf.reshape(value.predict(s), [-1])) as tf.Tensor1D, cfg.beta, { maxWeight: cfg.maxAdvantageWeight })
      : undefined;
    const loss = extractionActorStep(learner, { method: cfg.method, actor, observations: s, actions: batch.actions, dropoutSeed, weights, critics, bcAlpha: cfg.bcAlpha });
    const metrics: MetricTensors = { 'actor/loss': loss };
    if (step.log) Object.assign(metrics, actor.head.metrics(actor.mlp.predict(s)), weights ? { 'actor/weight_mean': tf.mean(weights) } : {});
    return metrics;
  });
}

/**
 * Post-hoc policy extraction, declared for the shared trainer: a new `actor`, and `critics`,
 * `targetCritics`, `value` copied from the source agent and never trained (no learner).
 *
 * @example
 * ```ts
 * const agent = await trainAlgorithm(EXTRACT_POLICY, dataset, cfg, { source: iqlAgent });
 * ```
 */
export const EXTRACT_POLICY = defineAlgorithm({
  name: 'extract-policy',
  trainer: 'extractPolicy',
  defaults: EXTRACT_POLICY_DEFAULTS,
  hints: { extraction: 'method', temperature: 'beta', alpha: 'bcAlpha' },
  validate: checkExtractConfig,
  data: { rows: 'all' },
  roles: (cfg: ExtractPolicyConfig, shape): ExtractPolicyRoles => ({
    actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: extractionHeadSpec(cfg.method, shape.actionSpace, cfg.bins), dropoutRate: cfg.actorDropout }),
    critics: criticsRole(shape, cfg.hiddenDims),
    targetCritics: targetOf('critics'),
    value: valueRole(shape, cfg.hiddenDims),
  }),
  learners: (cfg: ExtractPolicyConfig) => ({ actor: { roles: ['actor'], learningRate: cfg.learningRate } }),
  initialize(nets, source) {
    for (const role of ['critics', 'targetCritics', 'value'] as const) {
      const from = source.networks[role] as Network | undefined;
      if (!from) throw new Error(`extractPolicy: a ${source.spec.algorithm} agent has no '${role}' network; train it with trainIQL`);
      try {
        copyNetwork(nets[role], from);
      } catch (err) {
        throw new Error(`extractPolicy: the agent's '${role}' network does not match (${(err as Error).message})`, { cause: err });
      }
    }
  },
  agentAlgorithm: (source) => source?.spec.algorithm ?? 'iql',
  // The trained agent's config, with this run's settings on top and `extraction` naming the method used.
  agentConfig: (cfg, source) => {
    const { method, ...rest } = configRecord(cfg);
    return { ...(source?.spec.config ?? {}), ...rest, extraction: method };
  },
  update: extractUpdate,
});

/**
 * Extracts a new policy, after training, from an IQL agent's critics: the critics and the value
 * network are reused as they are (copied into the new agent, never retrained) and a fresh actor is
 * fitted to the dataset by advantage-weighted regression with `A = min_k Q̄_k(s, a) − V(s)` (or the
 * other extraction methods).
 *
 * **Concurrent vs post-hoc.** {@link trainIQL} extracts the policy *concurrently*: the actor is
 * updated at every step against critics that are still moving, as the official code does.
 * `extractPolicy` runs *after* training against the final, frozen critics, so you can try other
 * temperatures or methods without retraining the critics, and the actor sees a consistent advantage
 * throughout. The two agree in the limit of well-converged critics.
 *
 * **Defaults.** The run has its own settings ({@link EXTRACT_POLICY_DEFAULTS}: 100,000 updates,
 * seed 0), not the trained agent's (a million updates, say); the recipe (`method` ← the agent's
 * `extraction`, `beta`, `maxAdvantageWeight`, `bcAlpha`, `bins`, `actorDropout`) and `hiddenDims`
 * come from the agent unless you set them. The dataset must be the one the critics were trained on
 * (or one in the same spaces); the agent's observation statistics are applied to it.
 *
 * @example
 * ```ts
 * const iql = await trainIQL(dataset, { steps: 200_000 });
 * const sharper = await extractPolicy(iql, dataset, { method: 'awr', beta: 10, steps: 50_000 });
 * ```
 */
export function extractPolicy(agent: Agent, dataset: Dataset, config: Partial<ExtractPolicyConfig> = {}): Promise<Agent> {
  if (!agent || typeof agent !== 'object' || !agent.spec) return Promise.reject(new TypeError('extractPolicy: the first argument must be a trained Agent'));
  const inherited: Record<string, unknown> = {};
  for (const [key, from] of INHERITED) {
    const value = agent.spec.config[from];
    if (value !== undefined && value !== null) inherited[key] = Array.isArray(value) ? [...value] : value;
  }
  return trainAlgorithm(EXTRACT_POLICY, dataset, { ...(inherited as Partial<ExtractPolicyConfig>), ...config }, { source: agent });
}
