/**
 * Adam (Kingma & Ba 2015) in float64, written the way PyTorch's `torch.optim.Adam` and optax's
 * `adam` define it (β1 0.9, β2 0.999, ε 1e-8 outside the square root, bias-corrected moments):
 *
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  t ← t + 1,
 *   p ← p − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε).
 *
 * Plain arrays; independent of the library's Adam.
 */

export const BETA1_64 = 0.9;
export const BETA2_64 = 0.999;
export const EPS_64 = 1e-8;

/** Moments (flat, one entry per parameter) and the number of steps taken so far. */
export interface AdamState64 {
  t: number;
  m: number[];
  v: number[];
}

/** Fresh Adam state for `n` parameters. */
export function adamInit64(n: number): AdamState64 {
  return { t: 0, m: new Array<number>(n).fill(0), v: new Array<number>(n).fill(0) };
}

/** One Adam step on flat parameters; returns the new parameters and state (inputs untouched). */
export function adamStep64(params: number[], grads: number[], state: AdamState64, lr: number): { params: number[]; state: AdamState64 } {
  const n = params.length;
  if (grads.length !== n || state.m.length !== n || state.v.length !== n) {
    throw new Error(`adamStep64: ${n} parameters, ${grads.length} gradients, ${state.m.length}/${state.v.length} moments`);
  }
  const t = state.t + 1;
  const m = state.m.map((mi, i) => BETA1_64 * mi + (1 - BETA1_64) * grads[i]);
  const v = state.v.map((vi, i) => BETA2_64 * vi + (1 - BETA2_64) * grads[i] * grads[i]);
  const c1 = 1 - BETA1_64 ** t;
  const c2 = 1 - BETA2_64 ** t;
  const next = params.map((p, i) => p - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + EPS_64));
  return { params: next, state: { t, m, v } };
}
