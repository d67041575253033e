import * as tf from '@tensorflow/tfjs-core';
import { actionsToUnit } from '../agent/action-scaling';
import { normalizeDatasetObservations, normalizeObservations, observationStats, oneHotActions, type Dataset, type ObservationStats } from '../data';
import { CriticEnsemble } from '../nets';
import { Rng, checkSeed } from '../rng';
import { batchActionBootstrap, createTDLearner, criticValue, type TDBatch, type TDLearner } from '../td';
import type { ActionSpace } from '../types';
import { policyActionColumn, policyFunction, rowsOf, type EvaluationPolicy } from './policy-actions';

/**
 * Settings of {@link fqe}, each defined once. d3rlpy's `FQEConfig` uses Adam 1e-4, γ 0.99, batch
 * 100, a hard target copy every 100 updates and one critic; offline-rl uses Polyak averaging (as its
 * trainers do) and a larger learning rate, which converge in fewer updates on small problems.
 *
 * @example
 * ```ts
 * FQE_DEFAULTS.steps; // 10000
 * ```
 */
export const FQE_DEFAULTS = Object.freeze({
  /** TD updates. */
  steps: 10_000,
  /** Discount γ of the value estimated; 1 only for data whose episodes all end in terminals. */
  discount: 0.99,
  batchSize: 256,
  hiddenDims: Object.freeze([256, 256]) as readonly number[],
  learningRate: 3e-4,
  /** Polyak rate of the target critic. */
  targetUpdateRate: 0.005,
  /** Number of critics; the estimate is their minimum (1 = plain FQE). */
  critics: 1,
  seed: 0,
  /** Evaluate the policy's mode (an Agent's greedy / mean action). */
  deterministic: true,
  /** Stochastic policies: actions drawn per next state and update, their values averaged. */
  actionSamples: 1,
  /** Standardise observations (dataset mean and std, ε 1e-3) before the critic sees them (off, as in IQL; a dimension constant over the data becomes 0). */
  normalizeObservations: false,
  /** Rewards are multiplied by this while fitting and the values divided by it after (1: as they are). */
  rewardScale: 1,
});

/**
 * Options of {@link fqe}; every field has a default in {@link FQE_DEFAULTS}.
 *
 * @example
 * ```ts
 * const options: FQEOptions = { steps: 5000, discount: 0.95, hiddenDims: [64, 64], seed: 1 };
 * ```
 */
export interface FQEOptions {
  /** Number of TD updates. */
  steps?: number;
  /** Discount γ in [0, 1]. Terminals cut the bootstrap; timeouts do not. */
  discount?: number;
  /** Rows per update, drawn uniformly with replacement from the dataset's transitions. */
  batchSize?: number;
  /** Hidden layer widths of the critic. */
  hiddenDims?: readonly number[];
  /** Adam learning rate of the critic. */
  learningRate?: number;
  /** Polyak rate of the target critic ("tau" elsewhere). */
  targetUpdateRate?: number;
  /** Number of critics (their minimum is the estimate); 1 is plain FQE. */
  critics?: number;
  /** Seed of the critic's initialisation, the minibatches and the policy's draws. */
  seed?: number;
  /**
   * Evaluate the policy's mode (true: an Agent's greedy or mean action; a function policy is then
   * called once per dataset row) or its samples (false: fresh actions for every update).
   */
  deterministic?: boolean;
  /** With `deterministic: false`: actions drawn per next state and update; the bootstrap averages their values. */
  actionSamples?: number;
  /** Standardise observations for the critic (the policy always sees the dataset's own observations). */
  normalizeObservations?: boolean;
  /**
   * Multiplies rewards while fitting; every value FQE reports is divided by it again, so the estimate
   * is in the data's reward units. A scale that brings `|Q|` near 1 (e.g. `(1 − γ) / max|r|`)
   * helps when returns are large (Pendulum's are in the hundreds). It changes no fixed point.
   */
  rewardScale?: number;
  /** States whose mean value is `initialStateValue` (the dataset's own units). Default: each episode's first observation. */
  initialObservations?: number[][];
  /** Called every `logInterval` updates with the step and the TD loss. */
  onProgress?: (progress: { step: number; loss: number }) => void;
  /** Updates between `onProgress` calls and loss readings. Default 1000. */
  logInterval?: number;
}

/**
 * What {@link fqe} returns: the estimate and the fitted critic, for further queries. Dispose it when done.
 *
 * @example
 * ```ts
 * const result: FQEResult = await fqe(agent, dataset);
 * result.initialStateValue; result.value([[0, 1, 0]]); result.dispose();
 * ```
 */
