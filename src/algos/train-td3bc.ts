import * as tf from '@tensorflow/tfjs-core';
import { ensureBackend, useBackend } from '../backend/use-backend';
import { MinibatchSampler, type Dataset } from '../data';
import type { PolicyHead } from '../heads';
import { acBcLoss, mseBcLoss, tdLoss, tdTarget } from '../losses';
import { Learner, MLP, polyakUpdate, type CriticEnsemble } from '../nets';
import { Rng } from '../rng';
import type { Batch } from '../types';
import { Agent } from './agent';
import { buildNetworks, type AgentSpec } from './agent-networks';
import { configRecord, mergeConfig } from './config';
import { prepareDataset } from './prepare-dataset';
import { checkTD3BCConfig, DDPG_BC_OVERRIDES, TD3BC_DEFAULTS, type TD3BCConfig } from './td3bc-config';
import type { MetricTensors } from './train-loop';
import { makeTrainer, runTrainer, withBatch, type Trainer } from './trainer';

/**
 * The trainable parts of TD3+BC.
 *
 * @example
 * ```ts
 * const parts: TD3BCParts = { actor, head, targetActor, critics, targetCritics, actorLearner, criticLearner };
 * ```
 */
export interface TD3BCParts {
  actor: MLP;
  /** A deterministic `tanh` head. */
  head: PolicyHead;
  targetActor: MLP;
  critics: CriticEnsemble;
  targetCritics: CriticEnsemble;
  actorLearner: Learner;
  criticLearner: Learner;
}

/**
 * One TD3+BC update (Fujimoto & Gu 2021, the authors' `TD3_BC.py`), in their order:
 *
 * 1. **critic**: `y = r + γ(1 − terminal)·min_k Q̄_k(s', ã)` with the target actor's action plus
 *    clipped noise, `ã = clip(π̄(s') + clip(N(0, policyNoise), ±noiseClip), −1, 1)`; both critics
 *    regress on `y`;
 * 2. every `policyDelay`-th update: **actor** `−λ·Q_1(s, π(s)) + ‖π(s) − a‖²` with
 *    `λ = qWeight / mean|Q_1(s, π(s))|` (the mean treated as a constant), then Polyak updates of the
 *    target critics and the target actor.
 *
 * @param step - update index counted from 0 (the actor updates when `(step + 1) % policyDelay == 0`).
 * @example
 * ```ts
 * const metrics = td3bcUpdate(parts, batch, cfg, step, rng.seed(), false);
 * disposeAll(metrics);
 * ```
 */
export function td3bcUpdate(
  parts: TD3BCParts,
  batch: Batch,
  settings: Pick<TD3BCConfig, 'discount' | 'targetUpdateRate' | 'qWeight' | 'policyNoise' | 'noiseClip' | 'policyDelay'>,
  step: number,
  noiseSeed: number,
  withMetrics: boolean,
): MetricTensors {
  return tf.tidy(() => {
    const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: d } = batch;
    let nextActions = parts.head.mode(parts.targetActor.predict(s2)) as tf.Tensor2D;
    if (settings.policyNoise > 0) {
      const noise = tf.clipByValue(tf.mul(tf.randomNormal(nextActions.shape, 0, 1, 'float32', noiseSeed), settings.policyNoise), -settings.noiseClip, settings.noiseClip);
      nextActions = tf.clipByValue(tf.add(nextActions, noise), -1, 1) as tf.Tensor2D;
    }
    const target = tdTarget({ rewards: r, terminals: d, nextValues: parts.targetCritics.min(s2, nextActions) }, settings.discount);
    const criticLoss = parts.criticLearner.stepMLP(parts.critics.calls(s, a), (outs) => tdLoss(parts.critics.outputsToQ(outs, a), target));
    const metrics: MetricTensors = { 'critic/loss': criticLoss };
    if ((step + 1) % settings.policyDelay === 0) {
      metrics['actor/loss'] = parts.actorLearner.stepThroughCritics({
        actor: parts.actor,
        observations: s,
        toActions: (raw) => parts.head.mode(raw) as tf.Tensor2D,
        critics: [parts.critics.members[0]],
        loss: (pi, [q1]) => acBcLoss({ q: q1, bc: mseBcLoss(pi, a) }, { qWeight: settings.qWeight, alpha: 1, normalizeQ: true }),
      });
      polyakUpdate(parts.targetCritics.variables, parts.critics.variables, settings.targetUpdateRate);
      polyakUpdate(parts.targetActor.variables, parts.actor.variables, settings.targetUpdateRate);
    }
    if (withMetrics) {
      metrics['critic/target_q_mean'] = tf.mean(target);
      metrics['actor/bc_mse'] = mseBcLoss(parts.head.mode(parts.actor.predict(s)) as tf.Tensor2D, a);
    }
    return metrics;
  });
}

