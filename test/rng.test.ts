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

  it('gives unrelated streams for neighbouring small seeds from the first draw', () => {
    // Seeded as pure-rand's xoroshiro128plus(seed) does, seeds 0…5 all began with next() ≈ 0.9999 and
    // later draws were nearly linear in the seed; each state word is now the seed through a mixer.
    const n = 2000;
    const first = Array.from({ length: n }, (_, seed) => new Rng(seed).next());
    const second = Array.from({ length: n }, (_, seed) => {
      const rng = new Rng(seed);
      rng.next();
      return rng.next();
    });
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    const correlation = (x: number[], y: number[]) => {
      const mx = mean(x);
      const my = mean(y);
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < x.length; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) ** 2;
        syy += (y[i] - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    // Uniform on [0, 1): mean 0.5 ± 0.0065 (1σ), deciles each ~10 %.
    expect(Math.abs(mean(first) - 0.5)).toBeLessThan(0.03);
    for (let d = 0; d < 10; d++) {
      const share = first.filter((u) => Math.floor(u * 10) === d).length / n;
      expect(Math.abs(share - 0.1)).toBeLessThan(0.03);
    }
    // Neither consecutive seeds nor consecutive draws of one seed are correlated (1σ ≈ 0.022).
    expect(Math.abs(correlation(first.slice(1), first.slice(0, -1)))).toBeLessThan(0.1);
    expect(Math.abs(correlation(first, second))).toBeLessThan(0.1);
    expect(Math.abs(correlation(first, first.map((_, seed) => seed)))).toBeLessThan(0.1);
  });

  it('keeps named streams and splits independent of the seed mixer (a function of seed and name only)', () => {
    const a = Rng.named(5, 'init/critics');
    const b = Rng.named(5, 'init/critics');
    const c = Rng.named(5, 'sampler');
    expect(a.next()).toBe(b.next());
    expect(c.next()).not.toBe(Rng.named(5, 'init/critics').next());
  });

  it('rejects a non-finite seed and bad int bounds', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
    expect(() => new Rng(1).int(0)).toThrow(/positive integer/);
  });
});
