/**
 * One TD3+BC update in float64, written from the published recipe (Fujimoto & Gu 2021, the authors'
 * `TD3_BC.py` `train`), not from the library. With `total_it = step + 1`:
 *
 *   noise       = clamp(randn_like(a) · policy_noise, −noise_clip, noise_clip)
 *   next_action = clamp(actor_target(s') + noise, −1, 1)            (tanh actor, max_action 1)
 *   y           = r + not_done · γ · min(Q̄_1, Q̄_2)(s', next_action)
 *   critic_loss = mse(Q_1(s, a), y) + mse(Q_2(s, a), y)             → one Adam step
 *   if total_it % policy_freq == 0:
 *     pi = actor(s); Q = critic.Q1(s, pi)                             (the critic just updated)
 *     λ = α / |Q|.mean().detach();  actor_loss = −λ·Q.mean() + mse(pi, a)   → one Adam step
 *     Polyak of critic_target towards critic and of actor_target towards actor (rate τ)
 *
 * The Gaussian draw `randn_like(a)` is an input (`noise`): the test reproduces the library's tfjs
 * draw and passes its values here. Plain arrays in, plain arrays out. Written as TD3's update
 * ({@link td3Update64}) with TD3+BC's actor loss and delay passed in; ReBRAC's reference
 * (rebrac64.ts) passes its own, and its critic penalty.
 */
import { adamStep64, type AdamState64 } from './adam64';
import type { Batch64 } from './iql64';
import { criticLoss64, type LossGrad64, td3bcActorLoss64, unflattenNets64 } from './losses64';
import { concatRows64, flattenMlp64, polyak64, predict64, unflattenMlp64, type Mlp64 } from './mlp64';

/** TD3+BC's networks (actors output the pre-tanh action); ReBRAC's are the same. */
export interface TD3BCNets64 {
  actor: Mlp64;
  targetActor: Mlp64;
  critics: Mlp64[];
  targetCritics: Mlp64[];
}

/** Adam states, flat in the library learners' order (critic = critic 1 then critic 2). */
export interface TD3BCAdam64 {
  actor: AdamState64;
  critic: AdamState64;
}

/** The settings of TD3's update, which TD3+BC and ReBRAC share. */
export interface TD3Settings64 {
  discount: number;
  targetUpdateRate: number;
  policyNoise: number;
  noiseClip: number;
  policyDelay: number;
  learningRates: { actor: number; critic: number };
}

export interface TD3BCSettings64 extends TD3Settings64 {
  /** The paper's α (2.5). */
  qWeight: number;
}

/** Deliberate mistakes in TD3's update, to show that a test tells them apart from the recipe. */
export interface TD3Mistakes64 {
  /** The smoothing noise is not clipped to ±noiseClip. */
  noNoiseClip?: boolean;
  /** The next action comes from the online actor instead of the target actor. */
  onlineActorForNext?: boolean;
  /** The target networks move on every step, not only on delayed steps. */
  targetsEveryStep?: boolean;
  /** The actor differentiates through the critic from before this step's critic update. */
  actorOnOldCritic?: boolean;
}

/** Deliberate recipe mistakes, to show that a test tells them apart from the recipe. */
export interface TD3BCMistakes64 extends TD3Mistakes64 {
  /** The gradient also flows through λ's `mean|Q|` (not detached). */
  lambdaNotDetached?: boolean;
  /** The actor loss and λ use `min(Q_1, Q_2)` instead of `Q_1` alone. */
  actorOnMinQ?: boolean;
}

/** What an algorithm built on TD3's update passes in: TD3+BC's below, ReBRAC's in rebrac64.ts. */
export interface TD3Terms64 {
  /** Whether this update also steps the actor and moves the targets (the delay's phase differs). */
  actorStep: boolean;
  /** The actor's loss, with its gradient over the actor, through `critics`. */
  actorLoss: (actor: Mlp64, critics: Mlp64[], s: number[][], a: number[][]) => LossGrad64 & { lambda: number };
  /**
   * A penalty on the next actions, `weight·perRow(ã')`, subtracted from `min_k Q̄_k(s', ã')` inside
   * the bootstrap (ReBRAC's critic BC term; TD3+BC has none). `outsideBootstrap` (a mistake)
   * subtracts it after the discount instead.
   */
  criticPenalty?: { weight: number; perRow: (nextActions: number[][]) => number[]; outsideBootstrap?: boolean };
}

export interface TD3BCResult64 {
  nets: TD3BCNets64;
  adam: TD3BCAdam64;
  /** Losses before each step (`actor` only on delayed steps). */
  losses: { critic: number; actor?: number };
  /** Intermediate quantities, for checking that the fixture exercises the recipe (`penalty` per row, before its weight; zeros without one). */
  details: { nextActions: number[][]; tdTarget: number[]; penalty: number[]; clippedNoise: number; clippedActions: number; lambda?: number };
}

