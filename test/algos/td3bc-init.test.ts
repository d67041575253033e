/**
 * TD3+BC's initialisation option: the default is the authors' (PyTorch's `nn.Linear` default,
 * weights and biases `U(±1/√fan_in)`), `init: 'orthogonal'` gives orthogonal(√2) kernels and zero
 * biases; the choice is recorded in the agent's config and architecture records, survives save and
 * load, and a bad value is rejected by name (in a config and in a file).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actor, type Network } from '../../src/agent/networks';
import { agentFromJSON } from '../../src/agent/load-agent';
import { createTrainer, disposeAll } from '../../src/algorithms';
import { TD3BC_DEFAULTS } from '../../src/algorithms/td3bc/config';
import { trainTD3BC } from '../../src/algorithms/td3bc';
import type { Dataset } from '../../src/data';
import { CriticEnsemble, MLP } from '../../src/nets';
import { setTestBackend } from '../helpers/backend';
import { episodicContinuousDataset } from '../algorithms/fixtures';

const TINY = { hiddenDims: [16, 16], batchSize: 16, steps: 4, logInterval: 4, seed: 3 };

/** The MLPs of a network, for looking at their layers. */
function mlps(net: Network): MLP[] {
  if (net instanceof Actor) return [net.mlp];
  if (net instanceof CriticEnsemble) return net.members;
  return [net];
}

/** Per layer: kernel `[fanIn, fanOut]` values and bias values. */
function layers(mlp: MLP): Array<{ fanIn: number; fanOut: number; kernel: Float32Array; bias: Float32Array }> {
  const vars = mlp.variables;
  const out = [];
  for (let i = 0; i < vars.length; i += 2) {
    out.push({ fanIn: vars[i].shape[0], fanOut: vars[i].shape[1] ?? 1, kernel: vars[i].dataSync() as Float32Array, bias: vars[i + 1].dataSync() as Float32Array });
  }
  return out;
}

let dataset: Dataset;
let tensors: number;

beforeAll(async () => {
  await setTestBackend('cpu');
  dataset = episodicContinuousDataset(64, 2);
  tensors = tf.memory().numTensors;
});

afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensors);
});

