import * as tf from '@tensorflow/tfjs-core';
import { ensureBackend, useBackend } from '../backend/use-backend';
import { MinibatchSampler, normalizeDatasetObservations, type Dataset } from '../data';
import { awrWeights } from '../losses';
import { Learner, MLP } from '../nets';
import { Rng } from '../rng';
import { actionsToUnit } from './action-scaling';
import { Agent } from './agent';
import { type AgentNetworks, type AgentSpec } from './agent-networks';
import { extractionActorStep, extractionHeadSpec, usesAdvantageWeights, type ExtractionMethod } from './extraction';
import { createHead } from './head-spec';
import { checkActorConfig, checkCommonConfig, checkNumber, configRecord, actorLearningRate, mergeConfig } from './config';
import { checkIQLConfig, IQL_DEFAULTS, type IQLConfig } from './iql-config';
import { makeTrainer, runTrainer, withBatch } from './trainer';

/**
 * Configuration of {@link extractPolicy}. Fields left out take the trained agent's own values (its
 * `beta`, `seed`, network sizes, …), then the IQL defaults.
 *
 * @example
 * ```ts
 * const cfg: Partial<ExtractPolicyConfig> = { method: 'awr', beta: 10, steps: 50_000 };
 * ```
 */
export type ExtractPolicyConfig = Pick<
  IQLConfig,
  'steps' | 'batchSize' | 'learningRate' | 'seed' | 'beta' | 'maxAdvantageWeight' | 'actorDropout' | 'actorSchedule' | 'logInterval' | 'onProgress' | 'backend' | 'bcAlpha' | 'bins'
> & {
  /** Extraction method (see {@link ExtractionMethod}); the agent's own `extraction` when left out. */
  method: ExtractionMethod;
};

type ExtractSettings = Omit<ExtractPolicyConfig, 'onProgress' | 'backend'>;

/** Copies an MLP (same sizes and weights); the copy is owned by the caller. */
function cloneMLP(source: MLP, name: string): MLP {
  const copy = new MLP({ inputDim: source.inputDim, hiddenDims: source.hiddenDims, outputDim: source.outputDim, rng: new Rng(0), name, dropoutRate: source.dropoutRate });
  copy.copyFrom(source);
  return copy;
}

/**
 * Extracts a new policy, after training, from an IQL agent's critics: the critics and the value
 * network are reused as they are (copied into the new agent, never retrained) and a fresh actor is fitted
 * to the dataset by advantage-weighted regression with `A = min_k Q̄_k(s, a) − V(s)`.
 *
 * **Concurrent vs post-hoc.** {@link trainIQL} extracts the policy *concurrently*: the actor is
 * updated at every step against critics that are still moving, as the official code does.
 * `extractPolicy` runs *after* training against the final, frozen critics, so you can try other
 * temperatures (or, later, other extraction methods) without retraining the critics, and the actor
 * sees a consistent advantage throughout. The two agree in the limit of well-converged critics;
 * with few critic updates the post-hoc actor follows the final critics more closely.
 *
 * The dataset must be the one the critics were trained on (or one in the same observation and action
 * spaces); the agent's observation statistics are applied to it.
 *
 * @example
 * ```ts
 * const iql = await trainIQL(dataset, { steps: 200_000 });
 * const sharper = await extractPolicy(iql, dataset, { method: 'awr', beta: 10, steps: 50_000 });
 * ```
 */
