import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent';
import type { TrainingProgress } from '../../src/algorithms/config';
import { trainBC } from '../../src/algorithms/bc';
import { trainIQL } from '../../src/algorithms/iql';
import { trainTD3BC } from '../../src/algorithms/td3bc';
import { createDataset } from '../../src/data';
import { trainMany } from '../../src/node';
import { continuousDataset } from '../algos/fixtures';
import { setTestBackend } from '../helpers/backend';
import { threadCount } from './threads';

/** Tiny networks on the cpu backend: the reference backend, where equal means equal to the last bit. */
const TINY = { hiddenDims: [8, 8], batchSize: 32, logInterval: 10 };
const PROBE = [[0.3, -1.2], [0, 0], [-2, 0.7]];
const PROBE_ACTIONS = [[0.5, 0], [-0.5, 0.2], [1, -1]];

/** Everything an agent computes and stores, for exact comparison. */
function fingerprint(agent: Agent) {
  return {
    json: JSON.stringify(agent.toJSON()),
    act: agent.act(PROBE),
    sampled: agent.act(PROBE, { deterministic: false, seed: 7 }),
    value: agent.networks.value ? agent.value(PROBE) : null,
    q: agent.networks.critics ? agent.q(PROBE, PROBE_ACTIONS) : null,
  };
}

describe('trainMany', () => {
  const dataset = createDataset(continuousDataset(256, 3));
  beforeAll(async () => setTestBackend('cpu'));

  it('returns the agents in the order of configs, each identical to the same trainIQL call in this thread, and forwards progress', async () => {
    const threadsBefore = threadCount();
    // Run 0 is by far the longest, so run 1 finishes first and its worker takes run 2 before run 0 is done.
    const configs = [
      { ...TINY, seed: 0, steps: 200 },
      { ...TINY, seed: 1, steps: 10 },
      { ...TINY, seed: 2, steps: 30, expectile: 0.9 },
    ];
    const forwarded: Array<[number, TrainingProgress]> = [];
    const ownProgress: number[] = [];
    const finished: number[] = [];
    let threadsDuring = 0;
    const agents = await trainMany('iql', dataset, [configs[0], configs[1], { ...configs[2], onProgress: (p) => ownProgress.push(p.step) }], {
      workers: 2,
      onProgress: (run, progress) => {
        forwarded.push([run, progress]);
        threadsDuring = Math.max(threadsDuring, threadCount());
        if (progress.step === progress.steps) finished.push(run);
      },
    });
    if (threadsBefore > 0) {
      expect(threadsDuring).toBeGreaterThanOrEqual(threadsBefore + 2); // two worker threads while training
      expect(threadCount()).toBeLessThanOrEqual(threadsBefore); // and none after
    }

    expect(agents).toHaveLength(3);
    expect(agents.map((a) => [a.spec.config.seed, a.spec.config.steps])).toEqual([[0, 200], [1, 10], [2, 30]]);
    expect(finished[0]).toBe(1);
    for (const [i, config] of configs.entries()) {
      const reference = await trainIQL(dataset, config);
      expect(fingerprint(agents[i])).toEqual(fingerprint(reference));
      reference.dispose();
    }

    const stepsOf = (run: number) => forwarded.filter(([r]) => r === run).map(([, p]) => p.step);
    expect(stepsOf(0)).toEqual(Array.from({ length: 20 }, (_, i) => 10 * (i + 1)));
    expect(stepsOf(1)).toEqual([10]);
    expect(stepsOf(2)).toEqual([10, 20, 30]);
    expect(ownProgress).toEqual([10, 20, 30]);
    for (const [run, p] of forwarded) {
      expect(p.steps).toBe(configs[run].steps);
      expect(Number.isFinite(p.metrics['critic/loss'])).toBe(true);
      expect(p.etaMs).toBeGreaterThanOrEqual(0);
    }
    agents.forEach((a) => a.dispose());
  });

  it('runs BC and TD3+BC the way trainBC and trainTD3BC do', async () => {
    const [bc] = await trainMany('bc', dataset, [{ ...TINY, steps: 20, seed: 4, topFraction: 0.5 }], { backend: 'cpu' });
    const bcReference = await trainBC(dataset, { ...TINY, steps: 20, seed: 4, topFraction: 0.5 });
    expect(fingerprint(bc)).toEqual(fingerprint(bcReference));

    const [td3bc] = await trainMany('td3bc', dataset, [{ ...TINY, steps: 20, seed: 5 }], { workers: 1 });
    const td3bcReference = await trainTD3BC(dataset, { ...TINY, steps: 20, seed: 5 });
    expect(fingerprint(td3bc)).toEqual(fingerprint(td3bcReference));
    [bc, bcReference, td3bc, td3bcReference].forEach((a) => a.dispose());
  });
});
