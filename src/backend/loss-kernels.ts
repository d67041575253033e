import * as tf from '@tensorflow/tfjs-core';
import { HALF_LOG_2PI } from '../heads/normal';
import { hostViews, named, numbered, registerHostKernels, type HostKernel, type HostMemoryBackend } from './host-memory';

/**
 * Name of the kernel that gives the TD loss and its gradient in one pass: inputs
 * `{ target, pred0, pred1, … }` (each `pred` holds `B` values, `[B, 1]` or `[B]`; `target` `[B]`),
 * attrs `{ count }`, outputs `[loss, dPred0, dPred1, …]` with
 * `loss = (1/B) Σ_b Σ_k (pred_k − target)²` and `dPred_k = (2/B)·(pred_k − target)`, rounded as
 * TensorFlow.js's gradient of `tdLoss` rounds them (the same float32 values).
 *
 * @example
 * ```ts
 * const [loss, d0, d1] = tf.engine().runKernel(SQUARED_ERROR_KERNEL, { target: y, pred0: q0, pred1: q1 }, { count: 2 }) as tf.Tensor[];
 * ```
 */
export const SQUARED_ERROR_KERNEL = 'OfflineRLSquaredErrorGradients';

/**
 * Name of the kernel that gives IQL's expectile loss of `u = target − value` and its gradient with
 * respect to `value`: inputs `{ values, targets }` (`B` values each), attrs `{ expectile }`, outputs
 * `[loss, dValues]` with `loss = (1/B) Σ |τ − 1(u < 0)|·u²` and `dValues = −(2/B)·|τ − 1(u < 0)|·u`,
 * rounded as TensorFlow.js's gradient of `expectileLoss` rounds them.
 *
 * @example
 * ```ts
 * const [loss, dV] = tf.engine().runKernel(EXPECTILE_KERNEL, { values: v, targets: q }, { expectile: 0.7 }) as tf.Tensor[];
 * ```
 */
export const EXPECTILE_KERNEL = 'OfflineRLExpectileGradient';

/**
 * Name of the kernel that gives the (weighted) negative log-likelihood of a Gaussian policy head
 * with a state-independent log-std and its gradients: inputs `{ raw, logStd, actions, weights? }`
 * (`raw` and `actions` `[B, A]`, `logStd` `[A]`, `weights` `[B]`), attrs `{ logStdMin, logStdMax }`,
 * outputs `[loss, dRaw, dLogStd]` for `loss = −(1/B) Σ_b w_b·log N(a_b; tanh(raw_b), exp(clip(logStd))²)`
 * (`w = 1` without weights: the BC loss; with them, AWR's). Computed in float64, stored as float32.
 *
 * @example
 * ```ts
 * const [loss, dRaw, dLogStd] = tf.engine().runKernel(GAUSSIAN_NLL_KERNEL, { raw, logStd, actions, weights }, { logStdMin: -5, logStdMax: 2 }) as tf.Tensor[];
 * ```
 */
export const GAUSSIAN_NLL_KERNEL = 'OfflineRLGaussianNLLGradients';


function squaredErrorKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const count = (attrs as { count: number }).count;
    const [target] = named(inputs, ['target']);
    const preds = numbered(inputs, ['pred'], count);
    const { ins, outs, infos } = hostViews(backendName, backend, [target, ...preds], [[], ...preds.map((p) => p.shape)]);
    const y = ins[0];
    const size = y.length;
    // The tape's float32 steps: Mean's gradient 1/B, then SquaredDifference's dy·(2·(q − y)).
    const scale = Math.fround(1 / size);
    let total = 0;
    for (let b = 0; b < size; b++) {
      let row = 0;
      for (let k = 0; k < count; k++) {
        const d = Math.fround(ins[k + 1][b] - y[b]);
        outs[k + 1][b] = Math.fround(scale * (2 * d));
        row = Math.fround(row + Math.fround(d * d));
      }
      total += row;
    }
    outs[0][0] = total / size;
    return infos;
  };
}

function expectileKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const tau = Math.fround((attrs as { expectile: number }).expectile);
    const [values, targets] = named(inputs, ['values', 'targets']);
    const { ins, outs, infos } = hostViews(backendName, backend, [values, targets], [[], values.shape]);
    const [v, q] = ins;
    const size = q.length;
    const scale = Math.fround(1 / size);
    let total = 0;
    for (let b = 0; b < size; b++) {
      const u = Math.fround(q[b] - v[b]);
      // |τ − step(−u)|, step(x) = 1 for x > 0 (NaN stays NaN, as in tf.step).
      const below = Number.isNaN(u) ? Number.NaN : -u > 0 ? 1 : 0;
      const weight = Math.abs(Math.fround(tau - below));
      total += Math.fround(weight * Math.fround(u * u));
      outs[1][b] = -Math.fround(Math.fround(scale * weight) * (2 * u));
    }
    outs[0][0] = total / size;
    return infos;
  };
}

function gaussianNLLKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { logStdMin, logStdMax } = attrs as { logStdMin: number; logStdMax: number };
    const [raw, logStd, actions] = named(inputs, ['raw', 'logStd', 'actions']);
    const weights = inputs.weights;
    const inputList = weights ? [raw, logStd, actions, weights] : [raw, logStd, actions];
    const { ins, outs, infos } = hostViews(backendName, backend, inputList, [[], raw.shape, logStd.shape]);
    const [r, ls, a] = ins;
    const w = weights ? ins[3] : null;
    const [size, dim] = raw.shape;
    const [lossOut, dRaw, dLogStd] = outs;
    // Per dimension: the clipped log-std c, 1/(σ√2) = exp(−½ log 2 − c), and Σ_b w_b·(1 − 2h²).
    const clipped = new Float64Array(dim);
    const invSigmaSqrt2 = new Float64Array(dim);
    const logStdGrad = new Float64Array(dim);
    let sumClipped = 0;
    for (let d = 0; d < dim; d++) {
      clipped[d] = Math.min(Math.max(ls[d], logStdMin), logStdMax);
      invSigmaSqrt2[d] = Math.exp(-0.5 * Math.LN2 - clipped[d]);
      sumClipped += clipped[d];
    }
    const negNorm = -dim * HALF_LOG_2PI - sumClipped;
    let total = 0;
    for (let b = 0; b < size; b++) {
      const wb = w ? w[b] : 1;
      let sumH2 = 0;
      for (let d = 0; d < dim; d++) {
        const i = b * dim + d;
        const mean = Math.tanh(r[i]);
        const e = invSigmaSqrt2[d];
        // h = (a − μ)/(σ√2): log p = negNorm − Σ_d h².
        const h = (a[i] - mean) * e;
        const h2 = h * h;
        sumH2 += h2;
        dRaw[i] = ((-2 * wb) / size) * h * e * (1 - mean * mean);
        logStdGrad[d] += wb * (1 - 2 * h2);
      }
      total += wb * (negNorm - sumH2);
    }
    lossOut[0] = -total / size;
    for (let d = 0; d < dim; d++) {
      // clipByValue passes the gradient where logStdMin ≤ logStd ≤ logStdMax (inclusive).
      dLogStd[d] = ls[d] >= logStdMin && ls[d] <= logStdMax ? logStdGrad[d] / size : 0;
    }
    return infos;
  };
}

/**
 * Name of the kernel that gives the actor loss of TD3+BC and DDPG+BC, `acBcLoss({ q: min_k Q_k, bc:
 * mseBcLoss(π, a) })`, and its gradients with respect to the policy's actions and each critic's
 * output: inputs `{ policy, actions, q0, q1, … }` (`policy`, `actions` `[B, A]`, each `q` `[B, 1]`),
 * attrs `{ count, qWeight, alpha, normalizeQ, scaleFloor }`, outputs `[loss, dPolicy, dQ0, dQ1, …]`.
 * `λ = qWeight / max(mean|Q|, scaleFloor)` with `normalizeQ` (a constant, as in the authors' code),
 * else `qWeight`; `loss = −λ·mean(Q) + alpha·mean((π − a)²)`; the min's gradient goes to the first
 * critic of a tie, as `tf.minimum`'s does. Computed in float64, stored as float32.
 *
 * @example
 * ```ts
 * const [loss, dPi, dQ0] = tf.engine().runKernel(AC_BC_KERNEL, { policy: pi, actions: a, q0 }, { count: 1, qWeight: 2.5, alpha: 1, normalizeQ: true, scaleFloor: 1e-8 }) as tf.Tensor[];
 * ```
 */
