/**
 * One AWAC update in float64, written from the published recipe (Nair et al. 2020; CORL's
 * `awac.py` `update`), not from the library:
 *
 *   a'       = clip(π(s') sample, −1, 1)                     (the current actor, one sample)
 *   y        = r + γ(1 − d)·min_k Q̄_k(s', a')
 *   critic   = Σ_k mse(Q_k(s, a), y)                            → one Adam step
 *   ã        = clip(π(s) sample, −1, 1)
 *   A        = min_k Q_k(s, a) − min_k Q_k(s, ã)              (the critics just updated)
 *   w        = min(exp(A/λ), 100)    or   B·softmax(A/λ)
 *   actor    = −mean(w · log N(a; tanh(μ(s)), σ²))              → one Adam step (μ net and log σ)
 *   Q̄_k     ← (1 − τ)·Q̄_k + τ·Q_k
 *
 * The policy is the library's Gaussian head (tanh mean, state-independent log σ clipped to
 * [−20, 2], samples clipped to the box). The standard-normal draws of both samples are inputs.
 */
import { adamStep64, type AdamState64 } from './adam64';
import type { Batch64 } from './iql64';
import { awrLoss64, criticLoss64, unflattenNets64 } from './losses64';
import { concatRows64, flattenMlp64, polyak64, predict64, unflattenMlp64, type Mlp64 } from './mlp64';

export interface AWACNets64 {
  actor: Mlp64;
  /** The head's state-independent log-std (unclipped variable). */
  logStd: number[];
  critics: Mlp64[];
  targetCritics: Mlp64[];
}

export interface AWACAdam64 {
  /** Actor network then log-std, flat. */
  actor: AdamState64;
  critic: AdamState64;
}

export interface AWACSettings64 {
  discount: number;
  targetUpdateRate: number;
  lambda: number;
  weighting: 'exp' | 'softmax';
  maxWeight: number;
  logStdMin: number;
  logStdMax: number;
  learningRates: { actor: number; critic: number };
}

/** Deliberate mistakes, each of which a test must tell apart from the recipe. */
export interface AWACMistakes64 {
  /** `exp(A/λ)` without the clip at maxWeight. */
  noWeightClip?: boolean;
  /** Advantages from the critics before this step's update. */
  advantageFromOldCritics?: boolean;
  /** `V(s)` from the mean action `tanh(μ(s))` instead of a sample. */
  valueAtMeanAction?: boolean;
  /** The next action is the mean, not a sample. */
  nextActionAtMean?: boolean;
  /** Weights `exp(λ·A)` (λ read as an inverse temperature). */
  inverseLambda?: boolean;
}

export interface AWACResult64 {
  nets: AWACNets64;
  adam: AWACAdam64;
  losses: { critic: number; actor: number };
  details: { weights: number[]; clipped: number };
}

const col = (out: number[][]) => out.map((row) => row[0]);
const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);
const minQ = (critics: Mlp64[], s: number[][], a: number[][]) => {
  const qs = critics.map((c) => col(predict64(c, concatRows64(s, a))));
  return qs[0].map((_, n) => Math.min(...qs.map((q) => q[n])));
};

/** `clip(tanh(μ) + σ·ε, −1, 1)`, or `tanh(μ)` when `noise` is null. */
function sample64(actor: Mlp64, logStd: number[], s: number[][], noise: number[][] | null, hp: AWACSettings64): number[][] {
  const sigma = logStd.map((x) => Math.exp(clip(x, hp.logStdMin, hp.logStdMax)));
  return predict64(actor, s).map((row, n) => row.map((raw, j) => (noise ? clip(Math.tanh(raw) + sigma[j] * noise[n][j], -1, 1) : Math.tanh(raw))));
}

/** One AWAC update (see the file comment); `noise.next` and `noise.policy` are the standard normal draws. */
export function awacUpdate64(nets: AWACNets64, adam: AWACAdam64, batch: Batch64, hp: AWACSettings64, noise: { next: number[][]; policy: number[][] }, mistakes: AWACMistakes64 = {}): AWACResult64 {
  const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: d } = batch;
  const B = s.length;

  const a2 = sample64(nets.actor, nets.logStd, s2, mistakes.nextActionAtMean ? null : noise.next, hp);
  const qNext = minQ(nets.targetCritics, s2, a2);
  const y = r.map((rn, n) => rn + hp.discount * (1 - d[n]) * qNext[n]);
  const criticLoss = criticLoss64(nets.critics, concatRows64(s, a), y);
  const criticStep = adamStep64(nets.critics.flatMap(flattenMlp64), criticLoss.grad, adam.critic, hp.learningRates.critic);
  const critics = unflattenNets64(criticStep.params, nets.critics);

  const advCritics = mistakes.advantageFromOldCritics ? nets.critics : critics;
  const pi = sample64(nets.actor, nets.logStd, s, mistakes.valueAtMeanAction ? null : noise.policy, hp);
  const qData = minQ(advCritics, s, a);
  const v = minQ(advCritics, s, pi);
  const adv = qData.map((q, n) => q - v[n]);
  let clipped = 0;
  let weights: number[];
  if (hp.weighting === 'softmax') {
    const top = Math.max(...adv);
    const e = adv.map((x) => Math.exp((x - top) / hp.lambda));
    const z = e.reduce((acc, x) => acc + x, 0);
    weights = e.map((x) => (B * x) / z);
  } else {
    weights = adv.map((x) => {
      const w = Math.exp(mistakes.inverseLambda ? hp.lambda * x : x / hp.lambda);
      if (w > hp.maxWeight) clipped++;
      return mistakes.noWeightClip ? w : Math.min(w, hp.maxWeight);
    });
  }
  const actorLoss = awrLoss64(nets.actor, nets.logStd, s, a, weights, hp.logStdMin, hp.logStdMax);
  const actorStep = adamStep64([...flattenMlp64(nets.actor), ...nets.logStd], actorLoss.grad, adam.actor, hp.learningRates.actor);
  const nActor = flattenMlp64(nets.actor).length;

  return {
    nets: {
      actor: unflattenMlp64(actorStep.params.slice(0, nActor), nets.actor),
      logStd: actorStep.params.slice(nActor),
      critics,
      targetCritics: nets.targetCritics.map((t, k) => polyak64(t, critics[k], hp.targetUpdateRate)),
    },
    adam: { actor: actorStep.state, critic: criticStep.state },
    losses: { critic: criticLoss.loss, actor: actorLoss.loss },
    details: { weights, clipped },
  };
}
