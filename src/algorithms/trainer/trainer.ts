import * as tf from '@tensorflow/tfjs-core';
import { Agent } from '../../agent/agent';
import type { AgentSpec } from '../../agent/agent-spec';
import { buildRoles, disposeNetworks, resolveRoles, type BuiltNetworks, type Network, type RoleDeclaration, type RoleRecord } from '../../agent/networks';
import { assignWeights, networkWeights } from '../../agent/serialize';
import { decodeFloat32, encodeFloat32 } from '../../agent/tensor-codec';
import { MinibatchSampler, nextActionKnown, toDeviceBatch, type Dataset } from '../../data';
import { Learner } from '../../nets';
import type { CommonConfig } from '../config';
import { configRecord } from '../config';
import type { AlgorithmDefinition, MetricTensors, StepContext } from '../definition';
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, type DataFingerprint, type TrainerState } from './checkpoint';
import { prepareDataset } from './prepare-dataset';
import { RandomStreams } from './random-streams';
import { resolveConfig } from './resolve-config';

/**
 * A training run held open: the networks, optimizers, sampler and random streams of one algorithm,
 * advanced one update at a time. {@link train} (and `trainIQL`, `trainBC`, …) create one and run
 * it; create one yourself to interleave training with your own code, or to time updates.
 *
 * @example
 * ```ts
 * await useBackend('wasm');
 * const trainer = createTrainer('iql', dataset, { steps: 1000 });
 * while (trainer.step < 1000) disposeAll(trainer.update());
 * const agent = trainer.finish();
 * ```
 */
export interface Trainer {
  /** The registered algorithm's name. */
  readonly algorithm: string;
  /** The resolved config (defaults, preset and your fields). */
  readonly config: Readonly<CommonConfig>;
  /** Updates done so far. */
  readonly step: number;
  /** One update; returns loss scalars, plus diagnostics when `log` is true. The caller disposes them. */
  update(log?: boolean): MetricTensors;
  /** Each learner's current learning rate, by learner name (schedules set them in the update). */
  learningRates(): Record<string, number>;
  /** The full state (weights, targets, Adam moments and step counts, random streams, step): a checkpoint. */
  state(): TrainerState;
  /** Continues from a state {@link Trainer.state} gave, for the same algorithm, config and data. */
  restore(state: TrainerState): void;
  /** Ends the run and hands the networks over as an {@link Agent} (the optimizer state is freed). */
  finish(): Agent;
  /** Frees everything, networks included (for abandoned runs). */
  dispose(): void;
}

/**
 * Options of a trainer that starts from an existing agent (what {@link extractPolicy} passes).
 *
 * @example
 * ```ts
 * createTrainerFor(EXTRACT_POLICY, dataset, cfg, { source: iqlAgent });
 * ```
 */
export interface TrainerOptions {
  /** An agent the algorithm starts from (post-hoc extraction reuses its critics); its observation statistics are used. */
  source?: Agent;
}

/** Throws a clear error when no backend is ready or gradients are missing (instead of tfjs's own). */
function checkBackendReady(trainer: string): void {
  const active = (tf.engine() as unknown as { backendName: string | null }).backendName;
  if (active == null) {
    throw new Error(`${trainer}: no TensorFlow.js backend is ready; \`await useBackend()\` (or useBackend('wasm'), …) before creating a trainer — the one-line trainers do this for you`);
  }
  if (!tf.getGradient('Sum')) {
    throw new Error(`${trainer}: TensorFlow.js gradients are not registered; \`await useBackend()\` first, or import '@tensorflow/tfjs'`);
  }
}

/** Sizes and column sums of the prepared data, to recognise it on resume. */
function fingerprint(data: Dataset, rows: Int32Array): DataFingerprint {
  const sum = (xs: Float32Array) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i];
    return Number(s.toPrecision(6));
  };
  return { size: data.size, observationDim: data.observationDim, actionSpace: data.actionSpace, rows: rows.length, sums: [sum(data.observations), sum(data.actions), sum(data.rewards)] };
}

/**
 * Sets up a run of an algorithm — config resolution, dataset preparation, networks by role, learners,
 * sampler, named random streams — without running it (see {@link Trainer}). The backend must be
 * ready (`await useBackend()`); {@link train} does that and runs the loop.
 *
 * @throws RangeError for a bad config or a dataset the algorithm cannot use; Error when no backend is
 *   ready, or when the algorithm declares no `actor` role (every agent acts with one).
 * @example
 * ```ts
 * const trainer = createTrainerFor(IQL, dataset, { steps: 100 });
 * ```
 */