const col = (out: number[][]) => out.map((row) => row[0]);
const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

/** One TD3+BC update (see the file comment). `noise` is the standard normal draw `[B, actionDim]`. */
export function td3bcUpdate64(nets: TD3BCNets64, adam: TD3BCAdam64, batch: Batch64, hp: TD3BCSettings64, step: number, noise: number[][], mistakes: TD3BCMistakes64 = {}): TD3BCResult64 {
  return td3Update64(nets, adam, batch, hp, noise, mistakes, {
    // total_it = step + 1: the actor on steps 1, 3, 5, … with policy_freq 2.
    actorStep: (step + 1) % hp.policyDelay === 0,
    // −λ·mean Q_1(s, π(s)) + mean((π(s) − a)²).
    actorLoss: (actor, critics, s, a) => td3bcActorLoss64(actor, mistakes.actorOnMinQ ? critics : [critics[0]], s, a, hp.qWeight, mistakes.lambdaNotDetached),
  });
}

/**
 * One update of TD3 (Fujimoto et al. 2018) with the actor's loss, the delay's phase and any critic
 * penalty passed in (`terms`): target-policy smoothing with the target actor, a clipped double-Q
 * target, one critic step; on actor steps one actor step through the critics just updated, then
 * Polyak of both targets. `noise` is the standard normal draw `[B, actionDim]`.
 */
export function td3Update64(nets: TD3BCNets64, adam: TD3BCAdam64, batch: Batch64, hp: TD3Settings64, noise: number[][], mistakes: TD3Mistakes64, terms: TD3Terms64): TD3BCResult64 {
  const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: d } = batch;

  // Critic: target-policy smoothing with the target actor, clipped double-Q target.
  let clippedNoise = 0;
  let clippedActions = 0;
  const nextActions = predict64(mistakes.onlineActorForNext ? nets.actor : nets.targetActor, s2).map((row, n) =>
    row.map((raw, j) => {
      const e = noise[n][j] * hp.policyNoise;
      const eClipped = mistakes.noNoiseClip ? e : clip(e, -hp.noiseClip, hp.noiseClip);
      if (eClipped !== e) clippedNoise++;
      const act = Math.tanh(raw) + eClipped;
      if (Math.abs(act) > 1) clippedActions++;
      return clip(act, -1, 1);
    }),
  );
  const s2a = concatRows64(s2, nextActions);
  const qNext = nets.targetCritics.map((c) => col(predict64(c, s2a)));
  const pen = terms.criticPenalty;
  const penalty = pen ? pen.perRow(nextActions) : nextActions.map(() => 0);
  const beta = pen ? pen.weight : 0;
  const y = r.map((rn, n) => {
    const minQ = Math.min(...qNext.map((q) => q[n]));
    return pen?.outsideBootstrap ? rn + hp.discount * (1 - d[n]) * minQ - beta * penalty[n] : rn + hp.discount * (1 - d[n]) * (minQ - beta * penalty[n]);
  });
  const criticLoss = criticLoss64(nets.critics, concatRows64(s, a), y);
  const criticStep = adamStep64(nets.critics.flatMap(flattenMlp64), criticLoss.grad, adam.critic, hp.learningRates.critic);
  const critics = unflattenNets64(criticStep.params, nets.critics);

  const result: TD3BCResult64 = {
    nets: { ...nets, critics },
    adam: { actor: adam.actor, critic: criticStep.state },
    losses: { critic: criticLoss.loss },
    details: { nextActions, tdTarget: y, penalty, clippedNoise, clippedActions },
  };
  if (terms.actorStep) {
    // Actor through the critics updated above.
    const actorLoss = terms.actorLoss(nets.actor, mistakes.actorOnOldCritic ? nets.critics : critics, s, a);
    const actorStep = adamStep64(flattenMlp64(nets.actor), actorLoss.grad, adam.actor, hp.learningRates.actor);
    result.nets.actor = unflattenMlp64(actorStep.params, nets.actor);
    result.adam.actor = actorStep.state;
    result.losses.actor = actorLoss.loss;
    result.details.lambda = actorLoss.lambda;
  }
  if (terms.actorStep || mistakes.targetsEveryStep) {
    result.nets.targetCritics = nets.targetCritics.map((t, k) => polyak64(t, critics[k], hp.targetUpdateRate));
    result.nets.targetActor = polyak64(nets.targetActor, result.nets.actor, hp.targetUpdateRate);
  }
  return result;
}
