import type { DatasetInput } from '../../src/data';
import { Rng } from '../../src/rng';

/**
 * A one-step continuous problem: observation `[x, y]`, action in [−1, 1]², reward `a₀` (so the best
 * action pushes the first dimension to +1). Behaviour actions are a 50/50 mixture around −0.5 and
 * +0.5 in the first dimension, so BC's mean is near 0 while IQL should move to the positive mode.
 */
export function continuousDataset(size: number, seed: number): DatasetInput {
  const rng = new Rng(seed);
  const observations: number[][] = [];
  const actions: number[][] = [];
  const rewards: number[] = [];
  const terminals: number[] = [];
  for (let i = 0; i < size; i++) {
    const mode = i % 2 === 0 ? 0.5 : -0.5;
    const a0 = Math.max(-1, Math.min(1, mode + 0.1 * rng.normal()));
    const a1 = Math.max(-1, Math.min(1, 0.3 * rng.normal()));
    observations.push([rng.normal(), rng.normal()]);
    actions.push([a0, a1]);
    rewards.push(a0);
    terminals.push(1);
  }
  return { observations, actions, rewards, terminals };
}
