import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng';

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xa = Array.from({ length: 5 }, () => a.next());
    const xb = Array.from({ length: 5 }, () => b.next());
    const xc = Array.from({ length: 5 }, () => c.next());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('draws integers in range with roughly uniform frequency', () => {
    const rng = new Rng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const rng = new Rng(2);
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it('splits into independent child streams deterministically', () => {
    const a = new Rng(3).split();
    const b = new Rng(3).split();
    expect(a.next()).toBe(b.next());
    expect(new Rng(3).seed()).toBeGreaterThanOrEqual(1);
  });

  it('rejects a non-finite seed and bad int bounds', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
    expect(() => new Rng(1).int(0)).toThrow(/positive integer/);
  });
});
