import * as tf from '@tensorflow/tfjs-core';
import { ensureBackend, useBackend } from '../backend/use-backend';
import { filterTopEpisodes, MinibatchSampler, type Dataset } from '../data';
import { bcLoss } from '../losses';
import { Learner } from '../nets';
import { Rng } from '../rng';
import { Agent } from './agent';
import { buildNetworks, type AgentSpec } from './agent-networks';
import {
  ACTOR_DEFAULTS,
  checkActorConfig,
  checkCommonConfig,
  checkNumber,
  COMMON_DEFAULTS,
  configRecord,
  actorLearningRate,
  mergeConfig,
  type ActorConfig,
  type CommonConfig,
} from './config';
import { prepareDataset } from './prepare-dataset';
import { makeTrainer, runTrainer, withBatch, type Trainer } from './trainer';

/**
 * Configuration of {@link trainBC}.
 *
 * @example
 * ```ts
 * const cfg: Partial<BCConfig> = { topFraction: 0.1, steps: 50_000 }; // BC-10%
 * ```
 */
export interface BCConfig extends CommonConfig, ActorConfig {
  /** Keep only the best episodes by return before fitting: 1 = plain BC, 0.1 = "BC-10%" (CORL `frac`, jaxrl `percentile`). */
  topFraction: number;
}

/**
 * Defaults of {@link trainBC}: the IQL actor (same network, head and optimizer) fitted by maximum likelihood.
 *
 * @example
 * ```ts
 * BC_DEFAULTS.topFraction; // 1
 * ```
 */
export const BC_DEFAULTS: Readonly<Omit<BCConfig, 'onProgress' | 'backend'>> = Object.freeze({
  ...COMMON_DEFAULTS,
  ...ACTOR_DEFAULTS,
  topFraction: 1,
});

/**
 * Resolves and validates a BC config.
 *
 * @example
 * ```ts
 * resolveBCConfig({ topFraction: 0.1 }).batchSize; // 256
 * ```
 */
export function resolveBCConfig(config: Partial<BCConfig> = {}): BCConfig {
  const cfg = mergeConfig<BCConfig>('trainBC', BC_DEFAULTS as BCConfig, [config]);
  checkCommonConfig('trainBC', cfg);
  checkActorConfig('trainBC', cfg);
  checkNumber('trainBC', 'topFraction', cfg.topFraction, { min: 0, max: 1, exclusiveMin: true });
  return cfg;
}

/**
 * Behaviour cloning: fits the policy to the dataset's actions by maximum likelihood,
 * `max E[log π(a|s)]`, with the same actor as {@link trainIQL} (a Gaussian with `tanh` mean for box
 * actions, a categorical for discrete ones). With `topFraction < 1` it is **%BC**: only the best
 * `ceil(topFraction × episodes)` episodes by return are kept, the baseline of every offline RL table.
 * BC uses every row (it needs no next observation).
 *
 * @example
 * ```ts
 * const bc = await trainBC(dataset, { steps: 20_000 });
 * const bc10 = await trainBC(dataset, { steps: 20_000, topFraction: 0.1 });
 * ```
 */
export async function trainBC(dataset: Dataset, config: Partial<BCConfig> = {}): Promise<Agent> {
  const cfg = resolveBCConfig(config);
  if (cfg.backend) await useBackend(cfg.backend);
  else await ensureBackend();
  return runTrainer(createBCTrainer(dataset, cfg), cfg);
}

/**
 * Sets up a BC run without running it (see {@link Trainer}); `trainBC` is this plus a loop. The
 * backend must be ready (`useBackend`).
 *
 * @example
 * ```ts
 * const trainer = createBCTrainer(dataset, { steps: 100, topFraction: 0.1 });
 * for (let i = 0; i < 100; i++) disposeAll(trainer.update(i, false));
 * const agent = trainer.finish();
 * ```
 */
export function createBCTrainer(dataset: Dataset, config: Partial<BCConfig> = {}): Trainer {
  const cfg = resolveBCConfig(config);
  const kept = cfg.topFraction < 1 ? filterTopEpisodes(dataset, cfg.topFraction) : dataset;
  const { data, observationStats } = prepareDataset(kept, { rewardPreset: 'none', normalizeObservations: cfg.normalizeObservations });
  const spec: AgentSpec = {
    algorithm: 'bc',
    observationDim: data.observationDim,
    actionSpace: data.actionSpace,
    hiddenDims: [...cfg.hiddenDims],
    actorDropout: cfg.actorDropout,
    observationStats,
    config: configRecord(cfg),
  };
  const root = new Rng(cfg.seed);
  const networks = buildNetworks(spec, root.split(), false);
  const { actor, head } = networks;
  const learner = new Learner([...actor.variables, ...head.variables], cfg.learningRate);
  const allRows = Int32Array.from({ length: data.size }, (_, i) => i);
  const sampler = new MinibatchSampler(data, { batchSize: cfg.batchSize, rng: root.split(), indices: allRows });
  const opRng = root.split();
  return makeTrainer({
    spec,
    networks,
    update(step, log) {
      learner.learningRate = actorLearningRate(cfg, step);
      const dropoutSeed = opRng.seed();
      return withBatch(sampler, data, (batch) =>
        tf.tidy(() => {
          const loss = learner.stepMLP([{ mlp: actor, input: batch.observations, dropoutSeed }], ([raw]) => bcLoss(head.logProb(raw, batch.actions)), head.variables);
          return log ? { 'actor/loss': loss, ...head.metrics(actor.predict(batch.observations)) } : { 'actor/loss': loss };
        }),
      );
    },
    freeTrainingState: () => learner.dispose(),
  });
}
