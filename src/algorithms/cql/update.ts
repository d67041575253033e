import * as tf from '@tensorflow/tfjs-core';
import { concatColumns } from '../../nets/concat-columns';
import { TanhGaussianHead, type SampleWithLogProb } from '../../heads';
import { cqlAlphaPrimeLoss, cqlGaps, cqlPenalty, tdLoss } from '../../losses';
import type { Learner, MLP } from '../../nets';
import { acBcLossGradients, cqlCriticLossGradients } from '../../losses/loss-gradients';
import { createTDLearner } from '../../td';
import type { Batch } from '../../types';
import type { MetricTensors, StepContext } from '../definition';
import type { CQLConfig } from './config';
import { cqlDiscreteUpdate } from './discrete-update';
import type { CQLParts } from './roles';

/**
 * `log α'` starts at 1 (CORL's `log_alpha_prime = Scalar(1.0)`): the `lagrange` role's output, 0 at
 * initialisation, is offset by this.
 *
 * @example
 * ```ts
 * const logAlphaPrime = tf.add(lagrangeOutput, INITIAL_LOG_ALPHA_PRIME);
 * ```
 */
export const INITIAL_LOG_ALPHA_PRIME = 1;

/**
 * Upper clip of α' (CORL: `torch.clamp(exp(log α'), 0, 1e6)`).
 *
 * @example
 * ```ts
 * const alphaPrime = tf.clipByValue(tf.exp(logAlphaPrime), 0, MAX_ALPHA_PRIME);
 * ```
 */
export const MAX_ALPHA_PRIME = 1e6;

/** The value of a scalar role (a one-layer MLP fed 0: its bias), `[1, 1]`. */
function scalarOutput(net: MLP): tf.Tensor2D {
  return tf.tidy(() => net.predict(tf.zeros([1, 1])));
}

/** One gradient step of a scalar role on `loss(value)`, its value `[1, 1]` taken as the MLP output. */
function stepScalar(learner: Learner, net: MLP, loss: (value: tf.Scalar) => tf.Scalar): tf.Scalar {
  return learner.stepMLP([{ mlp: net, input: tf.zeros([1, 1]) }], ([out]) => loss(tf.reshape(out, []) as tf.Scalar));
}

/**
 * Each row of `x` repeated `n` times in place (PyTorch's `repeat_interleave`): `[B, D]` → `[B·n, D]`,
 * row `b·n + j` is `x[b]`, so a `[B·n]` result reshapes to `[B, n]`. For data and values (states,
 * a policy's outputs before sampling): on wasm and cpu it has no gradient.
 *
 * @example
 * ```ts
 * repeatRows(tf.tensor2d([[1], [2]]), 2); // [[1], [1], [2], [2]]
 * ```
 */
export function repeatRows(x: tf.Tensor2D, n: number): tf.Tensor2D {
  if (n === 1) return x;
  const [b, d] = x.shape;
  // n copies side by side, [B, n·D], read row-major as [B·n, D]. The same values as tiling a
  // [B, 1, D] view, but tfjs-wasm's Tile kernel is 1.5–3.5× slower than a concat (measured), and its
  // axis-1 concat ~10× slower than concatColumns.
  return tf.reshape(concatColumns(Array.from({ length: n }, () => x)), [b * n, d]);
}

