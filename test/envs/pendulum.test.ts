import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PENDULUM_PHYSICS,
  PENDULUM_REFERENCE_SCORES,
  angleNormalize,
  measurePendulumReferences,
  pendulum,
  pendulumController,
  pendulumLqrGains,
  pendulumObservation,
  pendulumReward,
  pendulumStep,
} from '../../src/envs';
import type { PendulumPhysics } from '../../src/envs';

const FIXTURE = new URL('../fixtures/pendulum/gymnasium-pendulum-v1.json', import.meta.url);

interface Trajectory {
  start: [number, number];
  actions: number[];
  states: Array<[number, number]>;
  rewards: number[];
}

/** Energy of the free pendulum per unit (m l² / 3): ½ θ̇² + a cos θ, a = 3g / 2l (θ = 0 upright). */
function energy([th, w]: readonly number[], physics: PendulumPhysics = PENDULUM_PHYSICS): number {
  return 0.5 * w * w + ((3 * physics.g) / (2 * physics.l)) * Math.cos(th);
}

describe('pendulum dynamics', () => {
  it('matches steps computed by hand', () => {
    // From horizontal at rest with full torque: θ̇' = (15 sin(π/2) + 3·2)·0.05 = 1.05, θ' = π/2 + 1.05·0.05.
    let r = pendulumStep([Math.PI / 2, 0], 2);
    expect(r.state[1]).toBeCloseTo(1.05, 14);
    expect(r.state[0]).toBeCloseTo(Math.PI / 2 + 0.0525, 14);
    expect(r.reward).toBeCloseTo(-((Math.PI / 2) ** 2 + 0.001 * 4), 14);

    // The torque is clipped before it acts and before it is charged: 5 → 2.
    r = pendulumStep([0.3, -1], 5);
    expect(r.state[1]).toBeCloseTo(-1 + (15 * Math.sin(0.3) + 6) * 0.05, 14);
    expect(r.state[0]).toBeCloseTo(0.3 + r.state[1] * 0.05, 14); // the NEW speed moves the angle
    expect(r.reward).toBeCloseTo(-(0.09 + 0.1 * 1 + 0.004), 14);
    expect(pendulumStep([0.3, -1], -7).state).toEqual(pendulumStep([0.3, -1], -2).state);

    // The new speed is clipped to ±8 before it moves the angle: 7.9 + (15 sin 1 + 6)·0.05 = 8.83 → 8.
    r = pendulumStep([1, 7.9], 2);
    expect(r.state).toEqual([1 + 8 * 0.05, 8]);
    expect(pendulumStep([-1, -7.9], -2).state).toEqual([-1 - 8 * 0.05, -8]);

    // The reward reads the angle normalized to [−π, π): θ = 2π + 0.5 costs like 0.5; the state is not wrapped.
    r = pendulumStep([2 * Math.PI + 0.5, 0], 0);
    expect(r.reward).toBeCloseTo(-0.25, 12);
    expect(r.state[0]).toBeGreaterThan(2 * Math.PI);
    expect(pendulumReward([4, 8], 2)).toBeCloseTo(-((4 - 2 * Math.PI) ** 2 + 6.4 + 0.004), 12);
    expect(pendulumObservation([Math.PI / 3, -2])).toEqual([Math.cos(Math.PI / 3), Math.sin(Math.PI / 3), -2]);
  });

  it('wraps angles like numpy: ((x + π) % 2π) − π in [−π, π)', () => {
    expect(angleNormalize(0)).toBe(0);
    expect(angleNormalize(Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(angleNormalize(-Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(angleNormalize((3 * Math.PI) / 2)).toBeCloseTo(-Math.PI / 2, 14);
    expect(angleNormalize(-7)).toBeCloseTo(-7 + 2 * Math.PI, 14);
    expect(angleNormalize(100)).toBeCloseTo(100 - 32 * Math.PI, 12);
  });

  it('reproduces numpy transcriptions of Gymnasium Pendulum-v1 over 4 × 200 steps (speed limit and torque clip hit)', () => {
    const { trajectories } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { trajectories: Trajectory[] };
    expect(trajectories).toHaveLength(4);
    let speedLimited = 0;
    for (const t of trajectories) {
      let state: [number, number] = [...t.start];
      t.actions.forEach((u, i) => {
        const r = pendulumStep(state, u);
        expect(r.state[0]).toBeCloseTo(t.states[i][0], 10);
        expect(r.state[1]).toBeCloseTo(t.states[i][1], 10);
        expect(r.reward).toBeCloseTo(t.rewards[i], 10);
        if (Math.abs(r.state[1]) === 8) speedLimited += 1;
        state = r.state;
      });
    }
    expect(speedLimited).toBeGreaterThan(10);
  });

  it('conserves energy without torque or speed limit: bounded O(dt) error, no drift (explicit Euler would gain energy)', () => {
    const free: PendulumPhysics = { ...PENDULUM_PHYSICS, maxSpeed: Infinity };
    const run = (physics: PendulumPhysics, steps: number, explicit = false): number[] => {
      let state: [number, number] = [2.5, 0]; // a large swing through the bottom
      const energies = [energy(state, physics)];
      for (let i = 0; i < steps; i++) {
        if (explicit) {
          const a = ((3 * physics.g) / (2 * physics.l)) * Math.sin(state[0]);
          state = [state[0] + state[1] * physics.dt, state[1] + a * physics.dt];
        } else state = pendulumStep(state, 0, physics).state;
        energies.push(energy(state, physics));
      }
      return energies;
    };
    const e = run(free, 20_000);
    const e0 = e[0];
    const maxError = (xs: number[]) => Math.max(...xs.map((x) => Math.abs(x - e0)));
    expect(maxError(e)).toBeLessThan(0.02 * Math.abs(e0) + 0.5);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean(e.slice(-2000)) - mean(e.slice(0, 2000)))).toBeLessThan(0.05);
    // First order in dt: a step 4× smaller gives an error about 4× smaller.
    const fine = run({ ...free, dt: free.dt / 4 }, 80_000);
    const ratio = maxError(e) / maxError(fine);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5);
    // The test has teeth: the explicit Euler update (old speed moves the angle) drifts far off.
    expect(maxError(run(free, 2000, true))).toBeGreaterThan(10 * maxError(e));
    // With the standard speed limit the same start would be fine too (|θ̇| stays below 8): limits are options.
    expect(pendulum({ physics: { maxSpeed: Infinity } }).physics.maxSpeed).toBe(Infinity);
  });

  it('gains the work of the torque, Σ b·u·θ̇·dt, when torque is applied (small dt)', () => {
    // dE/dt = b u θ̇ for the continuous system (b = 3 / m l²); one step changes E by ≈ b u θ̇ dt.
    const free: PendulumPhysics = { ...PENDULUM_PHYSICS, maxSpeed: Infinity, dt: 0.001 };
    let state: [number, number] = [Math.PI, 0.5];
    const e0 = energy(state, free);
    let work = 0;
    for (let i = 0; i < 2000; i++) {
      const next = pendulumStep(state, 1, free).state;
      work += 3 * 1 * 0.5 * (state[1] + next[1]) * free.dt;
      state = next;
    }
    expect(work).toBeGreaterThan(0.5);
    expect(Math.abs(energy(state, free) - e0 - work)).toBeLessThan(0.01 * work);
  });
});

describe('pendulum env', () => {
  it('declares Gymnasium’s spaces, time limit and reference scores', () => {
    const env = pendulum();
    expect(env.name).toBe('pendulum');
    expect(env.observationDim).toBe(3);
    expect(env.actionSpace).toEqual({ type: 'box', low: [-2], high: [2] });
    expect(env.maxEpisodeSteps).toBe(200);
    expect(env.physics).toEqual({ g: 10, m: 1, l: 1, dt: 0.05, maxSpeed: 8, maxTorque: 2 });
    expect(env.referenceScores).toEqual(PENDULUM_REFERENCE_SCORES);
    expect(pendulum({ physics: { g: 9.81 } }).referenceScores).toBeUndefined();
    expect(pendulum({ maxEpisodeSteps: 100 }).referenceScores).toBeUndefined();
    expect(pendulum({ physics: { maxTorque: 3 } }).actionSpace).toEqual({ type: 'box', low: [-3], high: [3] });
  });

  it('starts uniformly in θ ∈ [−π, π), θ̇ ∈ [−1, 1], reproducibly per seed, unrelated across consecutive seeds', () => {
    const env = pendulum();
    const starts = Array.from({ length: 2000 }, (_, k) => {
      env.reset(k);
      return env.state;
    });
    const th = starts.map((s) => s[0]);
    const w = starts.map((s) => s[1]);
    expect(Math.min(...th)).toBeGreaterThanOrEqual(-Math.PI);
    expect(Math.max(...th)).toBeLessThan(Math.PI);
    expect(Math.min(...th)).toBeLessThan(-3);
    expect(Math.max(...th)).toBeGreaterThan(3);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...w)).toBeLessThanOrEqual(1);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean(th))).toBeLessThan(0.15); // sd of the mean ≈ 1.81 / √2000 = 0.04
    expect(Math.abs(mean(th.map((x) => x * x)) - (Math.PI ** 2) / 3)).toBeLessThan(0.25);
    // consecutive seeds: lag-1 correlation of θ near 0
    const lag = mean(th.slice(1).map((x, i) => x * th[i])) / mean(th.map((x) => x * x));
    expect(Math.abs(lag)).toBeLessThan(0.08);
    expect(env.reset(5)).toEqual(pendulumObservation(starts[5]));
    const a = pendulum({ seed: 3 });
    const b = pendulum({ seed: 3 });
    expect([a.reset(), a.reset()]).toEqual([b.reset(), b.reset()]);
    expect(a.reset()).not.toEqual(pendulum({ seed: 4 }).reset());
  });

  it('steps with pendulumStep, clips torques, truncates at 200 and checks its input', () => {
    const env = pendulum();
    expect(() => env.step([0])).toThrow(/before reset/);
    env.reset(1);
    let state = env.state;
    for (let t = 1; t <= 200; t++) {
      const u = t % 3 === 0 ? 5 : -0.7;
      const r = env.step(t % 2 === 0 ? [u] : u);
      const expected = pendulumStep(state, u);
      expect(r.observation).toEqual(pendulumObservation(expected.state));
      expect(r.reward).toBe(expected.reward);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(t === 200);
      state = env.state;
    }
    expect(() => env.step([0])).toThrow(/has ended/);
    env.reset(2);
    expect(() => env.step([NaN])).toThrow(RangeError);
    expect(() => env.step([1, 1])).toThrow(/1 entries|expected 1/);
    expect(() => pendulum({ physics: { dt: 0 } })).toThrow(/dt/);
    expect(() => pendulum({ physics: { maxTorque: Infinity } })).toThrow(/maxTorque/);
    expect(() => pendulum({ maxEpisodeSteps: 0 })).toThrow(RangeError);
  });

  it('clones with the same physics and time limit', () => {
    const env = pendulum({ maxEpisodeSteps: 7, physics: { g: 9.81 } });
    const copy = env.clone!() as ReturnType<typeof pendulum>;
    expect(copy.physics).toEqual(env.physics);
    expect(copy.maxEpisodeSteps).toBe(7);
    expect(copy.reset(3)).toEqual(env.reset(3));
  });
});

