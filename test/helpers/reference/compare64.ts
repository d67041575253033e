import type { AdamState64 } from './adam64';
import type { Mlp64 } from './mlp64';
/** Comparison of a float32 result with a float64 reference, entry by entry. */

export interface Tolerance {
  atol: number;
  rtol: number;
}

/** Named flat arrays (e.g. `'critic1/W0'`), compared key by key. */
export type Named = Record<string, number[]>;

export interface Mismatch {
  /** `max |a − e| / (atol + rtol·|e|)` over all entries (≤ 1: within tolerance). */
  score: number;
  /** Largest absolute error. */
  maxAbs: number;
  /** Largest relative error `|a − e| / |e|` over entries with |e| > 1e-3. */
  maxRel: number;
  /** Where the score is largest, e.g. `'critic1/b2[0]: 0.25 vs 0.31'`. */
  worst: string;
}

/** How far `actual` is from `expected` (same keys and lengths), scaled by the tolerance. */
export function mismatch(actual: Named, expected: Named, tol: Tolerance): Mismatch {
  let score = 0;
  let maxAbs = 0;
  let maxRel = 0;
  let worst = '';
  for (const key of Object.keys(expected)) {
    const a = actual[key];
    const e = expected[key];
    if (!a || a.length !== e.length) {
      // A value present on one side only (e.g. an actor loss on a step without an actor update).
      return { score: Infinity, maxAbs: Infinity, maxRel: Infinity, worst: `${key}: ${a?.length ?? 0} values vs ${e.length}` };
    }
    e.forEach((ei, i) => {
      const err = Math.abs(a[i] - ei);
      const s = err / (tol.atol + tol.rtol * Math.abs(ei));
      if (!(s <= score)) {
        score = Number.isNaN(s) ? Infinity : s;
        worst = `${key}[${i}]: ${a[i]} vs ${ei}`;
      }
      maxAbs = Math.max(maxAbs, err);
      if (Math.abs(ei) > 1e-3) maxRel = Math.max(maxRel, err / Math.abs(ei));
    });
  }
  return { score, maxAbs, maxRel, worst };
}

/** A reference network's parameters by name: `${prefix}/W0`, `${prefix}/b0`, … */
export function namedMlp(prefix: string, net: Mlp64): Named {
  const out: Named = {};
  net.forEach((layer, l) => {
    out[`${prefix}/W${l}`] = layer.W.flat();
    out[`${prefix}/b${l}`] = layer.b;
    if (layer.norm) {
      out[`${prefix}/scale${l}`] = layer.norm.scale;
      out[`${prefix}/offset${l}`] = layer.norm.offset;
    }
  });
  return out;
}

/** An Adam state's moments and step by name. */
export const namedAdam = (prefix: string, s: AdamState64): Named => ({ [`${prefix}/m`]: s.m, [`${prefix}/v`]: s.v, [`${prefix}/t`]: [s.t] });
