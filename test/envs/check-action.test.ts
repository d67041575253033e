import { describe, expect, it } from 'vitest';
import { checkAction, checkBoxAction, checkDiscreteAction } from '../../src/envs';

describe('action checks', () => {
  it('accepts discrete integers and one-element arrays', () => {
    expect(checkDiscreteAction(0, 3, 'e')).toBe(0);
    expect(checkDiscreteAction([2], 3, 'e')).toBe(2);
    expect(checkAction(1, { type: 'discrete', n: 2 }, 'e')).toBe(1);
  });

  it('rejects discrete actions outside {0, …, n − 1}', () => {
    expect(() => checkDiscreteAction(3, 3, 'e.step')).toThrow(/e\.step: action 3 is outside/);
    expect(() => checkDiscreteAction(Number.NaN, 3, 'e')).toThrow(RangeError);
    expect(() => checkDiscreteAction([], 3, 'e')).toThrow(RangeError);
    expect(() => checkDiscreteAction('1' as unknown as number, 3, 'e')).toThrow(TypeError);
  });

  it('accepts box actions inside the bounds and returns a copy', () => {
    const space = { type: 'box', low: [-1, 0], high: [1, 2] } as const;
    const action = [0.5, 2];
    const out = checkBoxAction(action, { ...space, low: [...space.low], high: [...space.high] }, 'e');
    expect(out).toEqual(action);
    expect(out).not.toBe(action);
    expect(checkAction(0.3, { type: 'box', low: [0], high: [1] }, 'e')).toEqual([0.3]);
  });

  it('rejects box actions of the wrong width or outside the bounds', () => {
    const space = { type: 'box' as const, low: [-1, 0], high: [1, 2] };
    expect(() => checkBoxAction([0], space, 'e')).toThrow(/1 entries, expected 2/);
    expect(() => checkBoxAction([0, 3], space, 'e')).toThrow(/index 1/);
    expect(() => checkBoxAction([Number.NaN, 1], space, 'e')).toThrow(RangeError);
  });
});
