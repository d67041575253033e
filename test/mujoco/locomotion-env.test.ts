import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D4RL_REFERENCE_SCORES, evaluate, normalizedScore } from '../../src/eval';
import { Rng } from '../../src/rng';
import type { Policy } from '../../src/types';
import { halfCheetah, hopper, loadMujoco, loadMujocoWith, locomotionEnv, walker2d } from '../../src/mujoco';
import type { LocomotionEnv, MujocoModule } from '../../src/mujoco';

/**
 * The Gymnasium v4 task definitions, re-derived here from the simulator's raw state (data.qpos,
 * data.qvel) with the constants written out independently of src/mujoco/tasks.ts.
 */
interface Spec {
  name: 'hopper' | 'halfcheetah' | 'walker2d';
  make: (options?: { seed?: number; maxEpisodeSteps?: number }) => Promise<LocomotionEnv>;
  nq: number;
  nv: number;
  nu: number;
  obs: number;
  dt: number;
  frameSkip: number;
  ctrlCost: number;
  healthyReward: number;
  clip: number | null;
  /** Gymnasium's is_healthy, or null when the task never terminates. */
  healthy: ((qpos: number[], qvel: number[]) => boolean) | null;
}

const SPECS: Spec[] = [
  {
    name: 'hopper', make: hopper, nq: 6, nv: 6, nu: 3, obs: 11, dt: 0.008, frameSkip: 4, ctrlCost: 1e-3, healthyReward: 1, clip: 10,
    healthy: (q, v) => {
      const state = [...q, ...v].slice(2);
      return state.every((s) => -100 < s && s < 100) && 0.7 < q[1] && -0.2 < q[2] && q[2] < 0.2;
    },
  },
  {
    name: 'halfcheetah', make: halfCheetah, nq: 9, nv: 9, nu: 6, obs: 17, dt: 0.05, frameSkip: 5, ctrlCost: 0.1, healthyReward: 0, clip: null,
    healthy: null,
  },
  {
    name: 'walker2d', make: walker2d, nq: 9, nv: 9, nu: 6, obs: 17, dt: 0.008, frameSkip: 4, ctrlCost: 1e-3, healthyReward: 1, clip: 10,
    healthy: (q) => 0.8 < q[1] && q[1] < 2 && -1 < q[2] && q[2] < 1,
  },
];

const opened: LocomotionEnv[] = [];
async function make(spec: Spec, options?: { seed?: number; maxEpisodeSteps?: number }): Promise<LocomotionEnv> {
  const env = await spec.make(options);
  opened.push(env);
  return env;
}
afterAll(() => opened.forEach((env) => env.close()));

const raw = (env: LocomotionEnv): { qpos: number[]; qvel: number[] } => ({
  qpos: Array.from(env.data.qpos as Float64Array),
  qvel: Array.from(env.data.qvel as Float64Array),
});

function expectedObservation(spec: Spec, qpos: number[], qvel: number[]): number[] {
  const v = spec.clip === null ? qvel : qvel.map((x) => Math.min(spec.clip!, Math.max(-spec.clip!, x)));
  return [...qpos.slice(1), ...v];
}

function randomAction(rng: Rng, n: number, scale = 1): number[] {
  return Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
}

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