export function createTrainerFor<N extends string, C extends CommonConfig, R extends Record<string, RoleDeclaration>, L extends string>(
  algorithm: AlgorithmDefinition<N, C, R, L>,
  dataset: Dataset,
  config: Partial<C> = {},
  options: TrainerOptions = {},
): Trainer {
  const trainerName = algorithm.trainer;
  const cfg = resolveConfig(algorithm, config);
  checkBackendReady(trainerName);
  const { source } = options;
  if (algorithm.initialize && !source) throw new Error(`${trainerName}: needs the agent to start from`);
  if (!dataset || typeof dataset !== 'object' || !(dataset.observations instanceof Float32Array)) {
    throw new TypeError(`${trainerName}: dataset must be a Dataset from createDataset`);
  }
  if (source) {
    if (dataset.observationDim !== source.observationDim) {
      throw new RangeError(`${trainerName}: dataset observationDim ${dataset.observationDim} differs from the agent's ${source.observationDim}`);
    }
    if (JSON.stringify(dataset.actionSpace) !== JSON.stringify(source.actionSpace)) {
      throw new RangeError(`${trainerName}: dataset actionSpace ${JSON.stringify(dataset.actionSpace)} differs from the agent's ${JSON.stringify(source.actionSpace)}`);
    }
  }

  const selected = algorithm.data?.select ? algorithm.data.select(dataset, cfg, trainerName) : dataset;
  const { data, observationStats } = prepareDataset(selected, {
    rewardPreset: algorithm.data?.rewardPreset?.(cfg) ?? 'none',
    normalizeObservations: cfg.normalizeObservations,
    observationStats: source ? source.spec.observationStats : undefined,
  });
  const shape = { observationDim: data.observationDim, actionSpace: data.actionSpace };
  const records: Record<string, RoleRecord> = resolveRoles(algorithm.roles(cfg, shape));
  // The agent a run ends with acts with its `actor`: without one, finish() would fail after the whole run.
  if (records.actor?.architecture.kind !== 'actor') {
    throw new Error(`${trainerName}: the algorithm declares no 'actor' role of kind 'actor' (actorRole(…)); the agent it trains acts with it`);
  }
  const streams = new RandomStreams(cfg.seed);
  const nets = buildRoles(records, (role) => streams.get(`init/${role}`));
  const typedNets = nets as BuiltNetworks<R>;
  let learners: Record<L, Learner>;
  let sampler: MinibatchSampler;
  let rows: Int32Array;
  try {
    if (source) algorithm.initialize?.(typedNets, source, cfg);
    const declared = algorithm.learners(cfg, shape);
    learners = {} as Record<L, Learner>;
    for (const [name, decl] of Object.entries(declared) as Array<[L, { roles: string[]; learningRate: number }]>) {
      const vars = decl.roles.flatMap((role) => {
        if (records[role] === undefined) throw new Error(`${trainerName}: learner '${name}' trains role '${role}', which is not declared`);
        if (records[role].targetOf !== undefined) throw new Error(`${trainerName}: learner '${name}' trains target role '${role}'; targets move by Polyak averaging`);
        return nets[role].variables;
      });
      learners[name] = new Learner(vars, decl.learningRate);
    }
    const withNextActions = algorithm.data?.nextActions ?? false;
    rows = algorithm.data?.rows === 'all' ? Int32Array.from({ length: data.size }, (_, i) => i) : data.transitionIndices;
    if (withNextActions) rows = rowsWithNextAction(data, rows, trainerName);
    sampler = new MinibatchSampler(data, { batchSize: cfg.batchSize, rng: streams.get('sampler'), indices: rows, nextActions: withNextActions });
  } catch (err) {
    disposeNetworks(nets);
    throw err;
  }
  const parts = { nets: typedNets, learners };
  const learnerList = () => Object.values(learners) as Learner[];
  let step = 0;
  let state: 'open' | 'finished' | 'disposed' = 'open';
  const assertOpen = (method: string) => {
    if (state !== 'open') throw new Error(`Trainer.${method}: the run has been ${state}`);
  };
  const context = (index: number, log: boolean): StepContext => ({ index, log, seed: (name) => streams.get(`update/${name}`).seed() });
  const spec = (): AgentSpec => ({
    algorithm: algorithm.agentAlgorithm ? algorithm.agentAlgorithm(source) : algorithm.name,
    observationDim: data.observationDim,
    actionSpace: data.actionSpace,
    observationStats,
    networks: records,
    config: algorithm.agentConfig ? algorithm.agentConfig(cfg, source) : { ...(source ? source.spec.config : {}), ...configRecord(cfg) },
    trainedSteps: step,
  });
  const dataPrint = fingerprint(data, rows);

  return {
    algorithm: algorithm.name,
    config: cfg,
    get step() {
      return step;
    },
    update(log = false) {
      assertOpen('update');
      const batch = toDeviceBatch(sampler.sample(), data.actionSpace, data.observationDim);
      try {
        return algorithm.update(parts, batch, cfg, context(step, log));
      } finally {
        tf.dispose(Object.values(batch) as tf.Tensor[]);
        step += 1;
      }
    },
    learningRates() {
      return Object.fromEntries((Object.entries(learners) as Array<[string, Learner]>).map(([name, l]) => [name, l.learningRate]));
    },
    state() {
      assertOpen('state');
      const optimizers: TrainerState['optimizers'] = {};
      for (const [name, learner] of Object.entries(learners) as Array<[string, Learner]>) {
        const { step: t, m, v } = learner.optimizer.getState();
        const encode = (x: tf.Variable) => ({ shape: [...x.shape], data: encodeFloat32(x.dataSync() as Float32Array) });
        optimizers[name] = { step: t, m: m.map(encode), v: v.map(encode) };
      }
      return {
        format: CHECKPOINT_FORMAT,
        version: CHECKPOINT_FORMAT_VERSION,
        algorithm: algorithm.name,
        step,
        config: configRecord(cfg),
        data: dataPrint,
        observationStats,
        networks: records,
        weights: networkWeights(nets),
        optimizers,
        random: streams.states(),
      };
    },
    restore(saved) {
      assertOpen('restore');
      checkResumable(trainerName, saved, algorithm.name, configRecord(cfg), dataPrint, records);
      assignWeights(nets, saved.weights, 'resume');
      for (const [name, learner] of Object.entries(learners) as Array<[string, Learner]>) {
        const opt = saved.optimizers[name];
        if (!opt) throw new Error(`resume: the checkpoint has no optimizer state for learner '${name}'`);
        const { m, v } = learner.optimizer.getState();
        const load = (vars: tf.Variable[], tensors: typeof opt.m, moment: string) => {
          if (tensors.length !== vars.length) throw new Error(`resume: learner '${name}' ${moment} has ${tensors.length} tensors, expected ${vars.length}`);
          vars.forEach((x, i) => {
            const values = decodeFloat32(tensors[i].data, x.size, `resume: learner '${name}' ${moment} ${i}`);
            tf.tidy(() => x.assign(tf.tensor(values, x.shape)));
          });
        };
        load(m, opt.m, 'first moment');
        load(v, opt.v, 'second moment');
        learner.optimizer.setStep(opt.step);
      }
      streams.restore(saved.random);
      step = saved.step;
    },
    finish() {
      assertOpen('finish');
      learnerList().forEach((l) => l.dispose());
      state = 'finished';
      return new Agent(spec(), nets as Record<string, Network>);
    },
    dispose() {
      if (state === 'disposed') return;
      if (state === 'open') {
        learnerList().forEach((l) => l.dispose());
        disposeNetworks(nets);
      }
      state = 'disposed';
    },
  };
}

