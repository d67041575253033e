/**
 * Network initialisations: `'pytorch'` draws what PyTorch's `nn.Linear` default draws (checked
 * against statistics the real client measured, test/fixtures/torch-init/), `'orthogonal'` — the
 * default of every network that does not say — is the exact same draw as before the option existed,
 * and a bad choice is rejected by name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CriticEnsemble } from '../../src/nets/critic-ensemble';
import { DEFAULT_NETWORK_INIT, initialDenseLayer, type NetworkInit } from '../../src/nets/init';
import { MLP, RELU_ORTHOGONAL_GAIN } from '../../src/nets/mlp';
import { orthogonalMatrix } from '../../src/nets/orthogonal';
import { Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';

interface Stats {
  min: number;
  max: number;
  mean: number;
  std: number;
  count: number;
}
interface TorchLayer {
  fanIn: number;
  fanOut: number;
  kernel: Stats;
  bias: Stats;
}
const TORCH: { layers: TorchLayer[] } = JSON.parse(readFileSync(join(__dirname, '../fixtures/torch-init/linear-default-init.json'), 'utf8'));

function stats(xs: Float32Array): Stats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of xs) {
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
  }
  const mean = sum / xs.length;
  let sq = 0;
  for (const x of xs) sq += (x - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(sq / xs.length), count: xs.length };
}

describe("initialDenseLayer('pytorch') against torch.nn.Linear's default init", () => {
  it.each(TORCH.layers.map((l) => [l.fanIn, l.fanOut, l] as const))('fan_in %i → %i: same range, mean and spread for kernel and bias', (fanIn, fanOut, torch) => {
    const { kernel, bias } = initialDenseLayer('pytorch', fanIn, fanOut, RELU_ORTHOGONAL_GAIN, new Rng(11));
    expect(kernel.length).toBe(torch.kernel.count);
    expect(bias.length).toBe(torch.bias.count);
    for (const [ours, theirs] of [
      [stats(kernel), torch.kernel],
      [stats(bias), torch.bias],
    ] as const) {
      // Both are U(−b, b) with b = 1/√fan_in: the extremes sit within 1% of b, the spreads (b/√3)
      // agree to their sampling error (≤ 1.6% relative at 2,000 draws; 5% allowed), the means are ~0.
      const bound = Math.max(-theirs.min, theirs.max);
      expect(ours.max).toBeLessThan(bound * 1.01);
      expect(ours.min).toBeGreaterThan(-bound * 1.01);
      expect(ours.max).toBeGreaterThan(bound * 0.99);
      expect(ours.min).toBeLessThan(-bound * 0.99);
      expect(Math.abs(ours.std / theirs.std - 1)).toBeLessThan(ours.count >= 50_000 ? 0.01 : 0.05);
      expect(Math.abs(ours.mean - theirs.mean)).toBeLessThan((6 * theirs.std) / Math.sqrt(ours.count));
    }
    // And not the orthogonal init, whose biases are zero.
    expect(stats(bias).std).toBeGreaterThan(0);
  });

  it('is seeded: the same stream gives the same layer, another stream another', () => {
    const a = initialDenseLayer('pytorch', 5, 7, 1, new Rng(3));
    expect(initialDenseLayer('pytorch', 5, 7, 1, new Rng(3))).toEqual(a);
    expect(initialDenseLayer('pytorch', 5, 7, 1, new Rng(4)).kernel).not.toEqual(a.kernel);
  });

  it('rejects an unknown init and bad widths by name', () => {
    expect(() => initialDenseLayer('xavier' as NetworkInit, 3, 3, 1, new Rng(0))).toThrow(/unknown init "xavier".*'orthogonal' or 'pytorch'/);
    expect(() => initialDenseLayer('pytorch', 0, 3, 1, new Rng(0))).toThrow(RangeError);
  });
});

describe('networks without an init draw exactly what they drew before the option existed', () => {
  beforeAll(async () => setTestBackend('cpu'));

  it("defaults to 'orthogonal': the kernels are orthogonalMatrix draws in layer order, the biases zero", () => {
    expect(DEFAULT_NETWORK_INIT).toBe('orthogonal');
    const widths = [3, 8, 8, 2];
    const mlp = new MLP({ inputDim: 3, hiddenDims: [8, 8], outputDim: 2, rng: new Rng(5), name: 'net' });
    const explicit = new MLP({ inputDim: 3, hiddenDims: [8, 8], outputDim: 2, rng: new Rng(5), name: 'net', init: 'orthogonal' });
    const rng = new Rng(5);
    mlp.variables.forEach((v, i) => {
      const layer = Math.floor(i / 2);
      const expected = i % 2 === 0 ? orthogonalMatrix(widths[layer], widths[layer + 1], RELU_ORTHOGONAL_GAIN, rng) : new Float32Array(widths[layer + 1]);
      expect(v.dataSync()).toEqual(expected);
      expect(explicit.variables[i].dataSync()).toEqual(expected);
    });
    mlp.dispose();
    explicit.dispose();
  });

  it("passes 'pytorch' to every member of a critic ensemble", () => {
    const critics = new CriticEnsemble({ observationDim: 3, actionSpace: { type: 'box', low: [-1], high: [1] }, hiddenDims: [6], rng: new Rng(2), init: 'pytorch' });
    for (const member of critics.members) {
      const [k0, b0, k1, b1] = member.variables.map((v) => v.dataSync() as Float32Array);
      for (const [values, fanIn] of [[k0, 4], [b0, 4], [k1, 6], [b1, 6]] as const) {
        expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(fanIn));
      }
      expect(b0.some((x) => x !== 0)).toBe(true);
    }
    expect(critics.members[0].variables[0].dataSync()).not.toEqual(critics.members[1].variables[0].dataSync());
    critics.dispose();
  });
});
