/**
 * One continuous CQL update in float64, written from the published recipe (Kumar et al. 2020 as
 * coded in CORL `algorithms/offline/cql.py` `ContinuousCQL.train`, itself young-geng/CQL), not from
 * the library. Every loss uses the parameters from before the update:
 *
 *   ã, log π(ã|s) = actor(s) (reparameterised tanh-Gaussian: u = μ + σ·ε, ã = tanh u)
 *   α = exp(log α)                         alpha_loss = −mean(log α · (log π(ã|s) + H̄))
 *   policy_loss = mean(α·log π(ã|s) − min_k Q_k(s, ã))    (or α·log π(ã|s) − log π(a|s) while bc)
 *   a' ~ π(·|s'); y = r + γ(1 − d)·min_k Q̄_k(s', a')     (max over n samples with max-target backup)
 *   per critic: mse(Q_k(s, a), y) + w·mean_b(T·logsumexp_j(cat/T) − Q_k(s, a))
 *     cat = [Q_k(s, a_unif) − log 0.5^d, Q_k(s, a_π(s)) − log π, Q_k(s, a_π(s')) − log π(·|s')]
 *     w = cqlAlpha, or α'·cqlAlpha with (gap − τ) in the Lagrange form, α' = clamp(exp(log α'), 0, 1e6)
 *   alpha_prime_loss = −α'·cqlAlpha·mean_k(gap_k − τ)
 *   Adam steps: α, actor, critics, α'; Polyak of the target critics.
 *
 * The random draws (ε of each policy sample, the uniform actions) are inputs: the test reproduces
 * the library's tfjs draws and passes their values here. Hand-written gradients; plain arrays.
 */
import { adamStep64, type AdamState64 } from './adam64';
import type { Batch64 } from './iql64';
import { unflattenNets64 } from './losses64';
import { backward64, concatRows64, flattenMlp64, forward64, polyak64, predict64, unflattenMlp64, type Mlp64 } from './mlp64';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const TANH_EPS = 1e-6;

/** CQL's learned parameters. `temperature` / `lagrange` are one-layer networks fed 0: the value is the bias. */
export interface CQLNets64 {
  actor: Mlp64;
  critics: Mlp64[];
  targetCritics: Mlp64[];
  temperature: Mlp64;
  lagrange: Mlp64;
}

export interface CQLAdam64 {
  actor: AdamState64;
  critic: AdamState64;
  temperature: AdamState64;
  lagrange: AdamState64;
}

export interface CQLSettings64 {
  discount: number;
  targetUpdateRate: number;
  cqlAlpha: number;
  samples: number;
  temperature: number;
  targetGap: number | null;
  clipMin: number;
  clipMax: number;
  maxTargetBackup: boolean;
  backupEntropy: boolean;
  bcSteps: number;
  logStdMin: number;
  logStdMax: number;
  /** Offset of log α' (CORL starts it at 1). */
  logAlphaPrimeOffset: number;
  learningRates: { actor: number; critic: number; temperature: number; lagrange: number };
}

/** The random draws of one update, as the library makes them. */
export interface CQLNoise64 {
  /** ε of the actor-loss sample at s, `[B, d]`. */
  policy: number[][];
  /** ε of the next action(s) at s', `[B, d]` (or `[B·n, d]` with max-target backup). */
  next: number[][];
  /** Uniform actions `[B·n, d]`, row b·n + j. */
  uniform: number[][];
  /** ε of the penalty's π(·|s) samples, `[B·n, d]`. */
  current: number[][];
  /** ε of the penalty's π(·|s') samples, `[B·n, d]`. */
  nextSamples: number[][];
}