describe('TD3+BC initialisation', () => {
  it("defaults to 'pytorch' (the authors' code), defined once in TD3BC_DEFAULTS", () => {
    expect(TD3BC_DEFAULTS.init).toBe('pytorch');
  });

  it("'pytorch': every layer of the actor and both critics is U(±1/√fan_in), biases included, and the agent records it", () => {
    const agent = createTrainer('td3bc', dataset, TINY).finish();
    expect(agent.spec.config.init).toBe('pytorch');
    for (const role of ['actor', 'targetActor', 'critics', 'targetCritics']) {
      expect(agent.spec.networks[role].architecture.init, role).toBe('pytorch');
    }
    // Every kernel and bias entry scaled by √fan_in, pooled over the actor and both critics: in
    // [−1, 1], spread as U(−1, 1) (std 1/√3; orthogonal(√2) kernels would give well above 1 here), and
    // biases not zero.
    const scaled: number[] = [];
    const biases: number[] = [];
    for (const role of ['actor', 'critics']) {
      for (const mlp of mlps(agent.networks[role])) {
        for (const { fanIn, kernel, bias } of layers(mlp)) {
          for (const x of [...kernel, ...bias]) scaled.push(x * Math.sqrt(fanIn));
          biases.push(...bias);
        }
      }
    }
    expect(scaled.length).toBeGreaterThan(1000);
    expect(Math.max(...scaled.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
    const std = Math.sqrt(scaled.reduce((s, x) => s + x * x, 0) / scaled.length);
    expect(Math.abs(std * Math.sqrt(3) - 1)).toBeLessThan(0.06);
    expect(biases.filter((b) => b !== 0).length).toBe(biases.length);
    // Targets start as copies of their sources.
    const flat = (net: Network) => net.variables.flatMap((v) => Array.from(v.dataSync()));
    expect(flat(agent.networks.targetActor)).toEqual(flat(agent.networks.actor));
    expect(flat(agent.networks.targetCritics)).toEqual(flat(agent.networks.critics));
    agent.dispose();
  });

  it("'orthogonal': kernels with orthogonal rows or columns of norm √2, zero biases, and the agent records it", () => {
    const agent = createTrainer('td3bc', dataset, { ...TINY, init: 'orthogonal' }).finish();
    expect(agent.spec.config.init).toBe('orthogonal');
    expect(agent.spec.networks.critics.architecture.init).toBe('orthogonal');
    for (const role of ['actor', 'critics']) {
      for (const mlp of mlps(agent.networks[role])) {
        for (const { fanIn, fanOut, kernel, bias } of layers(mlp)) {
          expect(Array.from(bias).every((b) => b === 0)).toBe(true);
          // Gram matrix of the shorter side is 2·I.
          const tall = fanIn >= fanOut;
          const n = Math.min(fanIn, fanOut);
          const m = Math.max(fanIn, fanOut);
          for (let p = 0; p < n; p++) {
            for (let q = 0; q <= p; q++) {
              let dot = 0;
              for (let k = 0; k < m; k++) dot += tall ? kernel[k * fanOut + p] * kernel[k * fanOut + q] : kernel[p * fanOut + k] * kernel[q * fanOut + k];
              expect(dot).toBeCloseTo(p === q ? 2 : 0, 4);
            }
          }
        }
      }
    }
    agent.dispose();
  });

  it('gives different initial networks for the two choices under the same seed, and the same for the same choice', () => {
    const first = (init: 'pytorch' | 'orthogonal') => {
      const agent = createTrainer('td3bc', dataset, { ...TINY, init }).finish();
      const w = Array.from(agent.networks.critics.variables[0].dataSync());
      agent.dispose();
      return w;
    };
    expect(first('pytorch')).toEqual(first('pytorch'));
    expect(first('pytorch')).not.toEqual(first('orthogonal'));
  });

  it('trains, saves and loads with its init recorded and identical outputs', async () => {
    const agent = await trainTD3BC(dataset, TINY);
    const doc = JSON.parse(JSON.stringify(agent.toJSON()));
    expect(doc.spec.config.init).toBe('pytorch');
    expect(doc.spec.networks.actor.architecture.init).toBe('pytorch');
    const loaded = agentFromJSON(doc);
    const obs = [[0.1, -0.3], [1, 2]];
    expect(loaded.spec.networks.critics.architecture.init).toBe('pytorch');
    expect(loaded.act(obs)).toEqual(agent.act(obs));
    expect(loaded.q(obs, [[0.2, 0.1], [-0.4, 0.9]])).toEqual(agent.q(obs, [[0.2, 0.1], [-0.4, 0.9]]));
    agent.dispose();
    loaded.dispose();
  });

  it('runs updates with either init without leaking tensors', () => {
    for (const init of ['pytorch', 'orthogonal'] as const) {
      const trainer = createTrainer('td3bc', dataset, { ...TINY, init });
      disposeAll(trainer.update());
      const before = tf.memory().numTensors;
      for (let i = 0; i < 6; i++) disposeAll(trainer.update(i % 3 === 0));
      expect(tf.memory().numTensors).toBe(before);
      trainer.dispose();
    }
  });

  it('rejects an unknown init in a config, naming the field and the trainer', async () => {
    await expect(trainTD3BC(dataset, { ...TINY, init: 'xavier' as never })).rejects.toThrow(/trainTD3BC: init must be 'orthogonal' or 'pytorch', got "xavier"/);
  });

  it('rejects an unknown init in an agent file, naming the network, and leaks nothing', async () => {
    const agent = await trainTD3BC(dataset, TINY);
    const doc = JSON.parse(JSON.stringify(agent.toJSON()));
    agent.dispose();
    const before = tf.memory().numTensors;
    doc.spec.networks.critics.architecture.init = 'xavier';
    doc.spec.networks.targetCritics.architecture.init = 'xavier';
    expect(() => agentFromJSON(doc)).toThrow(/network 'critics': architecture init must be 'orthogonal' or 'pytorch', got "xavier"/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
