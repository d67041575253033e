import * as tf from '@tensorflow/tfjs-core';
import { tdLoss, tdTarget } from '../losses';
import { tdLossGradients, type LossGradients } from '../losses/loss-gradients';
import { Learner, polyakUpdate, type MLPCall } from '../nets';
import { Rng } from '../rng';
import type { TDBatch, TDBootstrap } from './bootstraps';
import { cloneCriticAsTarget, criticCalls, criticOutputsToQ, type TDCritic } from './critic';

/**
 * Learning rate of the optimizer a {@link createTDLearner} makes when it is given none (Adam 3e-4,
 * the IQL and TD3+BC critics' rate).
 *
 * @example
 * ```ts
 * createTDLearner({ critic, discount: 0.99 }).learner.learningRate; // TD_DEFAULT_LEARNING_RATE
 * ```
 */
export const TD_DEFAULT_LEARNING_RATE = 3e-4;

/**
 * Polyak rate of a {@link createTDLearner} when none is given (0.005, IQL and TD3+BC's `tau`).
 *
 * @example
 * ```ts
 * createTDLearner({ critic, discount: 0.99 }).targetUpdateRate; // TD_DEFAULT_TARGET_UPDATE_RATE
 * ```
 */
export const TD_DEFAULT_TARGET_UPDATE_RATE = 0.005;

/**
 * Options of {@link createTDLearner}.
 *
 * @example
 * ```ts
 * const options: TDLearnerOptions<CriticEnsemble> = { critic, discount: 0.99, bootstrap: greedyBootstrap() };
 * ```
 */
export interface TDLearnerOptions<C extends TDCritic> {
  /** The network trained by TD: a {@link CriticEnsemble} or an {@link MLP} (see {@link TDCritic}). */
  critic: C;
  /**
   * Its target copy, followed by Polyak averaging. Left out: the learner makes one (a frozen copy of
   * `critic`, freed by `dispose`). `null`: no target network; bootstraps read `critic` itself.
   */
  target?: C | null;
  /** The optimizer over `critic`'s variables. Left out: the learner makes an Adam (freed by `dispose`). */
  learner?: Learner;
  /** Learning rate of the Adam the learner makes (not used with `learner`). Default {@link TD_DEFAULT_LEARNING_RATE}. */
  learningRate?: number;
  /** Discount γ in [0, 1]. */
  discount: number;
  /** Polyak rate of the target, `target ← (1 − rate)·target + rate·critic` ("tau" elsewhere). Default {@link TD_DEFAULT_TARGET_UPDATE_RATE}. */
  targetUpdateRate?: number;
  /** The value of `s′` (see {@link TDBootstrap}); needed unless every update is given `nextValues`. */
  bootstrap?: TDBootstrap;
  /** Seeds the target copy's construction (its weights are then copied from `critic`). Default `new Rng(0)`. */
  rng?: Rng;
}

/**
 * Options of {@link TDLearner.update}.
 *
 * @example
 * ```ts
 * td.update(batch, { nextValues: vNext, updateTarget: false });
 * td.update(batch, {
 *   loss: (outputs, y) => tf.add(tdLoss(critics.outputsToQ(outputs, a), y), cqlPenalty(cqlGaps({ allQ: outputs, actions: a }), { cqlAlpha: 1 })),
 * });
 * ```
 */
export interface TDUpdateOptions {
  /** Bootstrap values `[B]` computed by the caller (instead of the learner's `bootstrap`). */
  nextValues?: tf.Tensor1D;
  /** Polyak-update the target after the step. Default true (TD3 delays it: false on most steps). */
  updateTarget?: boolean;
  /**
   * The critic evaluations the loss reads, when they are more than `Q_k(s, a)` (CQL evaluates its
   * sampled actions in the same forward pass as the data's). Default: each member on `(s, a)`.
   */
  calls?: MLPCall[];
  /**
   * The loss of the calls' outputs and the TD target `y`, when it is more than the TD loss (CQL adds
   * its penalty to `tdLoss`). Default `Σ_k mean_B (Q_k(s, a) − y)²`.
   */
  loss?: (outputs: tf.Tensor2D[], target: tf.Tensor1D) => tf.Scalar;
  /**
   * The same loss and its gradients without the tape (one fused kernel, e.g. `cqlCriticLossGradients`),
   * or null where it cannot run; then `loss` is differentiated on the tape. Must give the values of
   * `loss`. Used only with `loss`.
   */
  closedForm?: (outputs: tf.Tensor2D[], target: tf.Tensor1D) => LossGradients | null;
}

/**
 * What {@link TDLearner.update} returns: the loss before the step and the TD target it regressed on.
 * The caller disposes both (or runs the update inside `tf.tidy`).
 *
 * @example
 * ```ts
 * const { loss, target } = td.update(batch); tf.dispose([loss, target]);
 * ```
 */
export interface TDUpdateResult {
  /** `Σ_k mean_B (Q_k(s, a) − y)²` before the step. */
  loss: tf.Scalar;
  /** The TD target `y = r + γ(1 − terminal)·value(s′)`, `[B]`. */
  target: tf.Tensor1D;
}

/**
 * A critic trained by temporal differences: TD targets from a bootstrap, one optimizer step on the
 * squared error, Polyak averaging of the target. Made by {@link createTDLearner}.
 *
 * @example
 * ```ts
 * const { loss } = td.update(batch); loss.dispose();
 * ```
 */