/** Deliberate recipe mistakes, each of which the test must tell apart from the recipe. */
export interface CQLMistakes64 {
  /** The uniform proposal's density `log 0.5^d` is not subtracted. */
  noUniformDensity?: boolean;
  /** The log-probabilities are added instead of subtracted. */
  logProbSignFlipped?: boolean;
  /** The π(s') samples are evaluated at s' instead of s. */
  nextSamplesAtNextState?: boolean;
  /** The temperature T is ignored. */
  noTemperature?: boolean;
  /** The penalty is taken on min(Q1, Q2) instead of per critic. */
  penaltyOnMinQ?: boolean;
  /** The entropy term enters the backup although backupEntropy is off. */
  entropyInBackup?: boolean;
  /** The actor loss omits α·log π. */
  noEntropyInActor?: boolean;
  /** The penalty is not subtracted by Q(s, a_data). */
  noDataTerm?: boolean;
  /** The critics' penalty ignores α' and the target gap (fixed weight). */
  lagrangeIgnoredByCritics?: boolean;
  /** One next action instead of the max over samples. */
  noMaxBackup?: boolean;
}

interface Sample64 {
  actions: number[][];
  logProb: number[];
  u: number[][];
  mean: number[][];
  logStd: number[][];
  /** Whether the raw log-std lay inside the clip (gradient passes). */
  inRange: boolean[][];
  eps: number[][];
}

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** A tanh-Gaussian sample and its log-density from the raw actor outputs. */
export function sample64(raw: number[][], eps: number[][], logStdMin: number, logStdMax: number): Sample64 {
  const d = raw[0].length / 2;
  const mean = raw.map((r) => r.slice(0, d));
  const rawLs = raw.map((r) => r.slice(d));
  const logStd = rawLs.map((r) => r.map((v) => Math.min(logStdMax, Math.max(logStdMin, v))));
  const inRange = rawLs.map((r) => r.map((v) => v >= logStdMin && v <= logStdMax));
  const u = mean.map((m, b) => m.map((mi, i) => mi + Math.exp(logStd[b][i]) * eps[b][i]));
  const actions = u.map((r) => r.map(Math.tanh));
  // log(1 − tanh(u)²) = 2(log 2 − u − softplus(−2u)).
  const logProb = u.map((r, b) => r.reduce((s, ui, i) => s - 0.5 * eps[b][i] ** 2 - logStd[b][i] - HALF_LOG_2PI - 2 * (Math.LN2 - ui - softplus(-2 * ui)), 0));
  return { actions, logProb, u, mean, logStd, inRange, eps };
}

/**
 * `∂L/∂raw` of a loss that depends on a sample through `dA = ∂L/∂actions` and `dLogP = ∂L/∂logProb`
 * (ε held fixed): `∂a/∂u = 1 − tanh²u`, `∂logπ/∂u = 2 tanh u`, `∂u/∂μ = 1`, `∂u/∂logσ = σε`,
 * `∂logπ/∂logσ = −1` directly; nothing passes the log-std clip.
 */
function sampleBackward64(s: Sample64, dA: number[][], dLogP: number[]): number[][] {
  return s.u.map((r, b) => {
    const dU = r.map((ui, i) => dA[b][i] * (1 - Math.tanh(ui) ** 2) + dLogP[b] * 2 * Math.tanh(ui));
    const dMean = dU;
    const dLogStd = r.map((_, i) => (s.inRange[b][i] ? dU[i] * Math.exp(s.logStd[b][i]) * s.eps[b][i] - dLogP[b] : 0));
    return [...dMean, ...dLogStd];
  });
}

/** `log π(a|s)` of dataset actions and its gradient in raw (tanh-Gaussian change of variables, actions clipped to ±(1 − 1e-6)). */
function dataLogProb64(raw: number[][], actions: number[][], logStdMin: number, logStdMax: number): { logProb: number[]; dRaw: number[][] } {
  const d = actions[0].length;
  const logProb: number[] = [];
  const dRaw = raw.map((r, b) => {
    let lp = 0;
    const dMean: number[] = [];
    const dLogStd: number[] = [];
    for (let i = 0; i < d; i++) {
      const ls = Math.min(logStdMax, Math.max(logStdMin, r[d + i]));
      const a = Math.min(1 - TANH_EPS, Math.max(-(1 - TANH_EPS), actions[b][i]));
      const z = (Math.atanh(a) - r[i]) / Math.exp(ls);
      lp += -0.5 * z * z - ls - HALF_LOG_2PI - Math.log(1 + TANH_EPS - a * a);
      dMean.push(z / Math.exp(ls));
      dLogStd.push(r[d + i] >= logStdMin && r[d + i] <= logStdMax ? z * z - 1 : 0);
    }
    logProb.push(lp);
    return [...dMean, ...dLogStd];
  });
  return { logProb, dRaw };
}