export interface FQEResult {
  /** Mean estimated `V^π(s₀)` over the initial states: FQE's estimate of the policy's discounted return. */
  initialStateValue: number;
  /** `V^π(s₀)` per initial state. */
  initialStateValues: Float64Array;
  /** The fitted `Q^π` in the critic's own terms (standardised observations when `normalizeObservations`, actions in `[−1, 1]` or one-hot, values × `rewardScale`); prefer {@link FQEResult.q}. */
  critic: CriticEnsemble;
  /** Observation statistics the critic reads its inputs with (null when not standardised). */
  observationStats: ObservationStats | null;
  /** The discount the value is for. */
  discount: number;
  /** TD loss at each `logInterval` (and the last update), in the scaled reward units the critic was fitted in. */
  losses: number[];
  /** `Q^π(s, a)` per row, in the dataset's units (box actions within the bounds, discrete indices). */
  q(observations: number[][], actions: number[][] | number[]): number[];
  /** `V^π(s) = Q^π(s, π(s))` per row (averaged over `actionSamples` draws when stochastic). */
  value(observations: number[][]): number[];
  /** Frees the critic. */
  dispose(): void;
}

const LOG_INTERVAL = 1000;

function checkInteger(name: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new RangeError(`fqe: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
}

function checkRange(name: string, value: number, low: number, high: number, openLow = false): void {
  if (typeof value !== 'number' || !(openLow ? value > low : value >= low) || !(value <= high)) {
    throw new RangeError(`fqe: ${name} must be in ${openLow ? '(' : '['}${low}, ${high}], got ${String(value)}`);
  }
}

/** Critic input for actions: one-hot `[rows, n]` (discrete) or `[rows, actionDim]` in `[−1, 1]`. */
function actionTensor(column: Float32Array, space: ActionSpace): tf.Tensor2D {
  if (space.type === 'discrete') return tf.tensor2d(oneHotActions(column, space.n), [column.length, space.n]);
  return tf.tensor2d(column, [column.length / space.low.length, space.low.length]);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Fitted Q evaluation (Le et al. 2019; d3rlpy's `FQE`): fits `Q^π` of a fixed policy on a dataset
 * with the shared TD learner ({@link createTDLearner}), bootstrapping from the policy's action at
 * every next state, `Q(s, a) ← r + γ(1 − terminal)·Q̄(s′, π(s′))`, and reports the mean estimated
 * value of the dataset's initial states, `mean_{s₀} Q(s₀, π(s₀))`: an estimate of the policy's
 * expected discounted return that needs no environment.
 *
 * The policy is an {@link Agent} (its deterministic action unless `deterministic: false`) or a
 * function from observations to actions; discrete and box action spaces. For a deterministic policy
 * its action for every dataset row is computed once, ahead of training.
 *
 * What it can and cannot tell (see the guide, "choosing a policy without an environment"): the
 * estimate is only as good as the data's coverage of the states and actions the policy visits and
 * takes; where the policy leaves the data, `Q` extrapolates and FQE is biased (usually
 * optimistically for policies far from the data). It ranks policies more reliably than it measures
 * them, and best when they stay close to the data.
 *
 * @throws RangeError for a bad option, a policy that does not fit the dataset, or a dataset without
 *   transitions.
 * @example
 * ```ts
 * const dataset = createDataset(envs.twoStepChainDataset({ episodes: 500 }));
 * const alwaysUp = (observations: number[][]) => observations.map(() => envs.UP);
 * const result = await fqe(alwaysUp, dataset, { discount: 1, steps: 2000, hiddenDims: [32, 32], learningRate: 1e-3 });
 * result.initialStateValue; // ≈ 10: up at s0, then up again (+10)
 * result.value([[0, 0, 1]]); // ≈ [1]: both actions earn +1 in s2
 * result.dispose();
 * ```
 */
export async function fqe(policy: EvaluationPolicy, dataset: Dataset, options: FQEOptions = {}): Promise<FQEResult> {
  const fn = 'fqe';
  const cfg = { ...FQE_DEFAULTS, ...options };
  checkInteger('steps', cfg.steps, 0);
  checkRange('discount', cfg.discount, 0, 1);
  checkInteger('batchSize', cfg.batchSize, 1);
  checkRange('learningRate', cfg.learningRate, 0, Infinity, true);
  checkRange('targetUpdateRate', cfg.targetUpdateRate, 0, 1);
  checkInteger('critics', cfg.critics, 1);
  checkInteger('actionSamples', cfg.actionSamples, 1);
  checkRange('rewardScale', cfg.rewardScale, 0, Infinity, true);
  if (!Number.isFinite(cfg.rewardScale)) throw new RangeError(`fqe: rewardScale must be finite, got ${cfg.rewardScale}`);
  checkInteger('logInterval', cfg.logInterval ?? LOG_INTERVAL, 1);
  if (!Array.isArray(cfg.hiddenDims) || cfg.hiddenDims.length === 0) throw new RangeError('fqe: hiddenDims must be a non-empty array of widths');
  checkSeed(fn, cfg.seed);
  if (dataset.transitionIndices.length === 0) throw new RangeError('fqe: the dataset has no transitions usable for TD updates (transitionIndices is empty)');
  const act = policyFunction(policy, dataset, fn);
  const space = dataset.actionSpace;
  const od = dataset.observationDim;
  const aw = space.type === 'box' ? space.low.length : 1;
  const samples = cfg.deterministic ? 1 : cfg.actionSamples;
  const rng = Rng.named(cfg.seed, 'fqe');
  const drawRng = rng.split();

  const stats = cfg.normalizeObservations ? observationStats(dataset) : null;
  const seen = stats ? normalizeDatasetObservations(dataset, stats) : dataset;
  const unitActions = actionsToUnit(dataset.actions, space);
  // Deterministic policies: label every next observation with the policy's action once.
  const nextPolicyActions = cfg.deterministic ? actionsToUnit(policyActionColumn(act, dataset.nextObservations, space, od, { deterministic: true }, fn), space) : null;

  const critic = new CriticEnsemble({ observationDim: od, actionSpace: space, hiddenDims: [...cfg.hiddenDims], rng: rng.split(), count: cfg.critics });
  const td: TDLearner<CriticEnsemble> = createTDLearner({
    critic,
    discount: cfg.discount,
    learningRate: cfg.learningRate,
    targetUpdateRate: cfg.targetUpdateRate,
    bootstrap: batchActionBootstrap(),
    rng: rng.split(),
  });

  /** `mean_j min_k Q̄_k(s, a_j)` over `samples` stochastic draws of the policy, `[rows]`, for standardised `seenObs` and raw `rawObs`. */
  const sampledValue = (net: CriticEnsemble, seenObs: Float32Array, rawObs: Float32Array): tf.Tensor1D => {
    const rows = rawObs.length / od;
    const tiledRaw = new Float32Array(rows * samples * od);
    const tiledSeen = new Float32Array(rows * samples * od);
    for (let j = 0; j < samples; j++) {
      tiledRaw.set(rawObs, j * rows * od);
      tiledSeen.set(seenObs, j * rows * od);
    }
    const drawn = actionsToUnit(policyActionColumn(act, tiledRaw, space, od, { deterministic: false, seed: drawRng.seed() }, fn), space);
    return tf.tidy(() => {
      const values = criticValue(net, tf.tensor2d(tiledSeen, [rows * samples, od]), actionTensor(drawn, space));
      return tf.mean(tf.reshape(values, [samples, rows]), 0) as tf.Tensor1D;
    });
  };

  const B = cfg.batchSize;
  const indices = dataset.transitionIndices;
  const host = {
    observations: new Float32Array(B * od),
    actions: new Float32Array(B * aw),
    rewards: new Float32Array(B),
    nextObservations: new Float32Array(B * od),
    rawNext: new Float32Array(B * od),
    terminals: new Float32Array(B),
    nextActions: new Float32Array(B * aw),
  };
  const sampleRng = rng.split();
  const losses: number[] = [];
  const logInterval = cfg.logInterval ?? LOG_INTERVAL;
  let lastYield = Date.now();
  try {
    for (let step = 0; step < cfg.steps; step++) {
      for (let b = 0; b < B; b++) {
        const row = indices[sampleRng.int(indices.length)];
        host.observations.set(seen.observations.subarray(row * od, (row + 1) * od), b * od);
        host.nextObservations.set(seen.nextObservations.subarray(row * od, (row + 1) * od), b * od);
        host.rawNext.set(dataset.nextObservations.subarray(row * od, (row + 1) * od), b * od);
        host.actions.set(unitActions.subarray(row * aw, (row + 1) * aw), b * aw);
        if (nextPolicyActions) host.nextActions.set(nextPolicyActions.subarray(row * aw, (row + 1) * aw), b * aw);
        host.rewards[b] = dataset.rewards[row] * cfg.rewardScale;
        host.terminals[b] = dataset.terminals[row];
      }
      const log = (step + 1) % logInterval === 0 || step === cfg.steps - 1;
      const loss = tf.tidy(() => {
        const batch: TDBatch = {
          observations: tf.tensor2d(host.observations, [B, od]),
          actions: actionTensor(host.actions, space),
          rewards: tf.tensor1d(host.rewards),
          nextObservations: tf.tensor2d(host.nextObservations, [B, od]),
          terminals: tf.tensor1d(host.terminals),
        };
        if (nextPolicyActions) return td.update({ ...batch, nextActions: actionTensor(host.nextActions, space) }).loss;
        return td.update(batch, { nextValues: sampledValue(td.target, host.nextObservations, host.rawNext) }).loss;
      });
      if (log) {
        const value = loss.dataSync()[0];
        losses.push(value);
        if (!Number.isFinite(value)) throw new RangeError(`fqe: the TD loss is ${value} at update ${step + 1}; lower learningRate or discount`);
        cfg.onProgress?.({ step: step + 1, loss: value });
      }
      loss.dispose();
      if (Date.now() - lastYield >= 25) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
  } catch (err) {
    td.dispose();
    critic.dispose();
    throw err;
  }
  td.dispose();

  const seenOf = (observations: number[][], method: string): Float32Array => {
    if (!Array.isArray(observations) || observations.length === 0) throw new RangeError(`fqe result.${method}: observations must be a non-empty number[][]`);
    const flat = new Float32Array(observations.length * od);
    observations.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== od || row.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        throw new RangeError(`fqe result.${method}: observations[${i}] is not ${od} finite numbers`);
      }
      flat.set(row, i * od);
    });
    return flat;
  };
  const standardise = (raw: Float32Array): Float32Array => (stats ? normalizeObservations(raw, stats) : raw);
  const read = (t: tf.Tensor): number[] => {
    const out = Array.from(t.dataSync(), (v) => v / cfg.rewardScale);
    t.dispose();
    return out;
  };
  let disposed = false;
  const alive = (method: string): void => {
    if (disposed) throw new Error(`fqe result.${method}: the result has been disposed`);
  };
  const value = (observations: number[][]): number[] => {
    alive('value');
    const raw = seenOf(observations, 'value');
    if (cfg.deterministic) {
      const actions = actionsToUnit(policyActionColumn(act, raw, space, od, { deterministic: true }, fn), space);
      return read(tf.tidy(() => criticValue(critic, tf.tensor2d(standardise(raw), [observations.length, od]), actionTensor(actions, space))));
    }
    return read(sampledValue(critic, standardise(raw), raw));
  };
  const q = (observations: number[][], actions: number[][] | number[]): number[] => {
    alive('q');
    const raw = seenOf(observations, 'q');
    if (!Array.isArray(actions) || actions.length !== observations.length) throw new RangeError(`fqe result.q: give one action per observation (${observations.length})`);
    const column = actionsToUnit(policyActionColumn(() => actions, raw, space, od, {}, 'fqe result.q'), space);
    return read(tf.tidy(() => criticValue(critic, tf.tensor2d(standardise(raw), [observations.length, od]), actionTensor(column, space))));
  };

  const initial = cfg.initialObservations ?? initialObservations(dataset);
  const initialStateValues = Float64Array.from(value(initial));
  return {
    initialStateValue: initialStateValues.reduce((s, v) => s + v, 0) / initialStateValues.length,
    initialStateValues,
    critic,
    observationStats: stats,
    discount: cfg.discount,
    losses,
    q,
    value,
    dispose(): void {
      if (disposed) return;
      disposed = true;
      critic.dispose();
    },
  };
}

/**
 * The first observation of every episode of a dataset, as `number[][]`.
 *
 * @example
 * ```ts
 * initialObservations(createDataset(envs.twoStepChainDataset({ episodes: 3 }))); // [[1, 0, 0], [1, 0, 0], [1, 0, 0]]
 * ```
 */
export function initialObservations(dataset: Dataset): number[][] {
  const starts = dataset.episodeStarts;
  const out: number[][] = [];
  for (let e = 0; e + 1 < starts.length; e++) out.push(rowsOf(dataset.observations, dataset.observationDim, starts[e], starts[e] + 1)[0]);
  return out;
}
