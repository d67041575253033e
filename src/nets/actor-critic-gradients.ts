import * as tf from '@tensorflow/tfjs-core';
import { concatColumns } from './concat-columns';
import type { LossGradients } from '../losses/loss-gradients';
import type { MLP, MLPTrace } from './mlp';

/**
 * Inputs of {@link actorThroughCriticsGradients}.
 *
 * @example
 * ```ts
 * const args: ActorThroughCriticsArgs = {
 *   actor, observations: s, toActions: (raw) => head.mode(raw), critics: [critic1],
 *   loss: (actions, [q]) => acBcLoss({ q, bc: mseBcLoss(actions, a) }, { qWeight: 2.5 }),
 * };
 * // SAC-style, with a reparameterised sample ã = tanh(μ + σ·ε) drawn with a fixed seed:
 * const sac: ActorThroughCriticsArgs = {
 *   actor, observations: s, critics: critics.members,
 *   toActions: (raw) => head.sampleWithLogProb(raw, seed).actions,
 *   loss: (actions, qs, obs, { raw }) => tf.mean(tf.sub(tf.mul(alpha, head.sampleWithLogProb(raw, seed).logProb), qs.reduce(tf.minimum))),
 * };
 * ```
 */
export interface ActorThroughCriticsArgs {
  actor: MLP;
  /** `[B, observationDim]`: the actor's input, and the first columns of each critic's input. */
  observations: tf.Tensor2D;
  /** Seed of the actor's dropout masks (training mode), when it has dropout. */
  dropoutSeed?: number;
  /**
   * The actor's forward pass on `observations` when the caller has already run it with the current
   * weights and the same dropout seed ({@link MLP.forwardTrace}): reused instead of a second pass.
   */
  trace?: MLPTrace;
  /**
   * The actor's raw output → actions (the head's `mode`, e.g. `tanh`, or a reparameterised sample
   * with a fixed seed); differentiable, and deterministic given `raw` (it is evaluated twice).
   */
  toActions: (raw: tf.Tensor2D) => tf.Tensor2D;
  /** Critics evaluated on `concat(observations, actions)`, each with one output. Not updated. */
  critics: MLP[];
  /**
   * The loss of the actions, each critic's `Q(s, actions)` (`[B]` each), the observations, and
   * `extra.raw`, the actor's raw output: a loss that uses it directly (SAC's `α·log π(ã|s)`, computed
   * from `raw` and the same noise as `toActions`) gets that gradient too.
   */
  loss: (actions: tf.Tensor2D, q: tf.Tensor1D[], observations: tf.Tensor2D, extra: { raw: tf.Tensor2D }) => tf.Scalar;
  /**
   * The same loss without the tape: its value; in `outputs`, its gradient with respect to the
   * actions then each critic's output (`[B, 1]`); in `extras`, optionally, the gradient of its
   * terms that read `raw` directly (SAC's `α·log π`). Null where it cannot run (see
   * `acBcLossGradients`). Must give the values of `loss`.
   */
  closedForm?: (actions: tf.Tensor2D, q: tf.Tensor2D[], extra: { raw: tf.Tensor2D }) => LossGradients | null;
  /**
   * `(∂actions/∂raw)ᵀ·dActions` without the tape (the head's `modeGradient`), or null; when absent
   * or null, `toActions` is differentiated on the tape.
   */
  actionsGradient?: (raw: tf.Tensor2D, actions: tf.Tensor2D, dActions: tf.Tensor2D) => tf.Tensor2D | null;
}

