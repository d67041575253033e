/**
 * Browser page: loads @mujoco/mujoco itself (as the guide tells browser users to), passes the module
 * to the offline-rl/mujoco factories, rolls each task out and reports through `window`.
 */
import loadMujoco from '@mujoco/mujoco';
import { halfCheetah, hopper, walker2d } from '../../../src/mujoco';
import { BROWSER_STEPS, rollout, type RolloutSummary } from './rollout';

declare global {
  interface Window {
    __mujocoResult?: RolloutSummary[];
    __mujocoError?: string;
  }
}

async function main(): Promise<void> {
  const mujoco = await loadMujoco({ locateFile: (path: string) => `/${path}` });
  const out: RolloutSummary[] = [];
  for (const make of [hopper, halfCheetah, walker2d]) {
    const env = await make({ mujoco });
    try {
      out.push(rollout(env, BROWSER_STEPS));
    } finally {
      env.close();
    }
  }
  window.__mujocoResult = out;
}

main().catch((error: unknown) => {
  window.__mujocoError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
