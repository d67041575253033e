/** Comparison of a float32 result with a float64 reference, entry by entry. */
import { expect } from 'vitest';
import type { AdamState64 } from './adam64';
import type { Mlp64 } from './mlp64';

export interface Tolerance {
  atol: number;
  rtol: number;
}

/**
 * float32 result vs float64 reference, `|a − e| ≤ atol + rtol·|e|` per entry: the tolerance of every
 * one-update reference test (each states what it observed against it).
 */
export const FLOAT32_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };
/** A reference computed with a deliberate mistake must be more than this many tolerances from the library's result. */
export const FAR = 20;
/** Hand-written float64 gradients vs central finite differences. */
export const GRADIENT_TOLERANCE: Tolerance = { atol: 1e-7, rtol: 1e-6 };

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

/** Asserts that `actual` is within `tol` of `expected`, entry by entry (the message names the worst entry). */
export function expectWithin(actual: Named, expected: Named, tol: Tolerance): void {
  const m = mismatch(actual, expected, tol);
  expect(m.score, m.worst).toBeLessThanOrEqual(1);
}

/** Asserts that `actual` is more than `far` tolerances from `wrong` (a reference computed with a mistake). */
export function expectFarFrom(actual: Named, wrong: Named, tol: Tolerance, far: number): void {
  const m = mismatch(actual, wrong, tol);
  expect(m.score, m.worst).toBeGreaterThan(far);
}

/**
 * Every parameter of a set of networks by name: a network as `actor/W0`, `actor/b0`, …, an ensemble's
 * members as `critics[0]/W0`, …, a flat array (a log-std) under its key.
 */
export function namedNets<T extends { [K in keyof T]: Mlp64 | Mlp64[] | number[] }>(nets: T): Named {
  const out: Named = {};
  for (const [key, value] of Object.entries(nets) as Array<[string, Mlp64 | Mlp64[] | number[]]>) {
    if (typeof value[0] === 'number') out[key] = value as number[];
    else if (Array.isArray(value[0])) (value as Mlp64[]).forEach((net, k) => Object.assign(out, namedMlp(`${key}[${k}]`, net)));
    else Object.assign(out, namedMlp(key, value as Mlp64));
  }
  return out;
}

/** Every Adam state's moments and step by name: `adam/actor/m`, … */
export function namedAdams<T extends { [K in keyof T]: AdamState64 }>(adam: T): Named {
  return Object.assign({}, ...Object.entries(adam).map(([key, state]) => namedAdam(`adam/${key}`, state as AdamState64)));
}

/**
 * An update's outcome by name: its networks, Adam states and the losses `lossKeys` (`critic/loss`, …;
 * an absent loss as no value, so that the library and the reference must agree on whether it was
 * computed).
 */
export function namedOutcome<N extends { [K in keyof N]: Mlp64 | Mlp64[] | number[] }, A extends { [K in keyof A]: AdamState64 }, L extends string>(
  r: { nets: N; adam: A; losses: { [K in L]?: number } },
  lossKeys: readonly L[],
): Named {
  const named: Named = { ...namedNets(r.nets), ...namedAdams(r.adam) };
  for (const key of lossKeys) {
    const loss = r.losses[key];
    named[`${key}/loss`] = loss === undefined ? [] : [loss];
  }
  return named;
}