/** `T·log Σ_j exp(x_j/T)` and its softmax weights. */
function softMax64(xs: number[], t: number): { value: number; weights: number[] } {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp((x - m) / t));
  const z = e.reduce((s, v) => s + v, 0);
  return { value: m + t * Math.log(z), weights: e.map((v) => v / z) };
}

const repeatRows64 = (x: number[][], n: number) => x.flatMap((row) => Array.from({ length: n }, () => row));
const mean64 = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** One continuous CQL update. Returns the new parameters, Adam states and losses. */
export function cqlUpdate64(
  nets: CQLNets64,
  adam: CQLAdam64,
  batch: Batch64,
  hp: CQLSettings64,
  step: number,
  noise: CQLNoise64,
  mistakes: CQLMistakes64 = {},
): { nets: CQLNets64; adam: CQLAdam64; losses: Record<string, number> } {
  const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: done } = batch;
  const B = s.length;
  const d = a[0].length;
  const n = hp.samples;
  const { logStdMin, logStdMax } = hp;
  const losses: Record<string, number> = {};

  // The policy at s and s', before any step.
  const rawS = predict64(nets.actor, s);
  const rawNext = predict64(nets.actor, s2);
  const pi = sample64(rawS, noise.policy, logStdMin, logStdMax);

  // Temperature: loss −mean(log α·(log π + H̄)); the value is the bias (input 0).
  const targetEntropy = -d;
  const logAlpha = nets.temperature[0].b[0];
  const alpha = Math.exp(logAlpha);
  const entropyError = mean64(pi.logProb.map((lp) => lp + targetEntropy));
  losses['alpha/loss'] = -logAlpha * entropyError;
  const temperatureStep = adamStep64(flattenMlp64(nets.temperature), [0, -entropyError], adam.temperature, hp.learningRates.temperature);

  // Actor, through the critics as they were.
  const alphaActor = mistakes.noEntropyInActor ? 0 : alpha;
  let dRaw: number[][];
  if (step < hp.bcSteps) {
    const data = dataLogProb64(rawS, a, logStdMin, logStdMax);
    losses['actor/loss'] = mean64(pi.logProb.map((lp, b) => alphaActor * lp - data.logProb[b]));
    const fromSample = sampleBackward64(pi, pi.actions.map((row) => row.map(() => 0)), pi.logProb.map(() => alphaActor / B));
    dRaw = fromSample.map((row, b) => row.map((v, j) => v - data.dRaw[b][j] / B));
  } else {
    const sa = concatRows64(s, pi.actions);
    const traces = nets.critics.map((c) => forward64(c, sa));
    const qs = traces.map((t) => t.output.map((row) => row[0]));
    const argmin = qs[0].map((q0, b) => (q0 <= qs[1][b] ? 0 : 1));
    losses['actor/loss'] = mean64(pi.logProb.map((lp, b) => alphaActor * lp - Math.min(qs[0][b], qs[1][b])));
    const dA = pi.actions.map((row) => row.map(() => 0));
    nets.critics.forEach((c, k) => {
      const dOut = qs[k].map((_, b) => [argmin[b] === k ? -1 / B : 0]);
      const { dx } = backward64(c, traces[k], dOut);
      dx.forEach((row, b) => row.slice(s[0].length).forEach((g, i) => (dA[b][i] += g)));
    });
    dRaw = sampleBackward64(pi, dA, pi.logProb.map(() => alphaActor / B));
  }
  const actorTrace = forward64(nets.actor, s);
  const actorGrads = backward64(nets.actor, actorTrace, dRaw).grads;
  const actorStep = adamStep64(flattenMlp64(nets.actor), flattenMlp64(actorGrads), adam.actor, hp.learningRates.actor);

  // TD target from the target critics.
  const minTarget = (states: number[][], actions: number[][]) => {
    const x = concatRows64(states, actions);
    const q = nets.targetCritics.map((c) => predict64(c, x).map((row) => row[0]));
    return q[0].map((q0, i) => Math.min(q0, q[1][i]));
  };
  let nextValues: number[];
  let nextLogPi: number[];
  if (hp.maxTargetBackup && !mistakes.noMaxBackup) {
    const sampled = sample64(repeatRows64(rawNext, n), noise.next, logStdMin, logStdMax);
    const q = minTarget(repeatRows64(s2, n), sampled.actions);
    nextValues = [];
    nextLogPi = [];
    for (let b = 0; b < B; b++) {
      let best = b * n;
      for (let j = 1; j < n; j++) if (q[b * n + j] > q[best]) best = b * n + j;
      nextValues.push(q[best]);
      nextLogPi.push(sampled.logProb[best]);
    }
  } else {
    const sampled = sample64(rawNext, noise.next.slice(0, B), logStdMin, logStdMax);
    nextValues = minTarget(s2, sampled.actions);
    nextLogPi = sampled.logProb;
  }
  if (hp.backupEntropy || mistakes.entropyInBackup) nextValues = nextValues.map((v, b) => v - alpha * nextLogPi[b]);
  const y = r.map((rb, b) => rb + hp.discount * (1 - done[b]) * nextValues[b]);

  // The penalty's samples (constants) and every critic on every row.
  const current = sample64(repeatRows64(rawS, n), noise.current, logStdMin, logStdMax);
  const fromNext = sample64(repeatRows64(rawNext, n), noise.nextSamples, logStdMin, logStdMax);
  const sRep = repeatRows64(s, n);
  const nextStatesForNext = mistakes.nextSamplesAtNextState ? repeatRows64(s2, n) : sRep;
  const inputs = [concatRows64(s, a), concatRows64(sRep, noise.uniform), concatRows64(sRep, current.actions), concatRows64(nextStatesForNext, fromNext.actions)];
  const uniformLogDensity = mistakes.noUniformDensity ? 0 : d * Math.log(0.5);
  const sign = mistakes.logProbSignFlipped ? -1 : 1;
  const t = mistakes.noTemperature ? 1 : hp.temperature;
  const lagrange = hp.targetGap !== null;
  const criticLagrange = lagrange && !mistakes.lagrangeIgnoredByCritics;
  const logAlphaPrime = nets.lagrange[0].b[0] + hp.logAlphaPrimeOffset;
  const alphaPrime = Math.min(1e6, Math.exp(logAlphaPrime));
  const weight = criticLagrange ? alphaPrime * hp.cqlAlpha : hp.cqlAlpha;

  const traces = nets.critics.map((c) => inputs.map((x) => forward64(c, x)));
  const q = traces.map((tr) => tr.map((trace) => trace.output.map((row) => row[0])));
  // Per critic k: Q on data [B], and on each block [B·n]; with penaltyOnMinQ the penalty sees min_k.
  const penaltyQ = (k: number, block: number, i: number) => (mistakes.penaltyOnMinQ ? Math.min(q[0][block][i], q[1][block][i]) : q[k][block][i]);
  const gaps: number[] = [];
  const dOuts = q.map((qk) => qk.map((blockQ) => blockQ.map(() => [0])));
  let tdLoss = 0;
  nets.critics.forEach((_, k) => {
    let gapSum = 0;
    for (let b = 0; b < B; b++) {
      const qd = q[k][0][b];
      tdLoss += (qd - y[b]) ** 2 / B;
      dOuts[k][0][b][0] += (2 * (qd - y[b])) / B;
      const terms: Array<[number, number, number]> = []; // [value, block, row]
      for (let j = 0; j < n; j++) terms.push([penaltyQ(k, 1, b * n + j) - uniformLogDensity, 1, b * n + j]);
      for (let j = 0; j < n; j++) terms.push([penaltyQ(k, 2, b * n + j) - sign * current.logProb[b * n + j], 2, b * n + j]);
      for (let j = 0; j < n; j++) terms.push([penaltyQ(k, 3, b * n + j) - sign * fromNext.logProb[b * n + j], 3, b * n + j]);
      const { value, weights } = softMax64(terms.map(([v]) => v), t);
      const dataTerm = mistakes.noDataTerm ? 0 : mistakes.penaltyOnMinQ ? Math.min(q[0][0][b], q[1][0][b]) : qd;
      const raw = value - dataTerm;
      const clipped = Math.min(hp.clipMax, Math.max(hp.clipMin, raw));
      gapSum += clipped;
      if (raw > hp.clipMin && raw < hp.clipMax) {
        // ∂/∂Q: weight·softmax/B on the samples, −weight/B on the data (to critic k only, min aside).
        const route = (block: number, i: number, g: number) => {
          if (!mistakes.penaltyOnMinQ) dOuts[k][block][i][0] += g;
          else dOuts[q[0][block][i] <= q[1][block][i] ? 0 : 1][block][i][0] += g;
        };
        terms.forEach(([, block, i], j) => route(block, i, (weight * weights[j]) / B));
        if (!mistakes.noDataTerm) route(0, b, -weight / B);
      }
    }
    gaps.push(gapSum / B);
  });
  const penalty = criticLagrange ? weight * gaps.reduce((s0, g) => s0 + g - hp.targetGap!, 0) : weight * gaps.reduce((s0, g) => s0 + g, 0);
  losses['critic/loss'] = tdLoss + penalty;
  const criticGrads = nets.critics.flatMap((c, k) => {
    const perBlock = traces[k].map((trace, block) => backward64(c, trace, dOuts[k][block]).grads);
    return flattenMlp64(perBlock[0]).map((g0, i) => g0 + perBlock.slice(1).reduce((s0, gr) => s0 + flattenMlp64(gr)[i], 0));
  });
  const criticStep = adamStep64(nets.critics.flatMap(flattenMlp64), criticGrads, adam.critic, hp.learningRates.critic);

  // α' (Lagrange): −α'·cqlAlpha·mean_k(gap_k − τ); ∂/∂log α' = that loss itself (α' below its clip).
  let lagrangeNet = nets.lagrange;
  let lagrangeAdam = adam.lagrange;
  if (lagrange) {
    const lossValue = -alphaPrime * hp.cqlAlpha * mean64(gaps.map((g) => g - hp.targetGap!));
    losses['cql/alpha_prime_loss'] = lossValue;
    const stepped = adamStep64(flattenMlp64(nets.lagrange), [0, alphaPrime < 1e6 ? lossValue : 0], adam.lagrange, hp.learningRates.lagrange);
    lagrangeNet = unflattenMlp64(stepped.params, nets.lagrange);
    lagrangeAdam = stepped.state;
  }

  // Targets follow the updated critics.
  const critics = unflattenNets64(criticStep.params, nets.critics);
  return {
    nets: {
      actor: unflattenMlp64(actorStep.params, nets.actor),
      critics,
      targetCritics: nets.targetCritics.map((tc, k) => polyak64(tc, critics[k], hp.targetUpdateRate)),
      temperature: unflattenMlp64(temperatureStep.params, nets.temperature),
      lagrange: lagrangeNet,
    },
    adam: { actor: actorStep.state, critic: criticStep.state, temperature: temperatureStep.state, lagrange: lagrangeAdam },
    losses,
  };
}