/**
 * One CQL update (Kumar et al. 2020; CORL's `ContinuousCQL.train`, itself young-geng/CQL), or on
 * discrete data {@link cqlDiscreteUpdate}. Box actions, in CORL's order, every loss from the
 * parameters as they were at the start of the update:
 *
 * 1. **policy sample** `ã ~ π(·|s)` (reparameterised) and its `log π(ã|s)`;
 * 2. **temperature** (when `autoEntropy`): `log α` ← `−mean(log α · (log π(ã|s) + targetEntropy))`;
 * 3. **actor**: `mean(α·log π(ã|s) − min_k Q_k(s, ã))` through the critics, or during the first
 *    `bcSteps` updates `mean(α·log π(ã|s) − log π(a|s))`;
 * 4. **critics**: `Σ_k mean (Q_k(s, a) − y)²` with `y = r + γ(1 − terminal)·min_k Q̄_k(s', a')`,
 *    `a' ~ π(·|s')` (or the max over `cqlSamples` such actions with `maxTargetBackup`; minus
 *    `α·log π(a'|s')` with `backupEntropy`), plus {@link cqlPenalty} of {@link cqlGaps} over
 *    `cqlSamples` uniform actions and actions from `π(·|s)` and `π(·|s')` (constants), each critic
 *    evaluated on all `B·(1 + 3n)` state–action rows in one product;
 * 5. **α'** (with `cqlTargetGap`): {@link cqlAlphaPrimeLoss} on the gaps of step 4;
 * 6. **targets**: Polyak every `targetUpdateInterval` updates.
 *
 * @example
 * ```ts
 * const metrics = cqlUpdate(parts, batch, cfg, { index: 0, log: true, seed: (name) => rng.seed() });
 * ```
 */
