/**
 * One ReBRAC update in float64, written from the published recipe (Tarasov et al. 2023; CORL's
 * `rebrac.py` `update_critic` / `update_actor`), not from the library:
 *
 *   ã'     = clip(π̄(s') + clip(σ·ε, −c, c), −1, 1)                  (target actor, tanh output)
 *   y      = r + γ(1 − d)·(min_k Q̄_k(s', ã') − β_c·Σ_j (ã'_j − a'_j)²)   (a' = dataset next action)
 *   critic = Σ_k mean (Q_k(s, a) − y)²                                  → one Adam step
 *   if step % policy_freq == 0:
 *     π = tanh(actor(s)); q = min_k Q_k(s, π)                          (the critics just updated)
 *     λ = 1 / mean|q|  (a constant);  actor = mean(β_a·Σ_j (π_j − a_j)² − λ·q)   → one Adam step
 *     Polyak of both targets (rate τ)
 *
 * The critics carry a layer norm after each hidden ReLU (mlp64's `norm`). ε is an input.
 */
import { adamStep64, type AdamState64 } from './adam64';
import type { Batch64 } from './iql64';
import { criticLoss64, qBcActorLoss64, unflattenNets64 } from './losses64';
import { concatRows64, flattenMlp64, polyak64, predict64, unflattenMlp64, type Mlp64 } from './mlp64';

export interface ReBRACNets64 {
  actor: Mlp64;
  targetActor: Mlp64;
  critics: Mlp64[];
  targetCritics: Mlp64[];
}

export interface ReBRACAdam64 {
  actor: AdamState64;
  critic: AdamState64;
}

export interface ReBRACSettings64 {
  discount: number;
  targetUpdateRate: number;
  actorBcWeight: number;
  criticBcWeight: number;
  policyNoise: number;
  noiseClip: number;
  policyDelay: number;
  learningRates: { actor: number; critic: number };
}

/** Deliberate mistakes, each of which a test must tell apart from the recipe. */
export interface ReBRACMistakes64 {
  /** No penalty in the critic's target (TD3+BC's critic). */
  noCriticPenalty?: boolean;
  /** The penalty against the dataset action `a` instead of the next action `a'`. */
  penaltyOnAction?: boolean;
  /** The penalty averaged over action dimensions instead of summed. */
  penaltyMeanOverDims?: boolean;
  /** The penalty subtracted outside the bootstrap: `y = r + γ(1 − d)·minQ̄ − β_c·pen`. */
  penaltyOutsideBootstrap?: boolean;
  /** The actor on Q_1 alone (TD3+BC) instead of min(Q_1, Q_2). */
  actorOnQ1?: boolean;
  /** The actor's BC term averaged over dimensions (TD3+BC's mse) instead of summed. */
  bcMeanOverDims?: boolean;
}

export interface ReBRACResult64 {
  nets: ReBRACNets64;
  adam: ReBRACAdam64;
  losses: { critic: number; actor?: number };
  details: { penalty: number[]; clippedNoise: number };
}

const col = (out: number[][]) => out.map((row) => row[0]);
const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

/**
 * ReBRAC's actor loss `mean_n(β·Σ_j(π − a)² − λ·q)`, `q = min` over `critics` row by row, λ = 1/mean|q|
 * held constant ({@link qBcActorLoss64}); gradient over the actor. `bcMean` averages the BC term over
 * dimensions instead (a mistake: TD3+BC's mse).
 */
export function rebracActorLoss64(actor: Mlp64, critics: Mlp64[], s: number[][], a: number[][], beta: number, bcMean = false): ReturnType<typeof qBcActorLoss64> {
  return qBcActorLoss64(actor, critics, s, a, { qWeight: 1, bcWeight: beta, bcOverDims: bcMean ? 'mean' : 'sum' });
}

/** One ReBRAC update (see the file comment). `noise` is the standard normal draw `[B, actionDim]`. */
export function rebracUpdate64(nets: ReBRACNets64, adam: ReBRACAdam64, batch: Batch64 & { nextActions: number[][] }, hp: ReBRACSettings64, step: number, noise: number[][], mistakes: ReBRACMistakes64 = {}): ReBRACResult64 {
  const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: d, nextActions: a2 } = batch;
  let clippedNoise = 0;
  const next = predict64(nets.targetActor, s2).map((row, n) =>
    row.map((raw, j) => {
      const e = noise[n][j] * hp.policyNoise;
      const ec = clip(e, -hp.noiseClip, hp.noiseClip);
      if (ec !== e) clippedNoise++;
      return clip(Math.tanh(raw) + ec, -1, 1);
    }),
  );
  const reference = mistakes.penaltyOnAction ? a : a2;
  const D = a[0].length;
  const penalty = next.map((row, n) => row.reduce((acc, x, j) => acc + (x - reference[n][j]) ** 2, 0) / (mistakes.penaltyMeanOverDims ? D : 1));
  const beta = mistakes.noCriticPenalty ? 0 : hp.criticBcWeight;
  const qs = nets.targetCritics.map((c) => col(predict64(c, concatRows64(s2, next))));
  const qNext = qs[0].map((_, n) => Math.min(...qs.map((q) => q[n])));
  const y = r.map((rn, n) =>
    mistakes.penaltyOutsideBootstrap ? rn + hp.discount * (1 - d[n]) * qNext[n] - beta * penalty[n] : rn + hp.discount * (1 - d[n]) * (qNext[n] - beta * penalty[n]),
  );
  const criticLoss = criticLoss64(nets.critics, concatRows64(s, a), y);
  const criticStep = adamStep64(nets.critics.flatMap(flattenMlp64), criticLoss.grad, adam.critic, hp.learningRates.critic);
  const critics = unflattenNets64(criticStep.params, nets.critics);
  const result: ReBRACResult64 = {
    nets: { ...nets, critics },
    adam: { actor: adam.actor, critic: criticStep.state },
    losses: { critic: criticLoss.loss },
    details: { penalty, clippedNoise },
  };
  if (step % hp.policyDelay === 0) {
    const actorLoss = rebracActorLoss64(nets.actor, mistakes.actorOnQ1 ? [critics[0]] : critics, s, a, hp.actorBcWeight, mistakes.bcMeanOverDims);
    const actorStep = adamStep64(flattenMlp64(nets.actor), actorLoss.grad, adam.actor, hp.learningRates.actor);
    result.nets.actor = unflattenMlp64(actorStep.params, nets.actor);
    result.adam.actor = actorStep.state;
    result.losses.actor = actorLoss.loss;
    result.nets.targetCritics = nets.targetCritics.map((t, k) => polyak64(t, critics[k], hp.targetUpdateRate));
    result.nets.targetActor = polyak64(nets.targetActor, result.nets.actor, hp.targetUpdateRate);
  }
  return result;
}