describe.each(SPECS)('$name', (spec) => {
  it('has the Gymnasium sizes, action box, 1000-step limit, dt and D4RL reference scores', async () => {
    const env = await make(spec);
    expect(env.name).toBe(spec.name);
    expect(env.observationDim).toBe(spec.obs);
    expect([env.model.nq, env.model.nv, env.model.nu]).toEqual([spec.nq, spec.nv, spec.nu]);
    expect(env.actionSpace).toEqual({ type: 'box', low: Array(spec.nu).fill(-1), high: Array(spec.nu).fill(1) });
    expect(env.maxEpisodeSteps).toBe(1000);
    expect(env.dt).toBeCloseTo(spec.dt, 15);
    const d4rl = D4RL_REFERENCE_SCORES[spec.name];
    expect(env.referenceScores).toMatchObject({ min: d4rl.min, max: d4rl.max });
    expect((await make(spec, { maxEpisodeSteps: 500 })).referenceScores).toBeUndefined();
  });

  it('observations are qpos[1:] then qvel (clipped where the task clips), at reset and after every step', async () => {
    const env = await make(spec);
    const rng = new Rng(11);
    const first = env.reset(3);
    expect(first).toHaveLength(spec.obs);
    expect(first).toEqual(expectedObservation(spec, raw(env).qpos, raw(env).qvel));
    for (let t = 0; t < 200; t++) {
      const r = env.step(randomAction(rng, spec.nu));
      const { qpos, qvel } = raw(env);
      expect(r.observation).toEqual(expectedObservation(spec, qpos, qvel));
      if (r.terminated || r.truncated) env.reset();
    }
    // A velocity beyond the clip: hopper and walker2d observe ±10, halfcheetah the raw value.
    const { qpos, qvel } = env.getState();
    qvel[1] = 37;
    qvel[spec.nv - 1] = -25;
    const obs = env.setState(qpos, qvel);
    expect(obs[spec.nq - 1 + 1]).toBe(spec.clip === null ? 37 : 10);
    expect(obs[spec.obs - 1]).toBe(spec.clip === null ? -25 : -10);
    expect(raw(env).qvel[1]).toBe(37); // the simulator keeps the unclipped value
  });

  it('reward = (x_after − x_before) / dt + healthy reward − w · Σa², with dt = timestep × frame skip', async () => {
    const env = await make(spec);
    const rng = new Rng(5);
    env.reset(1);
    let steps = 0;
    let forwardSeen = 0;
    while (steps < 300) {
      const action = randomAction(rng, spec.nu);
      const xBefore = env.data.qpos[0] as number;
      const r = env.step(action);
      const xAfter = env.data.qpos[0] as number;
      const expected = (xAfter - xBefore) / spec.dt + spec.healthyReward - spec.ctrlCost * action.reduce((s, a) => s + a * a, 0);
      expect(r.reward).toBeCloseTo(expected, 10);
      forwardSeen = Math.max(forwardSeen, Math.abs(xAfter - xBefore));
      steps += 1;
      if (r.terminated || r.truncated) env.reset();
    }
    expect(forwardSeen).toBeGreaterThan(1e-3); // the forward term was exercised
  });

  it('one step is frame-skip MuJoCo steps with the action as ctrl (a shadow simulation matches bit for bit)', async () => {
    const env = await make(spec);
    const model = mujoco.MjModel.from_xml_string(env.task.xml);
    const data = new mujoco.MjData(model);
    try {
      env.reset(9);
      const rng = new Rng(2);
      (data.qpos as Float64Array).set(env.data.qpos as Float64Array);
      (data.qvel as Float64Array).set(env.data.qvel as Float64Array);
      for (let t = 0; t < 50; t++) {
        const action = randomAction(rng, spec.nu);
        const r = env.step(action);
        (data.ctrl as Float64Array).set(action);
        for (let k = 0; k < spec.frameSkip; k++) mujoco.mj_step(model, data);
        expect(Array.from(env.data.qpos as Float64Array)).toEqual(Array.from(data.qpos as Float64Array));
        expect(Array.from(env.data.qvel as Float64Array)).toEqual(Array.from(data.qvel as Float64Array));
        expect(env.data.time).toBeCloseTo((t + 1) * spec.dt, 12);
        if (r.terminated) break;
      }
    } finally {
      data.delete();
      model.delete();
    }
  });

  it('actions outside [−1, 1] are clamped as MuJoCo does, while the control cost uses them as given', async () => {
    const a = await make(spec);
    const b = await make(spec);
    a.reset(4);
    b.reset(4);
    const big = Array.from({ length: spec.nu }, (_, i) => (i % 2 === 0 ? 5 : -3));
    const clamped = big.map((x) => Math.max(-1, Math.min(1, x)));
    const ra = a.step(big);
    const rb = b.step(clamped);
    expect(ra.observation).toEqual(rb.observation);
    const extra = spec.ctrlCost * (big.reduce((s, x) => s + x * x, 0) - clamped.reduce((s, x) => s + x * x, 0));
    expect(rb.reward - ra.reward).toBeCloseTo(extra, 10);
    expect(() => a.step(big.map((x, i) => (i === 1 ? NaN : x)))).toThrow(/action\[1\] must be a finite number/);
    expect(() => a.step(big.slice(1))).toThrow(RangeError);
    expect(() => a.step(0.5)).toThrow(TypeError);
  });

  it('the same seed gives the same trajectory; another seed another one', async () => {
    const rollout = async (seed: number): Promise<number[][]> => {
      const env = await make(spec);
      const rng = new Rng(100);
      const trace = [env.reset(seed)];
      for (let t = 0; t < 120; t++) {
        const r = env.step(randomAction(rng, spec.nu));
        trace.push([...r.observation, r.reward, Number(r.terminated), Number(r.truncated)]);
        if (r.terminated) break;
      }
      return trace;
    };
    const first = await rollout(7);
    expect(await rollout(7)).toEqual(first);
    expect((await rollout(8))[0]).not.toEqual(first[0]);
    // reset() without a seed draws from the env's own stream (options.seed), the same for two envs and a clone.
    const x = await make(spec, { seed: 3 });
    const y = await make(spec, { seed: 3 });
    const starts = [x.reset(), x.reset()];
    expect(starts[1]).not.toEqual(starts[0]);
    expect([y.reset(), y.reset()]).toEqual(starts);
    const copy = x.clone();
    opened.push(copy);
    expect([copy.reset(), copy.reset()]).toEqual(starts);
  });

  it('a running episode ends with truncated (not terminated) at maxEpisodeSteps', async () => {
    const env = await make(spec, { maxEpisodeSteps: 5 });
    env.reset(0);
    const zero = Array(spec.nu).fill(0);
    for (let t = 1; t <= 5; t++) {
      const r = env.step(zero);
      expect(r.terminated).toBe(false); // standing still for 0.04 s (hopper, walker) keeps the body healthy
      expect(r.truncated).toBe(t === 5);
    }
    expect(() => env.step(zero)).toThrow(/episode has ended/);
  });
});