/**
 * Resolves defaults, the variant and the user's fields, and validates the result.
 *
 * @example
 * ```ts
 * resolveTD3BCConfig({ variant: 'ddpg+bc' }).policyDelay; // 1
 * ```
 */
export function resolveTD3BCConfig(config: Partial<TD3BCConfig> = {}): TD3BCConfig {
  const variant = config.variant ?? TD3BC_DEFAULTS.variant;
  const cfg = mergeConfig<TD3BCConfig>('trainTD3BC', TD3BC_DEFAULTS as TD3BCConfig, [variant === 'ddpg+bc' ? DDPG_BC_OVERRIDES : undefined, config]);
  checkTD3BCConfig(cfg);
  return cfg;
}

/**
 * TD3+BC (Fujimoto & Gu, 2021): TD3 with a behaviour-cloning term in the actor,
 * `max E[λ·Q(s, π(s)) − (π(s) − a)²]`, `λ = 2.5 / mean|Q|`, and observations standardised. The
 * defaults are the authors' (α 2.5, policy noise 0.2 clipped at 0.5, actor and targets every 2nd
 * step, Polyak 0.005, γ 0.99, Adam 3e-4, `[256, 256]` networks, batch 256). `variant: 'ddpg+bc'`
 * drops target-policy smoothing and the delay. Box action spaces only; the agent has twin critics
 * (`agent.q`) and no value network.
 *
 * @example
 * ```ts
 * const agent = await trainTD3BC(dataset, { steps: 200_000, seed: 1 });
 * agent.act([observation]);
 * ```
 */
export async function trainTD3BC(dataset: Dataset, config: Partial<TD3BCConfig> = {}): Promise<Agent> {
  const cfg = resolveTD3BCConfig(config);
  if (cfg.backend) await useBackend(cfg.backend);
  else await ensureBackend();
  return runTrainer(createTD3BCTrainer(dataset, cfg), cfg);
}

/**
 * Sets up a TD3+BC run without running it (see {@link Trainer}). The backend must be ready.
 *
 * @example
 * ```ts
 * const trainer = createTD3BCTrainer(dataset, { steps: 100 });
 * for (let i = 0; i < 100; i++) disposeAll(trainer.update(i, false));
 * const agent = trainer.finish();
 * ```
 */
export function createTD3BCTrainer(dataset: Dataset, config: Partial<TD3BCConfig> = {}): Trainer {
  const cfg = resolveTD3BCConfig(config);
  if (dataset.actionSpace.type !== 'box') throw new RangeError('trainTD3BC: needs a box action space (TD3+BC has a deterministic continuous actor)');
  const { data, observationStats } = prepareDataset(dataset, { rewardPreset: 'none', normalizeObservations: cfg.normalizeObservations });
  const spec: AgentSpec = {
    algorithm: 'td3bc',
    observationDim: data.observationDim,
    actionSpace: data.actionSpace,
    head: { kind: 'deterministic' },
    hiddenDims: [...cfg.hiddenDims],
    actorDropout: 0,
    observationStats,
    config: configRecord(cfg),
  };
  const root = new Rng(cfg.seed);
  const networks = buildNetworks(spec, root.split(), true, false);
  const { actor, head, critics, targetCritics } = networks;
  if (!critics || !targetCritics) throw new Error('createTD3BCTrainer: internal error, critics were not built');
  const targetActor = new MLP({ inputDim: actor.inputDim, hiddenDims: actor.hiddenDims, outputDim: actor.outputDim, rng: new Rng(0), name: 'targetActor', trainable: false });
  targetActor.copyFrom(actor);
  const parts: TD3BCParts = {
    actor,
    head,
    targetActor,
    critics,
    targetCritics,
    actorLearner: new Learner(actor.variables, cfg.learningRate),
    criticLearner: new Learner(critics.variables, cfg.learningRate),
  };
  const sampler = new MinibatchSampler(data, { batchSize: cfg.batchSize, rng: root.split() });
  const noiseRng = root.split();
  const freeTrainingState = () => {
    parts.actorLearner.dispose();
    parts.criticLearner.dispose();
    targetActor.dispose();
  };
  return makeTrainer({
    spec,
    networks,
    update: (step, log) => withBatch(sampler, data, (batch) => td3bcUpdate(parts, batch, cfg, step, noiseRng.seed(), log)),
    freeTrainingState,
  });
}
