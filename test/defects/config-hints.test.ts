/**
 * Defect 7: the "other codebases call it" hints of unknown config keys are shared by every trainer,
 * so `trainTD3BC(ds, { alpha: 2.5 })` (the TD3+BC paper's α) is told to use IQL's `bcAlpha`, which
 * trainTD3BC does not even have, and TD3's own names (`policy_noise`, `noise_clip`, `policy_freq`)
 * get no hint at all.
 *
 * Intended: each trainer's hints point to its own fields. trainTD3BC: `alpha` → `qWeight` (never
 * `bcAlpha`), `policy_noise` → `policyNoise`, `noise_clip` → `noiseClip`, `policy_freq` →
 * `policyDelay`. trainIQL: `alpha` → `bcAlpha` (the weight of its DDPG+BC extraction).
 *
 * The error may also list every known key; a hint is the part of the message before that list
 * (`hintPart`), so a name that is merely listed does not count as suggested.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, trainIQL, trainTD3BC } from '../../src';
import { continuousDataset } from '../algos/fixtures';
import { rejection, selectBackend, TINY } from './helpers';

/** The message without a trailing list of known keys ("…; known keys: a, b, c"). */
function hintPart(message: string): string {
  return message.split(/known keys|valid keys|expected one of/i)[0];
}

describe('defect 7: config-key hints per trainer', () => {
  const dataset = createDataset(continuousDataset(64, 1));
  beforeAll(async () => selectBackend('cpu'));

  it("trainTD3BC(ds, { alpha: 2.5 }) suggests 'qWeight' and never 'bcAlpha'", async () => {
    const err = await rejection(trainTD3BC(dataset, { ...TINY, alpha: 2.5 } as never));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(/'alpha'|\balpha\b/);
    expect(hintPart(err.message)).toMatch(/qWeight/);
    expect(err.message).not.toMatch(/bcAlpha/);
  });

  for (const [theirs, ours] of [
    ['policy_noise', 'policyNoise'],
    ['noise_clip', 'noiseClip'],
    ['policy_freq', 'policyDelay'],
  ] as const) {
    it(`trainTD3BC(ds, { ${theirs} }) suggests '${ours}'`, async () => {
      const err = await rejection(trainTD3BC(dataset, { ...TINY, [theirs]: 1 } as never));
      expect(err).toBeInstanceOf(RangeError);
      expect(err.message).toMatch(new RegExp(theirs));
      expect(hintPart(err.message)).toMatch(new RegExp(ours));
    });
  }

  it("trainIQL(ds, { alpha: 1 }) suggests 'bcAlpha'", async () => {
    const err = await rejection(trainIQL(dataset, { ...TINY, alpha: 1 } as never));
    expect(err).toBeInstanceOf(RangeError);
    expect(hintPart(err.message)).toMatch(/bcAlpha/);
  });
});