/**
 * The rows an algorithm that needs next actions samples: those of `rows` whose next action is known
 * or whose bootstrap is cut. Throws a RangeError when none is left.
 */
function rowsWithNextAction(data: Dataset, rows: Int32Array, trainer: string): Int32Array {
  const known = nextActionKnown(data);
  const kept = rows.filter((i) => known[i] === 1 || data.terminals[i] === 1);
  if (kept.length === 0) {
    throw new RangeError(
      `${trainer}: no row has a known next action (each row's next action is the following row's action in the same episode; the dataset's ${data.size} rows form ${data.episodeStarts.length - 1} episodes)`,
    );
  }
  return kept;
}

/** Throws unless a checkpoint belongs to this algorithm, config (up to run-steering fields) and data. */
function checkResumable(
  trainer: string,
  saved: TrainerState,
  algorithm: string,
  config: Record<string, unknown>,
  data: DataFingerprint,
  records: Record<string, RoleRecord>,
): void {
  if (saved.algorithm !== algorithm) throw new Error(`${trainer}: the checkpoint is of algorithm '${saved.algorithm}', not '${algorithm}'`);
  const keys = new Set([...Object.keys(config), ...Object.keys(saved.config)]);
  keys.delete('logInterval');
  const differ = [...keys].filter((k) => JSON.stringify(config[k]) !== JSON.stringify(saved.config[k]));
  if (differ.length > 0) {
    const show = differ.map((k) => `${k}: checkpoint ${JSON.stringify(saved.config[k])}, now ${JSON.stringify(config[k])}`).join('; ');
    throw new Error(`${trainer}: cannot resume with a different config (${show})`);
  }
  if (JSON.stringify(saved.data) !== JSON.stringify(data)) {
    throw new Error(`${trainer}: the checkpoint was written for other data (${JSON.stringify(saved.data)}; this dataset: ${JSON.stringify(data)})`);
  }
  if (JSON.stringify(saved.networks) !== JSON.stringify(records)) throw new Error(`${trainer}: the checkpoint's networks differ from this run's`);
  if (!Number.isInteger(saved.step) || saved.step < 0) throw new Error(`${trainer}: the checkpoint's step ${saved.step} is not a step count`);
}