/**
 * Value of a DDPG-style actor loss `L(π(s), Q_k(s, π(s)))` and its gradients for the actor's
 * variables, back-propagated by hand through the critics into the actor:
 *
 * 1. actor and critics run forward without the tape ({@link MLP.forwardTrace});
 * 2. only `loss` runs under the tape, giving `∂L/∂a` of its direct use of the actions (e.g. the BC
 *    term), `∂L/∂Q_k`, and `∂L/∂raw` of its direct use of the actor's output (e.g. an entropy term);
 * 3. each critic's backward pass returns the action columns of `∂L/∂input` only (no weight
 *    gradients: the critics are not trained here), which add to `∂L/∂a`;
 * 4. `∂L/∂raw = (∂a/∂raw)ᵀ ∂L/∂a + ∂L/∂raw|direct` (a vector–Jacobian product of `toActions`), then
 *    the actor's backward pass.
 *
 * Same numbers as differentiating the composed loss with autodiff (tested), with fewer products
 * (no critic weight gradients), no tape over the networks and no saved-tensor copies.
 *
 * @returns the loss and the actor's gradients keyed by variable name; the caller disposes them.
 * @example
 * ```ts
 * const { loss, grads } = actorThroughCriticsGradients(args);
 * optimizer.apply(grads);
 * ```
 */
export function actorThroughCriticsGradients(args: ActorThroughCriticsArgs): { loss: tf.Scalar; grads: tf.NamedTensorMap } {
  const { actor, observations, toActions, critics } = args;
  const observationDim = observations.shape[1];
  const actorTrace = args.trace ?? actor.forwardTrace(observations, { dropoutSeed: args.dropoutSeed });
  const raw = actorTrace.output;
  const actions = toActions(raw);
  const actionDim = actions.shape[1];
  const criticInput = concatColumns([observations, actions]);
  const criticTraces = critics.map((critic) => {
    if (critic.inputDim !== observationDim + actionDim || critic.outputDim !== 1) {
      throw new Error(`actorThroughCriticsGradients: each critic must map [B, ${observationDim + actionDim}] to [B, 1]; got ${critic.inputDim} → ${critic.outputDim}`);
    }
    return critic.forwardTrace(criticInput);
  });
  const qOutputs = criticTraces.map((t) => t.output);
  // Only the loss runs under the tape. `allowNoGradients`: an input the loss ignores (the actions
  // when there is no BC term) gets a zero gradient rather than an error.
  const closed = args.closedForm?.(actions, qOutputs, { raw }) ?? null;
  let value: tf.Scalar;
  let dActionsDirect: tf.Tensor2D;
  let dRawDirect: tf.Tensor2D | null = null;
  let dQ: tf.Tensor2D[];
  if (closed) {
    if (closed.outputs.length !== 1 + critics.length) {
      throw new Error(`actorThroughCriticsGradients: the closed form gave ${closed.outputs.length} gradients for the actions and ${critics.length} critics`);
    }
    value = closed.loss;
    [dActionsDirect, ...dQ] = closed.outputs as tf.Tensor2D[];
    dRawDirect = (closed.extras[0] as tf.Tensor2D | undefined) ?? null;
  } else {
    const taped = [actions, raw, ...qOutputs];
    const result = tf
      .engine()
      .gradients(() => args.loss(actions, qOutputs.map((q) => tf.reshape(q, [-1]) as tf.Tensor1D), observations, { raw }), taped, undefined, true);
    value = result.value as tf.Scalar;
    [dActionsDirect, dRawDirect, ...dQ] = result.grads.map((g, i) => (g ?? tf.zerosLike(taped[i])) as tf.Tensor2D);
  }
  const inputColumns = { begin: observationDim, size: actionDim };
  const dActions = critics
    .map((critic, k) => critic.backward(criticTraces[k], dQ[k], { inputGrad: true, weightGrads: false, inputColumns }).dx as tf.Tensor2D)
    .reduce((x, y) => tf.add(x, y), dActionsDirect);
  // (∂a/∂raw)ᵀ·∂L/∂a, the vector–Jacobian product of toActions.
  const viaActions = args.actionsGradient?.(raw, actions, dActions) ?? (tf.grad((r: tf.Tensor) => tf.sum(tf.mul(toActions(r as tf.Tensor2D), dActions)))(raw) as tf.Tensor2D);
  const dRaw = dRawDirect ? (tf.add(viaActions, dRawDirect) as tf.Tensor2D) : viaActions;
  const { grads: actorGrads } = actor.backward(actorTrace, dRaw);
  const named: tf.NamedTensorMap = {};
  actor.variables.forEach((v, i) => {
    named[v.name] = actorGrads[i];
  });
  return { loss: value, grads: named };
}