export interface TDLearner<C extends TDCritic = TDCritic> {
  readonly critic: C;
  /** The target network (the critic itself when made with `target: null`). */
  readonly target: C;
  readonly learner: Learner;
  readonly discount: number;
  readonly targetUpdateRate: number;
  /** The TD target `y = r + γ(1 − terminal)·value(s′)`, `[B]`, from `nextValues` or the bootstrap. Only `terminals` cut it; timeouts bootstrap. */
  tdTarget(batch: TDBatch, nextValues?: tf.Tensor1D): tf.Tensor1D;
  /** One TD step: the target (outside the gradient), a step on `Σ_k mean (Q_k − y)²`, then (by default) the Polyak update. */
  update(batch: TDBatch, options?: TDUpdateOptions): TDUpdateResult;
  /** Moves the target towards the critic by `targetUpdateRate` (no-op without a target network). */
  updateTarget(): void;
  /** Frees what the learner made itself (its optimizer, its target copy); never the critic or parts it was given. */
  dispose(): void;
}

/**
 * Builds a TD learner around a critic: the shared Bellman/TD trainer of offline-rl. IQL and TD3+BC
 * run their critic updates on it; build your own critics with it, or evaluate a fixed policy
 * ({@link fqe} uses it with the policy's next actions).
 *
 * Each {@link TDLearner.update} computes `y = r + γ(1 − terminal)·b(s′)` with the bootstrap `b`
 * ({@link policyBootstrap}, {@link batchActionBootstrap}, {@link valueBootstrap},
 * {@link greedyBootstrap}, or your own function) evaluated on the target network, takes one optimizer
 * step on `Σ_k mean_B (Q_k(s, a) − y)²` ({@link tdLoss}, back-propagated by hand; or your loss of `y`,
 * such as CQL's TD loss plus penalty), then moves the target by `targetUpdateRate`.
 *
 * @throws RangeError when `discount` or `targetUpdateRate` is outside [0, 1].
 * @example
 * ```ts
 * const critic = new CriticEnsemble({ observationDim: 3, actionSpace: { type: 'discrete', n: 2 }, hiddenDims: [64, 64], rng: new Rng(0) });
 * const td = createTDLearner({ critic, discount: 0.99, learningRate: 1e-3, bootstrap: greedyBootstrap() });
 * for (let i = 0; i < 1000; i++) {
 *   const batch = toDeviceBatch(sampler.sample(), dataset.actionSpace, dataset.observationDim);
 *   tf.dispose([...Object.values(td.update(batch)), ...Object.values(batch)]);
 * }
 * td.dispose(); critic.dispose();
 * ```
 */
export function createTDLearner<C extends TDCritic>(options: TDLearnerOptions<C>): TDLearner<C> {
  const { critic, discount, bootstrap } = options;
  const targetUpdateRate = options.targetUpdateRate ?? TD_DEFAULT_TARGET_UPDATE_RATE;
  if (typeof discount !== 'number' || !(discount >= 0 && discount <= 1)) throw new RangeError(`createTDLearner: discount must be in [0, 1], got ${String(discount)}`);
  if (typeof targetUpdateRate !== 'number' || !(targetUpdateRate >= 0 && targetUpdateRate <= 1)) {
    throw new RangeError(`createTDLearner: targetUpdateRate must be in [0, 1], got ${String(targetUpdateRate)}`);
  }
  const ownsTarget = options.target === undefined;
  const target: C | null = options.target === undefined ? cloneCriticAsTarget(critic, options.rng ?? new Rng(0)) : options.target;
  const ownsLearner = options.learner === undefined;
  const learner = options.learner ?? new Learner(critic.variables, options.learningRate ?? TD_DEFAULT_LEARNING_RATE);

  const tdTargetOf = (batch: TDBatch, nextValues?: tf.Tensor1D): tf.Tensor1D =>
    tf.tidy(() => {
      let values = nextValues;
      if (values === undefined) {
        if (!bootstrap) throw new Error('TDLearner: no bootstrap was given and the update has no nextValues');
        values = bootstrap(batch, target ?? critic);
      }
      return tdTarget({ rewards: batch.rewards, terminals: batch.terminals, nextValues: values }, discount);
    });

  const updateTarget = (): void => {
    if (target !== null) polyakUpdate(target.variables, critic.variables, targetUpdateRate);
  };

  return {
    critic,
    target: target ?? critic,
    learner,
    discount,
    targetUpdateRate,
    tdTarget: tdTargetOf,
    update(batch: TDBatch, updateOptions: TDUpdateOptions = {}): TDUpdateResult {
      const y = tdTargetOf(batch, updateOptions.nextValues);
      const { observations: s, actions: a } = batch;
      const calls = updateOptions.calls ?? criticCalls(critic, s, a);
      const lossOf = updateOptions.loss ?? ((outs: tf.Tensor2D[], target: tf.Tensor1D) => tdLoss(criticOutputsToQ(critic, outs, a), target));
      // The default loss of one-column outputs has a one-kernel closed form (the same values).
      const custom = updateOptions.closedForm;
      const closedForm =
        updateOptions.loss === undefined ? (outs: tf.Tensor2D[]) => tdLossGradients(outs, y) : custom && ((outs: tf.Tensor2D[]) => custom(outs, y));
      const loss = learner.stepMLP(calls, (outs) => lossOf(outs, y), [], closedForm);
      if (updateOptions.updateTarget ?? true) updateTarget();
      return { loss, target: y };
    },
    updateTarget,
    dispose(): void {
      if (ownsLearner) learner.dispose();
      if (ownsTarget && target !== null) target.dispose();
    },
  };
}