describe('termination rules', () => {
  it.each(SPECS.filter((s) => s.healthy !== null))('$name: over random episodes, terminated exactly when Gymnasium\'s is_healthy fails', async (spec) => {
    const env = await make(spec);
    const rng = new Rng(21);
    let terminations = 0;
    let steps = 0;
    for (let episode = 0; episode < 30; episode++) {
      env.reset(episode);
      for (;;) {
        const r = env.step(randomAction(rng, spec.nu));
        steps += 1;
        const { qpos, qvel } = raw(env);
        expect(r.terminated).toBe(!spec.healthy!(qpos, qvel));
        if (r.terminated) terminations += 1;
        if (r.terminated || r.truncated) break;
      }
    }
    expect(terminations).toBe(30); // random torques topple both robots well within 1000 steps
    expect(steps).toBeGreaterThan(30 * 5);
  });

  /** Put the env in (qpos, qvel), take one zero-torque step, and return `terminated`. */
  async function pushed(spec: Spec, edit: (qpos: number[], qvel: number[]) => void): Promise<boolean> {
    const env = await make(spec);
    env.reset(0);
    const { qpos, qvel } = env.getState();
    edit(qpos, qvel);
    env.setState(qpos, qvel);
    return env.step(Array(spec.nu).fill(0)).terminated;
  }
  const [hopperSpec, cheetahSpec, walkerSpec] = SPECS;

  it('hopper: too low, tilted too far, or a state entry past ±100 (from index 2 on) terminates; x and height are unbounded', async () => {
    expect(await pushed(hopperSpec, (q) => (q[1] = 0.6))).toBe(true);
    expect(await pushed(hopperSpec, (q) => (q[2] = 0.25))).toBe(true);
    expect(await pushed(hopperSpec, (q) => (q[2] = -0.25))).toBe(true);
    expect(await pushed(hopperSpec, (q, v) => ((q[1] = 1.5), (v[0] = 150)))).toBe(true); // x velocity: state index 6
    expect(await pushed(hopperSpec, (q) => ((q[0] = 500), (q[1] = 1.5)))).toBe(false); // x itself is not checked
    expect(await pushed(hopperSpec, (q) => (q[1] = 5))).toBe(false); // no upper height bound
  });

  it('walker2d: height outside (0.8, 2) or angle outside (−1, 1) terminates; no state range', async () => {
    expect(await pushed(walkerSpec, (q) => (q[1] = 0.75))).toBe(true);
    expect(await pushed(walkerSpec, (q) => (q[1] = 2.2))).toBe(true);
    expect(await pushed(walkerSpec, (q) => (q[2] = 1.1))).toBe(true);
    expect(await pushed(walkerSpec, (q, v) => ((q[1] = 1.5), (v[0] = 150)))).toBe(false);
    expect(await pushed(walkerSpec, (q) => (q[1] = 1.9))).toBe(false);
  });

  it('halfcheetah never terminates: even upside down it runs to the 1000-step timeout', async () => {
    expect(await pushed(cheetahSpec, (q) => ((q[1] = -0.5), (q[2] = Math.PI)))).toBe(false);
    const env = await make(cheetahSpec);
    const rng = new Rng(1);
    env.reset(0);
    let t = 0;
    let last = env.step(randomAction(rng, 6));
    while (!last.truncated) {
      expect(last.terminated).toBe(false);
      last = env.step(randomAction(rng, 6));
      t += 1;
    }
    expect(t + 1).toBe(1000);
    expect(last.terminated).toBe(false);
  });

  it('a step that terminates on the last allowed step reports terminated, not truncated', async () => {
    const env = await make(hopperSpec, { maxEpisodeSteps: 1 });
    env.reset(0);
    const { qpos, qvel } = env.getState();
    qpos[1] = 0.5;
    env.setState(qpos, qvel);
    expect(env.step([0, 0, 0])).toMatchObject({ terminated: true, truncated: false });
  });
});

