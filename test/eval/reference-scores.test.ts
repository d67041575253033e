import { describe, expect, it } from 'vitest';
import { D4RL_REFERENCE_SCORES, normalizedScore } from '../../src/eval';

describe('D4RL_REFERENCE_SCORES', () => {
  it('holds the D4RL constants by dataset family', () => {
    expect(D4RL_REFERENCE_SCORES.hopper).toEqual({ min: -20.272305, max: 3234.3 });
    expect(D4RL_REFERENCE_SCORES.halfcheetah).toEqual({ min: -280.178953, max: 12135.0 });
    expect(D4RL_REFERENCE_SCORES.walker2d).toEqual({ min: 1.629008, max: 4592.3 });
    expect(D4RL_REFERENCE_SCORES['maze2d-umaze-v1']).toEqual({ min: 23.85, max: 161.86 });
    expect(D4RL_REFERENCE_SCORES['maze2d-medium-v1']).toEqual({ min: 13.13, max: 277.39 });
    expect(D4RL_REFERENCE_SCORES['maze2d-large-v1']).toEqual({ min: 6.7, max: 273.99 });
    expect(D4RL_REFERENCE_SCORES.antmaze).toEqual({ min: 0, max: 1 });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(D4RL_REFERENCE_SCORES)).toBe(true);
    expect(Object.isFrozen(D4RL_REFERENCE_SCORES.hopper)).toBe(true);
  });
});

describe('normalizedScore', () => {
  it('maps min to 0, max to 100 and is linear in between and beyond', () => {
    const ref = { min: 0.5, max: 10 };
    expect(normalizedScore(0.5, ref)).toBe(0);
    expect(normalizedScore(10, ref)).toBe(100);
    expect(normalizedScore(5.25, ref)).toBeCloseTo(50, 12);
    expect(normalizedScore(-9, ref)).toBeCloseTo(-100, 12);
    expect(normalizedScore(19.5, ref)).toBeCloseTo(200, 12);
  });

  it('matches hand-computed D4RL scores', () => {
    // 100 · (1600 + 20.272305) / (3234.3 + 20.272305)
    expect(normalizedScore(1600, D4RL_REFERENCE_SCORES.hopper)).toBeCloseTo(49.784492, 5);
    // 100 · (4800 + 280.178953) / (12135 + 280.178953)
    expect(normalizedScore(4800, D4RL_REFERENCE_SCORES.halfcheetah)).toBeCloseTo(40.919096, 5);
    expect(normalizedScore(0.7, D4RL_REFERENCE_SCORES.antmaze)).toBeCloseTo(70, 12);
    // 100 · (120 − 23.85) / (161.86 − 23.85)
    expect(normalizedScore(120, D4RL_REFERENCE_SCORES['maze2d-umaze-v1'])).toBeCloseTo(69.668865, 5);
  });

  it('rejects max == min and non-finite inputs', () => {
    expect(() => normalizedScore(1, { min: 2, max: 2 })).toThrow(RangeError);
    expect(() => normalizedScore(1, { min: 2, max: 2 })).toThrow(/max must differ from ref.min/);
    expect(() => normalizedScore(Number.NaN, { min: 0, max: 1 })).toThrow(/score/);
    expect(() => normalizedScore(1, { min: 0, max: Number.POSITIVE_INFINITY })).toThrow(/ref.max/);
  });
});
