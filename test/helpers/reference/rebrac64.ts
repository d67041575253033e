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
 * The critics carry a layer norm after each hidden ReLU (mlp64's `norm`). ε is an input. What ReBRAC
 * shares with TD3+BC (smoothing, clipped double-Q, critic step, delayed actor, Polyak) is TD3+BC's
 * reference (td3bc64.ts `td3Update64`); what differs (the critic penalty, the actor loss, the
 * delay's phase) is passed in below.
 */
import type { Batch64 } from './iql64';
import { qBcActorLoss64 } from './losses64';
import type { Mlp64 } from './mlp64';
import { td3Update64, type TD3BCAdam64, type TD3BCNets64, type TD3BCResult64, type TD3Settings64 } from './td3bc64';

/** ReBRAC's networks: TD3+BC's, with a layer norm after each hidden ReLU of the critics. */
export type ReBRACNets64 = TD3BCNets64;
export type ReBRACAdam64 = TD3BCAdam64;

export interface ReBRACSettings64 extends TD3Settings64 {
  actorBcWeight: number;
  criticBcWeight: number;
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

/** TD3+BC's result; `details.penalty` is ReBRAC's `Σ_j (ã'_j − a'_j)²` per row, before β_c. */
export type ReBRACResult64 = TD3BCResult64;

/**
 * ReBRAC's actor loss `mean_n(β·Σ_j(π − a)² − λ·q)`, `q = min` over `critics` row by row, λ = 1/mean|q|
 * held constant ({@link qBcActorLoss64}); gradient over the actor. `bcMean` averages the BC term over
 * dimensions instead (a mistake: TD3+BC's mse).
 */
export function rebracActorLoss64(actor: Mlp64, critics: Mlp64[], s: number[][], a: number[][], beta: number, bcMean = false): ReturnType<typeof qBcActorLoss64> {
  return qBcActorLoss64(actor, critics, s, a, { qWeight: 1, bcWeight: beta, bcOverDims: bcMean ? 'mean' : 'sum' });
}

/**
 * One ReBRAC update (see the file comment): TD3's update ({@link td3Update64}) with ReBRAC's critic
 * penalty, actor loss and delay phase. `noise` is the standard normal draw `[B, actionDim]`.
 */
export function rebracUpdate64(nets: ReBRACNets64, adam: ReBRACAdam64, batch: Batch64 & { nextActions: number[][] }, hp: ReBRACSettings64, step: number, noise: number[][], mistakes: ReBRACMistakes64 = {}): ReBRACResult64 {
  const D = batch.actions[0].length;
  const against = mistakes.penaltyOnAction ? batch.actions : batch.nextActions;
  return td3Update64(nets, adam, batch, hp, noise, {}, {
    // CORL's phase: the actor on steps 0, 2, 4, … with policy_freq 2 (TD3+BC's: 1, 3, 5, …).
    actorStep: step % hp.policyDelay === 0,
    actorLoss: (actor, critics, s, a) => rebracActorLoss64(actor, mistakes.actorOnQ1 ? [critics[0]] : critics, s, a, hp.actorBcWeight, mistakes.bcMeanOverDims),
    criticPenalty: {
      weight: mistakes.noCriticPenalty ? 0 : hp.criticBcWeight,
      perRow: (next) => next.map((row, n) => row.reduce((acc, x, j) => acc + (x - against[n][j]) ** 2, 0) / (mistakes.penaltyMeanOverDims ? D : 1)),
      outsideBootstrap: mistakes.penaltyOutsideBootstrap,
    },
  });
}