describe('reset noise', () => {
  it.each(SPECS)('$name: qpos0 plus the Gymnasium noise, drawn from the seed', async (spec) => {
    const env = await make(spec);
    const qpos0 = Array.from(env.model.qpos0 as Float64Array);
    const dq: number[] = [];
    const dv: number[] = [];
    for (let seed = 0; seed < 150; seed++) {
      env.reset(seed);
      const { qpos, qvel } = raw(env);
      qpos.forEach((q, i) => dq.push(q - qpos0[i]));
      dv.push(...qvel);
      expect(env.data.time).toBe(0);
    }
    const scale = spec.name === 'halfcheetah' ? 0.1 : 0.005;
    const max = (xs: number[]): number => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(max(dq)).toBeLessThanOrEqual(scale);
    expect(max(dq)).toBeGreaterThan(0.98 * scale); // uniform on the whole interval
    const mean = dq.reduce((s, x) => s + x, 0) / dq.length;
    expect(Math.abs(mean)).toBeLessThan(0.1 * scale);
    if (spec.name === 'halfcheetah') {
      // velocities 0.1 · N(0, 1): std ≈ 0.1 (1350 draws: ±6 %), some beyond the uniform bound
      const std = Math.sqrt(dv.reduce((s, x) => s + x * x, 0) / dv.length);
      expect(std).toBeGreaterThan(0.094);
      expect(std).toBeLessThan(0.106);
      expect(max(dv)).toBeGreaterThan(0.25);
    } else {
      expect(max(dv)).toBeLessThanOrEqual(scale);
      expect(max(dv)).toBeGreaterThan(0.98 * scale);
    }
  });
});