export const AC_BC_KERNEL = 'OfflineRLActorCriticBCGradients';

function acBcKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { count, qWeight, alpha, normalizeQ, scaleFloor } = attrs as { count: number; qWeight: number; alpha: number; normalizeQ: boolean; scaleFloor: number };
    const [policy, actions] = named(inputs, ['policy', 'actions']);
    const critics = numbered(inputs, ['q'], count);
    const { ins, outs, infos } = hostViews(backendName, backend, [policy, actions, ...critics], [[], policy.shape, ...critics.map((q) => q.shape)]);
    const [pi, a] = ins;
    const qs = ins.slice(2);
    const [size, dim] = policy.shape;
    // Q = min_k Q_k, and which critic gives it (the first of a tie).
    const q = new Float64Array(size);
    const which = new Int32Array(size);
    let sum = 0;
    let sumAbs = 0;
    for (let b = 0; b < size; b++) {
      let best = qs[0][b];
      let k = 0;
      for (let j = 1; j < count; j++) {
        if (!(best <= qs[j][b])) {
          best = qs[j][b];
          k = j;
        }
      }
      q[b] = best;
      which[b] = k;
      sum += best;
      sumAbs += Math.abs(best);
    }
    const lambda = normalizeQ ? qWeight / Math.max(sumAbs / size, scaleFloor) : qWeight;
    let squared = 0;
    for (let i = 0; i < size * dim; i++) {
      const d = pi[i] - a[i];
      squared += d * d;
      outs[1][i] = (alpha * 2 * d) / (size * dim);
    }
    for (let b = 0; b < size; b++) {
      for (let j = 0; j < count; j++) outs[2 + j][b] = j === which[b] ? -lambda / size : 0;
    }
    outs[0][0] = (-lambda * sum) / size + (alpha * squared) / (size * dim);
    return infos;
  };
}

/**
 * Name of the kernel that gives CQL's critic loss, `tdLoss + weight·Σ_k (gap_k − targetGap)`, and its
 * gradient with respect to each critic's output on the stacked batch (the `B` data rows, then three
 * blocks of `B·n` sampled rows: uniform actions, actions from π(·|s), from π(·|s′), b-major):
 * inputs `{ target, logPi?, logPiNext?, alphaPrime?, q0, q1, … }` (`target` `[B]`, the
 * log-probabilities `[B, n]`, `alphaPrime` a scalar, each `q` `[B·(1 + 3n), 1]`), attrs
 * `{ count, samples, importance, uniformLogDensity, temperature, clipMin, clipMax, cqlAlpha, targetGap }`,
 * outputs `[loss, tdLoss, gaps, dQ0, dQ1, …]`. A gap is `mean_b clip(T·logsumexp(terms_b / T) − Q(s_b, a_b))`
 * over the terms `Q − log 0.5^d` (uniform) and, importance-sampled, `Q − log π` of both policy
 * blocks; its gradient is the softmax of each row (zero where the clip is active). `weight` is
 * `cqlAlpha`, times `alphaPrime` when given (the Lagrange form; then `targetGap` counts). Computed in
 * float64, stored as float32.
 *
 * @example
 * ```ts
 * const [loss, td, gaps, d0, d1] = tf.engine().runKernel(CQL_CRITIC_KERNEL, { target: y, logPi, logPiNext, q0, q1 }, attrs) as tf.Tensor[];
 * ```
 */
export const CQL_CRITIC_KERNEL = 'OfflineRLCqlCriticGradients';

interface CqlCriticAttrs {
  count: number;
  samples: number;
  importance: boolean;
  uniformLogDensity: number;
  temperature: number;
  clipMin: number;
  clipMax: number;
  cqlAlpha: number;
  targetGap: number;
}

function cqlCriticKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { count, samples: n, importance, uniformLogDensity, temperature, clipMin, clipMax, cqlAlpha, targetGap } = attrs as unknown as CqlCriticAttrs;
    const [target] = named(inputs, ['target']);
    const logs = importance ? named(inputs, ['logPi', 'logPiNext']) : [];
    const lagrange = inputs.alphaPrime;
    const critics = numbered(inputs, ['q'], count);
    const extra = lagrange ? [lagrange] : [];
    const { ins, outs, infos } = hostViews(backendName, backend, [target, ...logs, ...extra, ...critics], [[], [], [count], ...critics.map((q) => q.shape)]);
    const y = ins[0];
    const [logPi, logPiNext] = importance ? [ins[1], ins[2]] : [null, null];
    const weight = lagrange ? cqlAlpha * ins[1 + logs.length][0] : cqlAlpha;
    const qs = ins.slice(1 + logs.length + extra.length);
    const size = y.length;
    const terms = new Float64Array(3 * n);
    const exps = new Float64Array(3 * n);
    const width = importance ? 3 * n : n;
    let td = 0;
    let penalty = 0;
    for (let k = 0; k < count; k++) {
      const q = qs[k];
      const dq = outs[3 + k];
      dq.fill(0);
      let gapSum = 0;
      for (let b = 0; b < size; b++) {
        const diff = q[b] - y[b];
        td += diff * diff;
        // The row's terms: uniform block, then (importance-sampled) the two policy blocks.
        for (let j = 0; j < n; j++) {
          terms[j] = q[size + b * n + j] - uniformLogDensity;
          if (logPi && logPiNext) {
            terms[n + j] = q[size + size * n + b * n + j] - logPi[b * n + j];
            terms[2 * n + j] = q[size + 2 * size * n + b * n + j] - logPiNext[b * n + j];
          }
        }
        let max = -Infinity;
        for (let j = 0; j < width; j++) max = Math.max(max, terms[j] / temperature);
        let sum = 0;
        for (let j = 0; j < width; j++) {
          exps[j] = Math.exp(terms[j] / temperature - max);
          sum += exps[j];
        }
        const lse = max + Math.log(sum);
        const row = temperature * lse - q[b];
        const clipped = Math.min(Math.max(row, clipMin), clipMax);
        gapSum += clipped;
        const pass = row >= clipMin && row <= clipMax ? weight / size : 0;
        dq[b] = (2 * diff) / size - pass;
        if (pass !== 0) {
          for (let j = 0; j < width; j++) {
            const block = Math.floor(j / n);
            // softmax_j = exp(t_j/T − max) / Σ.
            dq[size + block * size * n + b * n + (j % n)] = (pass * exps[j]) / sum;
          }
        }
      }
      const gap = gapSum / size;
      outs[2][k] = gap;
      penalty += gap - (lagrange ? targetGap : 0);
    }
    outs[1][0] = td / size;
    outs[0][0] = td / size + weight * penalty;
    return infos;
  };
}

const LOSS_KERNELS: HostKernel[] = [
  [SQUARED_ERROR_KERNEL, squaredErrorKernel],
  [EXPECTILE_KERNEL, expectileKernel],
  [GAUSSIAN_NLL_KERNEL, gaussianNLLKernel],
  [AC_BC_KERNEL, acBcKernel],
  [CQL_CRITIC_KERNEL, cqlCriticKernel],
];

/**
 * Registers the loss-gradient kernels for the wasm and cpu backends (idempotent; called by
 * `registerFusedKernels`). Each replaces the 15–60 small kernels of a loss and its autodiff
 * gradient (on wasm every launch costs a few microseconds) with one pass over host memory.
 *
 * @example
 * ```ts
 * registerLossKernels();
 * tf.getKernel(SQUARED_ERROR_KERNEL, 'wasm') !== undefined; // true
 * ```
 */
export function registerLossKernels(): void {
  registerHostKernels(LOSS_KERNELS);
}
