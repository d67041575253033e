import { Rng } from '../../../src/rng';
import type { LocomotionEnv } from '../../../src/mujoco';

/** What the page and the Node side compute for one task. */
export interface RolloutSummary {
  name: string;
  /** Observation after the last step. */
  last: number[];
  /** Sum of rewards. */
  total: number;
  /** Steps taken (episodes restart on termination). */
  steps: number;
  /** Env steps per second. */
  rate: number;
}

/** Steps the MuJoCo tasks rolled out by both the browser page and the Node test. */
export const BROWSER_STEPS = 2000;

/**
 * Rolls `env` out for `steps` steps from `reset(0)` with uniform actions from `new Rng(7)`
 * (restarting with `reset()` when an episode ends) and summarizes it.
 */
export function rollout(env: LocomotionEnv, steps: number): RolloutSummary {
  const rng = Rng.named(7, 'browser-rollout');
  const width = env.actionSpace.low.length;
  let last = env.reset(0);
  let total = 0;
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const r = env.step(Array.from({ length: width }, () => 2 * rng.next() - 1));
    total += r.reward;
    last = r.observation;
    if (r.terminated || r.truncated) last = env.reset();
  }
  return { name: env.name, last, total, steps, rate: steps / ((performance.now() - t0) / 1000) };
}