export function cqlUpdate(parts: CQLParts, batch: Batch, cfg: CQLConfig, step: StepContext): MetricTensors {
  if (parts.nets.critics.discrete) return cqlDiscreteUpdate(parts, batch, cfg, step);
  const { actor, critics, targetCritics, temperature, lagrange } = parts.nets;
  const learners = parts.learners as Partial<CQLParts['learners']>;
  const head = actor.head;
  if (!(head instanceof TanhGaussianHead)) throw new Error(`cqlUpdate: the actor needs a tanh-gaussian head, got '${head.kind}'`);
  // Named seeds: adding a draw in one place shifts no other.
  const seeds = {
    policy: step.seed('policy'),
    next: step.seed('next-action'),
    uniform: step.seed('cql-uniform'),
    current: step.seed('cql-policy'),
    nextSamples: step.seed('cql-next-policy'),
  };
  const n = cfg.cqlSamples;
  return tf.tidy(() => {
    const { observations: s, actions: a, nextObservations: s2 } = batch;
    const size = s.shape[0];
    const actionDim = a.shape[1];
    const metrics: MetricTensors = {};

    // 1. the policy's outputs at s and s' (before any step), and the sample ã of the actor loss; the
    // forward pass over s is kept for the actor's own step (its weights do not change before it).
    const actorTrace = actor.mlp.forwardTrace(s);
    const rawS = actorTrace.output;
    const rawNext = actor.mlp.predict(s2);
    const { logProb: logPi } = head.sampleValues(rawS, seeds.policy);

    // 2. entropy temperature α (the value before its step enters the other losses).
    let alpha: tf.Scalar = tf.scalar(cfg.entropyMultiplier);
    if (temperature) {
      const logAlpha = tf.reshape(scalarOutput(temperature), []) as tf.Scalar;
      alpha = tf.mul(tf.exp(logAlpha), cfg.entropyMultiplier);
      const targetEntropy = cfg.targetEntropy ?? -actionDim;
      const entropyError = tf.add(logPi, targetEntropy);
      metrics['alpha/loss'] = stepScalar(learners.temperature!, temperature, (value) => tf.neg(tf.mean(tf.mul(value, entropyError))) as tf.Scalar);
    }

    // 3. actor (SAC through the critics as they were, or BC for the first bcSteps updates).
    const policyLogProb = (raw: tf.Tensor2D) => head.sampleWithLogProb(raw, seeds.policy).logProb;
    if (step.index < cfg.bcSteps) {
      metrics['actor/loss'] = learners.actor!.stepMLP([{ mlp: actor.mlp, input: s, trace: actorTrace }], ([raw]) =>
        tf.mean<tf.Scalar>(tf.sub(tf.mul(policyLogProb(raw), alpha), head.logProb(raw, a))),
      );
    } else {
      // The closed forms: −mean(min_k Q_k) by the AC+BC kernel (no BC term), α·mean(log π) and the
      // sample's gradient by the head's kernels. Where those kernels do not run, sampleValues is
      // sampleWithLogProb and everything is differentiated on the tape.
      let sampled: SampleWithLogProb | undefined;
      metrics['actor/loss'] = learners.actor!.stepThroughCritics({
        actor: actor.mlp,
        observations: s,
        trace: actorTrace,
        toActions: (raw) => (sampled = head.sampleValues(raw, seeds.policy)).actions,
        critics: critics.members,
        loss: (_actions, qs, _obs, { raw }) => tf.mean<tf.Scalar>(tf.sub(tf.mul(policyLogProb(raw), alpha), qs.reduce((x, y) => tf.minimum(x, y)))),
        closedForm: (actions, qs, { raw }) => {
          const minQ = acBcLossGradients(actions, actions, qs, { qWeight: 1, alpha: 0, normalizeQ: false });
          const direct = head.sampleGradient(raw, seeds.policy, undefined, tf.div(alpha, size) as tf.Scalar);
          if (!minQ || !direct || !sampled) return null;
          const entropyTerm = tf.mul(tf.mean(sampled.logProb), alpha);
          return { loss: tf.add(minQ.loss, entropyTerm) as tf.Scalar, outputs: minQ.outputs, extras: [direct] };
        },
        actionsGradient: (raw, _actions, dActions) => head.sampleGradient(raw, seeds.policy, dActions),
      });
    }

    // 4. critics: TD target from the target critics ...
    let nextValues: tf.Tensor1D;
    let nextLogPi: tf.Tensor1D;
    if (cfg.maxTargetBackup) {
      const sampled = head.sampleValues(repeatRows(rawNext, n), seeds.next);
      const q = tf.reshape(targetCritics.min(repeatRows(s2, n), sampled.actions), [size, n]);
      const best = tf.oneHot(tf.argMax(q, 1), n);
      nextValues = tf.max(q, 1) as tf.Tensor1D;
      nextLogPi = tf.sum(tf.mul(tf.reshape(sampled.logProb, [size, n]), best), 1) as tf.Tensor1D;
    } else {
      const sampled = head.sampleValues(rawNext, seeds.next);
      nextValues = targetCritics.min(s2, sampled.actions);
      nextLogPi = sampled.logProb;
    }
    if (cfg.backupEntropy) nextValues = tf.sub(nextValues, tf.mul(nextLogPi, alpha)) as tf.Tensor1D;
    const td = createTDLearner({ critic: critics, target: targetCritics, learner: learners.critic!, discount: cfg.discount, targetUpdateRate: cfg.targetUpdateRate });

    // ... and the CQL samples: n uniform actions, n from π(·|s), n from π(·|s'), all at s (constants).
    const current = head.sampleValues(repeatRows(rawS, n), seeds.current);
    const fromNext = head.sampleValues(repeatRows(rawNext, n), seeds.nextSamples);
    const uniform = tf.randomUniform([size * n, actionDim], -1, 1, 'float32', seeds.uniform) as tf.Tensor2D;
    const sampledActions = tf.concat([uniform, current.actions, fromNext.actions], 0) as tf.Tensor2D;
    // Three blocks of the repeated states: a concat, where tf.tile(…, [3, 1]) costs ~2 ms on wasm at [B·n, 4].
    const statesOnce = repeatRows(s, n);
    const repeatedStates = tf.concat([statesOnce, statesOnce, statesOnce], 0) as tf.Tensor2D;
    // Rows: the B data pairs, then 3 blocks of B·n sampled pairs (b-major inside each block).
    const input = tf.concat([concatColumns([s, a]), concatColumns([repeatedStates, sampledActions])], 0) as tf.Tensor2D;
    const logPiCurrent = tf.reshape(current.logProb, [size, n]) as tf.Tensor2D;
    const logPiNext = tf.reshape(fromNext.logProb, [size, n]) as tf.Tensor2D;
    const lagrangeOn = lagrange !== undefined && cfg.cqlTargetGap !== null;
    const alphaPrime = lagrangeOn ? (tf.clipByValue(tf.exp(tf.add(tf.reshape(scalarOutput(lagrange), []), INITIAL_LOG_ALPHA_PRIME)), 0, MAX_ALPHA_PRIME) as tf.Scalar) : undefined;
    const penaltyOptions = { cqlAlpha: cfg.cqlAlpha, alphaPrime, targetGap: cfg.cqlTargetGap ?? undefined };
    let gaps: tf.Tensor1D | undefined;
    let tdPart: tf.Scalar | undefined;
    // The gaps (values of the critics before this step) feed α' below; kept past the step's tidy.
    const keepGaps = (g: tf.Tensor1D, td: tf.Scalar): void => {
      gaps = tf.keep(tf.clone(g));
      if (step.log) tdPart = tf.keep(tf.clone(td));
    };
    const gapOptions = { actionDim, form: cfg.cqlForm, temperature: cfg.cqlTemperature, clipMin: cfg.cqlClipDiffMin ?? undefined, clipMax: cfg.cqlClipDiffMax ?? undefined };
    const { loss: criticLoss, target } = td.update(batch, {
      nextValues,
      updateTarget: false,
      calls: critics.members.map((mlp) => ({ mlp, input })),
      loss: (outputs, y) => {
        const blocks = outputs.map((out) => tf.split(tf.reshape(out, [-1]), [size, size * n, size * n, size * n]) as tf.Tensor1D[]);
        const dataQ = blocks.map(([q]) => q);
        const asSamples = (q: tf.Tensor1D) => tf.reshape(q, [size, n]) as tf.Tensor2D;
        const g = cqlGaps(
          {
            dataQ,
            uniformQ: blocks.map(([, q]) => asSamples(q)),
            policyQ: blocks.map(([, , q]) => asSamples(q)),
            policyLogProbs: logPiCurrent,
            nextPolicyQ: blocks.map(([, , , q]) => asSamples(q)),
            nextPolicyLogProbs: logPiNext,
          },
          gapOptions,
        );
        const tdPartOfLoss = tdLoss(dataQ, y);
        keepGaps(g, tdPartOfLoss);
        return tf.add(tdPartOfLoss, cqlPenalty(g, penaltyOptions));
      },
      closedForm: (outputs, y) => {
        const closed = cqlCriticLossGradients(
          { outputs, target: y, samples: n, policyLogProbs: logPiCurrent, nextPolicyLogProbs: logPiNext },
          gapOptions,
          penaltyOptions,
        );
        if (closed) keepGaps(closed.gaps, closed.tdLoss);
        return closed;
      },
    });
    metrics['critic/loss'] = criticLoss;
    const gapValues = gaps!;
    try {
      // 5. the Lagrange multiplier α', from the same gaps.
      if (lagrangeOn) {
        metrics['cql/alpha_prime_loss'] = stepScalar(learners.lagrange!, lagrange, (value) =>
          cqlAlphaPrimeLoss(tf.clipByValue(tf.exp(tf.add(value, INITIAL_LOG_ALPHA_PRIME)), 0, MAX_ALPHA_PRIME) as tf.Scalar, gapValues, {
            cqlAlpha: cfg.cqlAlpha,
            targetGap: cfg.cqlTargetGap!,
          }),
        );
      }
      // 6. targets.
      if ((step.index + 1) % cfg.targetUpdateInterval === 0) td.updateTarget();
      if (step.log) {
        metrics['critic/td_loss'] = tf.clone(tdPart!);
        metrics['cql/gap'] = tf.mean(gapValues);
        metrics['critic/target_q_mean'] = tf.mean(target);
        metrics['alpha/value'] = tf.clone(alpha);
        metrics['actor/log_prob'] = tf.mean(logPi);
        if (alphaPrime) metrics['cql/alpha_prime'] = tf.clone(alphaPrime);
        Object.assign(metrics, head.metrics(rawS));
      }
    } finally {
      tf.dispose([gapValues, ...(tdPart ? [tdPart] : [])]);
    }
    return metrics;
  });
}
