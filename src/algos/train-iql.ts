import { ensureBackend, useBackend } from '../backend/use-backend';
import { MinibatchSampler, type Dataset } from '../data';
import { Learner } from '../nets';
import { Rng } from '../rng';
import { Agent } from './agent';
import { buildNetworks, type AgentSpec } from './agent-networks';
import { configRecord, actorLearningRate, mergeConfig } from './config';
import { checkIQLConfig, IQL_DEFAULTS, IQL_PRESETS, type IQLConfig } from './iql-config';
import { iqlUpdate, type IQLParts } from './iql-update';
import { extractionHeadSpec } from './extraction';
import { prepareDataset } from './prepare-dataset';
import { makeTrainer, runTrainer, withBatch, type Trainer } from './trainer';

/**
 * Resolves defaults, the preset and the user's fields (in that order) and validates the result.
 *
 * @example
 * ```ts
 * resolveIQLConfig({ preset: 'antmaze' }).expectile; // 0.9
 * ```
 */
export function resolveIQLConfig(config: Partial<IQLConfig> = {}): IQLConfig {
  const preset = config.preset;
  if (preset !== undefined && !(preset in IQL_PRESETS)) {
    throw new RangeError(`trainIQL: unknown preset '${String(preset)}'; expected one of ${Object.keys(IQL_PRESETS).join(', ')}`);
  }
  const cfg = mergeConfig<IQLConfig>('trainIQL', IQL_DEFAULTS as IQLConfig, [preset ? IQL_PRESETS[preset] : undefined, config]);
  checkIQLConfig(cfg);
  return cfg;
}

/**
 * Trains Implicit Q-Learning (Kostrikov, Nair & Levine, 2022) on a fixed dataset and returns the agent.
 *
 * IQL never queries the critic at actions outside the data: it fits `V(s)` by expectile regression of
 * `Q(s, a)` over the dataset's actions (`expectile` τ), fits `Q(s, a) ← r + γV(s')`, and extracts the
 * policy by advantage-weighted regression (AWR, weights `min(exp(β·A), 100)`), concurrently. The
 * defaults follow the authors' code exactly: twin critics, target critics with Polyak rate 0.005,
 * Adam 3e-4, `[256, 256]` ReLU networks with orthogonal init, batch 256, the actor's learning rate
 * cosine-decayed to 0, a Gaussian policy with `tanh` mean and state-independent log-std in [−5, 2],
 * dataset actions clipped to ±(1 − 1e-5), and the update order value → actor → critic → target.
 * `preset` picks the authors' per-domain settings: `locomotion` (τ 0.7, β 3, returns-range reward
 * scaling), `antmaze` (τ 0.9, β 10, r − 1), `kitchen` (τ 0.7, β 0.5, actor dropout 0.1).
 *
 * **SARSA is IQL with `expectile: 0.5`**: V becomes the mean of Q over the dataset's actions, so the
 * critic evaluates the behaviour policy; larger τ moves V towards the best in-sample action.
 * `discount: 1` is allowed for finite-horizon data. Discrete action spaces get critics with one output
 * per action and a categorical policy.
 *
 * @example
 * ```ts
 * import { createDataset, trainIQL } from 'offline-rl';
 * const dataset = createDataset({ observations, actions, rewards, terminals });
 * const agent = await trainIQL(dataset, { preset: 'locomotion', steps: 100_000, seed: 0,
 *   onProgress: ({ step, metrics, etaMs }) => console.log(step, metrics['critic/loss'], etaMs) });
 * agent.act([observations[0]]);
 * ```
 */
export async function trainIQL(dataset: Dataset, config: Partial<IQLConfig> = {}): Promise<Agent> {
  const cfg = resolveIQLConfig(config);
  if (cfg.backend) await useBackend(cfg.backend);
  else await ensureBackend();
  return runTrainer(createIQLTrainer(dataset, cfg), cfg);
}

/**
 * Sets up an IQL run — dataset transforms, networks, optimizers, sampler — without running it
 * (see {@link Trainer}). `trainIQL` is this plus a loop. The backend must be ready (`useBackend`).
 *
 * @example
 * ```ts
 * await useBackend('wasm');
 * const trainer = createIQLTrainer(dataset, { steps: 100 });
 * for (let i = 0; i < 100; i++) disposeAll(trainer.update(i, false));
 * const agent = trainer.finish();
 * ```
 */
export function createIQLTrainer(dataset: Dataset, config: Partial<IQLConfig> = {}): Trainer {
  const cfg = resolveIQLConfig(config);
  const { data, observationStats } = prepareDataset(dataset, cfg);
  const spec: AgentSpec = {
    algorithm: 'iql',
    observationDim: data.observationDim,
    actionSpace: data.actionSpace,
    head: extractionHeadSpec(cfg.extraction, data.actionSpace, cfg.bins),
    hiddenDims: [...cfg.hiddenDims],
    actorDropout: cfg.actorDropout,
    observationStats,
    config: configRecord(cfg),
  };
  const root = new Rng(cfg.seed);
  const networks = buildNetworks(spec, root.split(), true);
  const { actor, head, critics, targetCritics, value } = networks;
  if (!critics || !targetCritics || !value) throw new Error('createIQLTrainer: internal error, critics were not built');
  const parts: IQLParts = {
    actor,
    head,
    critics,
    targetCritics,
    value,
    actorLearner: new Learner([...actor.variables, ...head.variables], cfg.learningRate),
    criticLearner: new Learner(critics.variables, cfg.learningRate),
    valueLearner: new Learner(value.variables, cfg.learningRate),
  };
  const sampler = new MinibatchSampler(data, { batchSize: cfg.batchSize, rng: root.split() });
  const opRng = root.split();
  const freeLearners = () => [parts.actorLearner, parts.criticLearner, parts.valueLearner].forEach((l) => l.dispose());
  return makeTrainer({
    spec,
    networks,
    update(step, log) {
      parts.actorLearner.learningRate = actorLearningRate(cfg, step);
      return withBatch(sampler, data, (batch) => iqlUpdate(parts, batch, cfg, opRng.seed(), log));
    },
    freeTrainingState: freeLearners,
  });
}
