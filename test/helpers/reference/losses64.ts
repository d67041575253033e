/**
 * The losses of the IQL, TD3+BC and ReBRAC reference updates, each with its gradient with respect to the
 * flat parameters it trains (written by hand; `finiteDifferences64` checks them). Plain float64.
 */
import { backward64, concatRows64, flattenMlp64, forward64, unflattenMlp64, type Mlp64 } from './mlp64';

export interface LossGrad64 {
  loss: number;
  grad: number[];
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const col = (out: number[][]) => out.map((row) => row[0]);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** IQL value loss `mean(|τ − 1(u < 0)|·u²)`, `u = q − V(s)`; gradient over the value net. */
export function expectileValueLoss64(value: Mlp64, s: number[][], q: number[], expectile: number): LossGrad64 {
  const B = s.length;
  const trace = forward64(value, s);
  const u = col(trace.output).map((v, n) => q[n] - v);
  const w = (x: number) => Math.abs(expectile - (x < 0 ? 1 : 0));
  // ∂L/∂V_n = −2·w(u_n)·u_n / B (the weight is piecewise constant).
  const dV = u.map((x) => [(-2 * w(x) * x) / B]);
  return { loss: mean(u.map((x) => w(x) * x * x)), grad: flattenMlp64(backward64(value, trace, dV).grads) };
}

/**
 * AWR loss `−mean(w · log π(a|s))` with the IQL Gaussian: mean `tanh(raw)`, σ = exp(clip(logStd,
 * min, max)), unsquashed, log-density summed over dimensions. Gradient over the actor then the
 * log-std (zero for a log-std outside the clip range, as `jnp.clip` gives).
 */
export function awrLoss64(actor: Mlp64, logStd: number[], s: number[][], a: number[][], weights: number[], logStdMin: number, logStdMax: number): LossGrad64 {
  const B = s.length;
  const trace = forward64(actor, s);
  const mu = trace.output.map((row) => row.map(Math.tanh));
  const ls = logStd.map((x) => Math.min(Math.max(x, logStdMin), logStdMax));
  const sigma = ls.map(Math.exp);
  const z = a.map((row, n) => row.map((an, j) => (an - mu[n][j]) / sigma[j]));
  const logProb = z.map((row) => row.reduce((acc, zj, j) => acc - 0.5 * zj * zj - ls[j] - HALF_LOG_2PI, 0));
  const loss = -mean(weights.map((w, n) => w * logProb[n]));
  // ∂L/∂raw = −(w/B)·(z/σ)·(1 − μ²);  ∂L/∂logσ_j = −(1/B)·Σ_n w_n·(z_nj² − 1).
  const dRaw = z.map((row, n) => row.map((zj, j) => (-(weights[n] / B) * zj) / sigma[j] * (1 - mu[n][j] ** 2)));
  const dLogStd = logStd.map((x, j) =>
    x < logStdMin || x > logStdMax ? 0 : -weights.reduce((acc, w, n) => acc + w * (z[n][j] ** 2 - 1), 0) / B,
  );
  return { loss, grad: [...flattenMlp64(backward64(actor, trace, dRaw).grads), ...dLogStd] };
}

/** Twin-critic TD loss `Σ_k mean_n (Q_k(s, a)_n − y_n)²`; gradient over critic 1 then critic 2 … */
export function criticLoss64(critics: Mlp64[], sa: number[][], y: number[]): LossGrad64 {
  const B = sa.length;
  const traces = critics.map((c) => forward64(c, sa));
  const qs = traces.map((t) => col(t.output));
  const loss = qs.reduce((acc, q) => acc + mean(q.map((qn, n) => (qn - y[n]) ** 2)), 0);
  const grad = critics.flatMap((c, k) => flattenMlp64(backward64(c, traces[k], qs[k].map((q, n) => [(2 * (q - y[n])) / B])).grads));
  return { loss, grad };
}

/** How a deterministic actor's loss weighs its two terms: TD3+BC's and ReBRAC's settings of {@link qBcActorLoss64}. */
export interface QBcWeights64 {
  /** λ = qWeight / mean|Q| (TD3+BC: α = 2.5; ReBRAC: 1). */
  qWeight: number;
  /** The weight of the BC term (TD3+BC: 1; ReBRAC: β_actor). */
  bcWeight: number;
  /** BC per row: `'mean'` over action dimensions (TD3+BC's mse) or `'sum'` (ReBRAC's). */
  bcOverDims: 'mean' | 'sum';
  /** (a mistake) Also differentiate through λ's `mean|Q|` instead of holding λ constant. */
  lambdaNotDetached?: boolean;
}

/**
 * The deterministic actor loss TD3+BC and ReBRAC share, `bcWeight·BC − λ·mean Q(s, π(s))` with
 * π = tanh(actor), `BC = mean_n of (π(s) − a)² averaged or summed over dimensions` and
 * `λ = qWeight / mean|Q|` held constant (`.detach()`); gradient over the actor. Q is the minimum over
 * `critics`, row by row (TD3+BC's recipe passes `[critic1]`, ReBRAC's both critics).
 */
export function qBcActorLoss64(actor: Mlp64, critics: Mlp64[], s: number[][], a: number[][], w: QBcWeights64): LossGrad64 & { lambda: number; meanQ: number; bc: number } {
  const B = s.length;
  const D = a[0].length;
  const obsDim = s[0].length;
  const trace = forward64(actor, s);
  const pi = trace.output.map((row) => row.map(Math.tanh));
  const input = concatRows64(s, pi);
  const traces = critics.map((c) => forward64(c, input));
  const qk = traces.map((t) => col(t.output));
  // Which critic gives the minimum on each row (the only one the gradient flows through).
  const argmin = qk[0].map((_, n) => qk.reduce((best, q, k) => (q[n] < qk[best][n] ? k : best), 0));
  const q = argmin.map((k, n) => qk[k][n]);
  const meanAbsQ = mean(q.map(Math.abs));
  const lambda = w.qWeight / meanAbsQ;
  const per = w.bcOverDims === 'mean' ? 1 / D : 1;
  const bc = mean(pi.map((row, n) => row.reduce((acc, p, j) => acc + per * (p - a[n][j]) ** 2, 0)));
  const loss = w.bcWeight * bc - lambda * mean(q);
  const dQ = q.map((qn) => -lambda / B + (w.lambdaNotDetached ? (w.qWeight * mean(q) * Math.sign(qn)) / (B * meanAbsQ ** 2) : 0));
  const dInput = input.map((row) => row.map(() => 0));
  critics.forEach((c, k) => {
    const { dx } = backward64(c, traces[k], dQ.map((g, n) => [argmin[n] === k ? g : 0]));
    dx.forEach((row, n) => row.forEach((g, i) => (dInput[n][i] += g)));
  });
  const dRaw = pi.map((row, n) => row.map((p, j) => (dInput[n][obsDim + j] + (2 * w.bcWeight * per * (p - a[n][j])) / B) * (1 - p * p)));
  return { loss, grad: flattenMlp64(backward64(actor, trace, dRaw).grads), lambda, meanQ: mean(q), bc };
}

/**
 * TD3+BC actor loss `−λ·mean Q(s, π(s)) + mean_{n,j}(π(s) − a)²` with `λ = qWeight / mean|Q|`
 * ({@link qBcActorLoss64}). The recipe passes `[critic1]` (Q = Q_1); more critics (their minimum) is a
 * deliberate mistake here, and so is `lambdaNotDetached`.
 */
export function td3bcActorLoss64(actor: Mlp64, critics: Mlp64[], s: number[][], a: number[][], qWeight: number, lambdaNotDetached = false): ReturnType<typeof qBcActorLoss64> {
  return qBcActorLoss64(actor, critics, s, a, { qWeight, bcWeight: 1, bcOverDims: 'mean', lambdaNotDetached });
}

/** Splits flat parameters back into networks shaped like `like`. */
export function unflattenNets64(flat: number[], like: Mlp64[]): Mlp64[] {
  let offset = 0;
  const nets = like.map((net) => {
    const n = flattenMlp64(net).length;
    const out = unflattenMlp64(flat.slice(offset, offset + n), net);
    offset += n;
    return out;
  });
  if (offset !== flat.length) throw new Error(`unflattenNets64: ${flat.length} values for ${offset} parameters`);
  return nets;
}

/** Central finite differences of `f` at `x` (step `h`), for checking the hand-written gradients. */
export function finiteDifferences64(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}