export async function extractPolicy(agent: Agent, dataset: Dataset, config: Partial<ExtractPolicyConfig> = {}): Promise<Agent> {
  const { critics, targetCritics, value } = agent.networks;
  if (!critics || !targetCritics || !value) {
    throw new Error(`extractPolicy: a ${agent.spec.algorithm} agent has no critics; train it with trainIQL`);
  }
  const spec0 = agent.spec;
  if (dataset.observationDim !== spec0.observationDim) {
    throw new RangeError(`extractPolicy: dataset observationDim ${dataset.observationDim} differs from the agent's ${spec0.observationDim}`);
  }
  if (JSON.stringify(dataset.actionSpace) !== JSON.stringify(spec0.actionSpace)) {
    throw new RangeError(`extractPolicy: dataset actionSpace ${JSON.stringify(dataset.actionSpace)} differs from the agent's ${JSON.stringify(spec0.actionSpace)}`);
  }
  const inherited: Partial<ExtractSettings> = {};
  for (const key of ['steps', 'batchSize', 'learningRate', 'seed', 'beta', 'maxAdvantageWeight', 'actorDropout', 'actorSchedule', 'logInterval', 'bcAlpha', 'bins'] as const) {
    if (key in spec0.config) (inherited as Record<string, unknown>)[key] = spec0.config[key];
  }
  if (typeof spec0.config.extraction === 'string') inherited.method = spec0.config.extraction as ExtractionMethod;
  const defaults: ExtractSettings = {
    steps: IQL_DEFAULTS.steps,
    batchSize: IQL_DEFAULTS.batchSize,
    learningRate: IQL_DEFAULTS.learningRate,
    seed: IQL_DEFAULTS.seed,
    beta: IQL_DEFAULTS.beta,
    maxAdvantageWeight: IQL_DEFAULTS.maxAdvantageWeight,
    actorDropout: IQL_DEFAULTS.actorDropout,
    actorSchedule: IQL_DEFAULTS.actorSchedule,
    logInterval: IQL_DEFAULTS.logInterval,
    bcAlpha: IQL_DEFAULTS.bcAlpha,
    bins: IQL_DEFAULTS.bins,
    method: IQL_DEFAULTS.extraction,
  };
  const cfg = mergeConfig<ExtractPolicyConfig>('extractPolicy', defaults, [inherited, config]);
  checkCommonConfig('extractPolicy', { ...IQL_DEFAULTS, ...cfg });
  checkActorConfig('extractPolicy', cfg);
  checkNumber('extractPolicy', 'beta', cfg.beta, { min: 0 });
  checkNumber('extractPolicy', 'maxAdvantageWeight', cfg.maxAdvantageWeight, { min: 0, exclusiveMin: true });
  checkIQLConfig({ ...IQL_DEFAULTS, extraction: cfg.method, bcAlpha: cfg.bcAlpha, bins: cfg.bins }, 'extractPolicy');
  const headSpec = extractionHeadSpec(cfg.method, spec0.actionSpace, cfg.bins);
  if (cfg.backend) await useBackend(cfg.backend);
  else await ensureBackend();

  let data = spec0.observationStats ? normalizeDatasetObservations(dataset, spec0.observationStats) : dataset;
  if (data.actionSpace.type === 'box') data = { ...data, actions: actionsToUnit(data.actions, data.actionSpace) };

  const root = new Rng(cfg.seed);
  const head = createHead(headSpec, spec0.actionSpace);
  const actor = new MLP({ inputDim: spec0.observationDim, hiddenDims: spec0.hiddenDims, outputDim: head.inputDim, rng: root.split(), name: 'actor', dropoutRate: cfg.actorDropout });
  const networks: AgentNetworks = {
    actor,
    head,
    critics: critics.cloneAsTarget(new Rng(0)),
    targetCritics: targetCritics.cloneAsTarget(new Rng(0)),
    value: cloneMLP(value, 'value'),
  };
  const frozenQ = networks.targetCritics!;
  const frozenV = networks.value!;
  const learner = new Learner([...actor.variables, ...head.variables], cfg.learningRate);
  const allRows = Int32Array.from({ length: data.size }, (_, i) => i);
  const sampler = new MinibatchSampler(data, { batchSize: cfg.batchSize, rng: root.split(), indices: allRows });
  const opRng = root.split();
  const { onProgress: _drop, backend: _backend, ...settings } = cfg;
  const spec: AgentSpec = {
    ...spec0,
    head: headSpec,
    actorDropout: cfg.actorDropout,
    config: { ...spec0.config, ...configRecord(settings), extraction: cfg.method },
  };
  const trainer = makeTrainer({
    spec,
    networks,
    update(step, log) {
      learner.learningRate = actorLearningRate(cfg, step);
      const dropoutSeed = opRng.seed();
      return withBatch(sampler, data, (batch) =>
        tf.tidy(() => {
          const s = batch.observations;
          const weights = usesAdvantageWeights(cfg.method)
            ? awrWeights(tf.sub(frozenQ.min(s, batch.actions), tf.reshape(frozenV.predict(s), [-1])) as tf.Tensor1D, cfg.beta, { maxWeight: cfg.maxAdvantageWeight })
            : undefined;
          const loss = extractionActorStep(learner, { method: cfg.method, actor, head, observations: s, actions: batch.actions, dropoutSeed, weights, critics: networks.critics, bcAlpha: cfg.bcAlpha });
          const metrics: Record<string, tf.Scalar> = { 'actor/loss': loss };
          if (log) Object.assign(metrics, head.metrics(actor.predict(s)), weights ? { 'actor/weight_mean': tf.mean(weights) } : {});
          return metrics;
        }),
      );
    },
    freeTrainingState: () => learner.dispose(),
  });
  return runTrainer(trainer, { steps: cfg.steps, logInterval: cfg.logInterval, onProgress: config.onProgress });
}