describe('pendulum controller and reference scores', () => {
  it('balances with the LQR gains of the linearised pendulum (a fixed point of the Riccati map, stable closed loop)', () => {
    const [k1, k2] = pendulumLqrGains();
    expect(k1).toBeCloseTo(19.6932, 3);
    expect(k2).toBeCloseTo(5.2625, 3);
    // closed loop x' = (A − B K) x, eigenvalues inside the unit circle
    const dt = 0.05;
    const A = [[1 + 15 * dt * dt, dt], [15 * dt, 1]];
    const B = [3 * dt * dt, 3 * dt];
    const C = [[A[0][0] - B[0] * k1, A[0][1] - B[0] * k2], [A[1][0] - B[1] * k1, A[1][1] - B[1] * k2]];
    const tr = C[0][0] + C[1][1];
    const det = C[0][0] * C[1][1] - C[0][1] * C[1][0];
    const disc = tr * tr - 4 * det;
    const radius = disc >= 0 ? Math.max(Math.abs((tr + Math.sqrt(disc)) / 2), Math.abs((tr - Math.sqrt(disc)) / 2)) : Math.sqrt(det);
    expect(radius).toBeLessThan(1);
    // from a small tilt the controller returns to upright and stays
    const act = pendulumController();
    let state: [number, number] = [0.3, -0.5];
    for (let i = 0; i < 100; i++) state = pendulumStep(state, act(pendulumObservation(state))[0]).state;
    expect(Math.abs(angleNormalize(state[0]))).toBeLessThan(1e-3);
    expect(Math.abs(state[1])).toBeLessThan(1e-3);
  });

  it('swings up from hanging at rest and holds the top', () => {
    const act = pendulumController();
    let state: [number, number] = [Math.PI, 0];
    let up = -1;
    for (let i = 0; i < 200; i++) {
      state = pendulumStep(state, act(pendulumObservation(state))[0]).state;
      if (up < 0 && Math.cos(state[0]) > 0.99) up = i;
    }
    expect(up).toBeGreaterThan(10); // the torque limit forces several swings
    expect(up).toBeLessThan(120);
    expect(Math.cos(state[0])).toBeGreaterThan(0.9999);
  });

  it('measurePendulumReferences reproduces PENDULUM_REFERENCE_SCORES (1000 episodes each)', () => {
    const m = measurePendulumReferences();
    expect(m.min).toBeCloseTo(PENDULUM_REFERENCE_SCORES.min, 4);
    expect(m.max).toBeCloseTo(PENDULUM_REFERENCE_SCORES.max, 4);
    expect(PENDULUM_REFERENCE_SCORES.min).toBeCloseTo(-1230.72, 2);
    expect(PENDULUM_REFERENCE_SCORES.max).toBeCloseTo(-148.98, 2);
    // as good as published online agents (about −150) and far above random
    expect(m.max).toBeGreaterThan(-160);
    expect(m.minStd).toBeGreaterThan(m.maxStd);
  });
});