describe('lifecycle', () => {
  it('step before reset throws; close is idempotent and every later call throws', async () => {
    const env = await make(SPECS[0]);
    expect(() => env.step([0, 0, 0])).toThrow(/before reset/);
    expect(() => env.reset(0.5)).toThrow(/hopper\.reset: seed must be an integer/);
    expect(() => env.reset(-1)).toThrow(RangeError);
    env.reset(0);
    env.close();
    env.close();
    expect(() => env.reset(0)).toThrow(/closed/);
    expect(() => env.step([0, 0, 0])).toThrow(/closed/);
    expect(() => env.getState()).toThrow(/closed/);
    expect(() => env.clone()).toThrow(/closed/);
  });

  it('a clone has its own simulator and the original\'s options, not later changes to the option object', async () => {
    const options = { seed: 4, maxEpisodeSteps: 20 };
    const env = await locomotionEnv('walker2d', options);
    opened.push(env);
    options.maxEpisodeSteps = 5;
    const copy = env.clone();
    opened.push(copy);
    expect(copy.maxEpisodeSteps).toBe(20);
    expect(copy.data).not.toBe(env.data);
    const a = env.reset(1);
    env.step(Array(6).fill(0.5));
    expect(copy.reset(1)).toEqual(a); // the copy starts from its own reset, unaffected by env's step
    copy.close();
    env.step(Array(6).fill(0.5)); // closing the copy leaves the original running
    await expect(locomotionEnv('ant' as never)).rejects.toThrow(/unknown task 'ant'/);
    await expect(hopper({ seed: 0.5 })).rejects.toThrow(/hopper: options\.seed: seed must be an integer/);
    await expect(hopper({ maxEpisodeSteps: 0 })).rejects.toThrow(/maxEpisodeSteps/);
  });

  it('creating, cloning and closing envs 60 times does not grow wasm memory by even one env; forgetting close() does', async () => {
    /** MuJoCo's default working memory per MjData (`<size memory>` unset), as measured: ~13.6 MB. */
    const ENV_ARENA_BYTES = 13e6;
    // A module instance of its own (the `mujoco` option), whose memory only this test uses.
    const own = await loadMujocoWith(() => import('@mujoco/mujoco'));
    /** Size of the instance's wasm memory (it grows on demand and never shrinks). */
    function heap(): number {
      const model = own.MjModel.from_xml_string('<mujoco/>');
      const data = new own.MjData(model);
      const bytes = (data.qpos as Float64Array).buffer.byteLength;
      data.delete();
      model.delete();
      return bytes;
    }
    async function cycle(i: number): Promise<void> {
      for (const spec of SPECS) {
        const env = await locomotionEnv(spec.name, { mujoco: own });
        env.reset(i);
        env.step(Array(spec.nu).fill(0.1));
        env.clone().close();
        env.close();
      }
    }
    for (let i = 0; i < 3; i++) await cycle(i); // warm-up: the allocator settles on these sizes (2 cycles here)
    const before = heap();
    for (let i = 0; i < 20; i++) await cycle(i);
    // 20 cycles create and free 120 envs (each holds a ~14 MB arena while open). The allocator may
    // settle a few MB differently from one process to another (seen: +7.6 MB once, 0 elsewhere), but
    // a leak of even one env's data per cycle would add ≥ 20 arenas; bound the growth by one arena.
    expect(heap() - before).toBeLessThan(ENV_ARENA_BYTES);
    // Control: the same measure sees envs that are not closed (each holds a ~14 MB arena).
    // Six of them need ~80 MB, of which at most the ~25 MB free after the cycles can be reused.
    const kept = await Promise.all(Array.from({ length: 6 }, () => hopper({ mujoco: own })));
    expect(heap()).toBeGreaterThan(before + 40e6);
    kept.forEach((env) => env.close());
  });

  it('evaluate reports the D4RL normalized score of the mean return', async () => {
    const env = await make(SPECS[0]);
    const still: Policy = {
      observationDim: 11,
      actionSpace: env.actionSpace,
      act: (observations) => observations.map(() => [0, 0, 0]),
    };
    const result = await evaluate(still, env, { episodes: 2, seed: 0 });
    expect(result.lengths.every((n) => n >= 1 && n <= 1000)).toBe(true);
    expect(result.normalizedScore).toBeCloseTo(normalizedScore(result.mean, { min: -20.272305, max: 3234.3 }), 12);
  });
});
