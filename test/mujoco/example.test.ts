import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT_MS = 180_000;

describe('examples/mujoco-locomotion.ts (npx tsx, importing offline-rl/mujoco by name)', () => {
  it(
    'runs an episode by hand and prints a score row per task and policy',
    async () => {
      const { stdout } = await run('npx', ['tsx', 'examples/mujoco-locomotion.ts', '--episodes', '2'], { cwd: ROOT, timeout: TIMEOUT_MS });
      expect(stdout).toMatch(/hopper, constant action: \d+ steps, return -?\d+\.\d+, terminated at height/);
      for (const task of ['hopper', 'halfcheetah', 'walker2d']) {
        for (const policy of ['uniform', 'zero']) {
          const row = stdout.match(new RegExp(`^${task}\\s+${policy}\\s+(-?\\d+\\.\\d+)\\s+(\\d+\\.\\d)\\s+(-?\\d+\\.\\d+)$`, 'm'));
          expect(row, `${task} ${policy}\n${stdout}`).not.toBeNull();
          // Random or idle policies are near D4RL's random reference: normalized scores within ±10.
          expect(Math.abs(Number(row![3]))).toBeLessThan(10);
          if (task === 'halfcheetah') expect(row![2]).toBe('1000.0'); // never terminates
        }
      }
    },
    TIMEOUT_MS,
  );
});
