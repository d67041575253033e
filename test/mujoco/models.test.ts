import type { MjData, MjModel } from '@mujoco/mujoco';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HALF_CHEETAH_XML, HOPPER_XML, WALKER2D_XML, loadMujoco } from '../../src/mujoco';
import type { MujocoModule } from '../../src/mujoco';

/**
 * The models' geometry as MuJoCo compiles it, against the published numbers of Gymnasium's
 * hopper.xml / walker2d.xml (global coordinates, as first published) and half_cheetah.xml, and
 * against masses computed by hand from the capsules (density 1000).
 */

const DEG = Math.PI / 180;
const DENSITY = 1000;
/** Capsule mass: cylinder of length `length` plus two half-spheres, radius `r`. */
const capsuleVolume = (r: number, length: number): number => Math.PI * r * r * length + (4 / 3) * Math.PI * r ** 3;

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

interface Compiled {
  model: MjModel;
  data: MjData;
  free(): void;
}
const open: Compiled[] = [];
function compile(xml: string): Compiled {
  const model = mujoco.MjModel.from_xml_string(xml);
  const data = new mujoco.MjData(model);
  mujoco.mj_forward(model, data); // global positions at qpos0
  const c = { model, data, free: () => (data.delete(), model.delete()) };
  open.push(c);
  return c;
}
afterAll(() => open.forEach((c) => c.free()));

function id(model: MjModel, type: 'body' | 'geom' | 'joint', name: string): number {
  const kind = { body: mujoco.mjtObj.mjOBJ_BODY, geom: mujoco.mjtObj.mjOBJ_GEOM, joint: mujoco.mjtObj.mjOBJ_JOINT }[type].value;
  const i = mujoco.mj_name2id(model, kind, name);
  if (i < 0) throw new Error(`no ${type} ${name}`);
  return i;
}

/** Endpoints of capsule `name` in world coordinates, sorted by (x, z). */
function capsuleEnds({ model, data }: Compiled, name: string): number[][] {
  const g = id(model, 'geom', name);
  const c = Array.from(data.geom_xpos.slice(3 * g, 3 * g + 3) as Float64Array);
  const m = data.geom_xmat.slice(9 * g, 9 * g + 9) as Float64Array;
  const axis = [m[2], m[5], m[8]]; // the geom's z axis (row-major rotation matrix, third column)
  const h = model.geom_size[3 * g + 1];
  const ends = [c.map((v, k) => v - h * axis[k]), c.map((v, k) => v + h * axis[k])];
  return ends.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
}

function anchor({ model, data }: Compiled, joint: string): number[] {
  const j = id(model, 'joint', joint);
  return Array.from(data.xanchor.slice(3 * j, 3 * j + 3) as Float64Array);
}

function expectClose(actual: number[] | number[][], expected: number[] | number[][], digits = 10): void {
  const a = actual.flat();
  const e = expected.flat();
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(e[i], digits));
}

function column(values: ArrayLike<number>, stride: number, col: number): number[] {
  const out: number[] = [];
  for (let i = col; i < values.length; i += stride) out.push(values[i]);
  return out;
}

describe('hopper model', () => {
  it('masses equal the capsules at density 1000 (total 15.82 kg)', () => {
    const c = compile(HOPPER_XML);
    const expected = [0, capsuleVolume(0.05, 0.4), capsuleVolume(0.05, 0.45), capsuleVolume(0.04, 0.5), capsuleVolume(0.06, 0.39)].map((v) => v * DENSITY);
    expectClose(Array.from(c.model.body_mass as Float64Array), expected, 10);
    expect(mujoco.mj_getTotalmass(c.model)).toBeCloseTo(15.820013, 5);
  });

  it('capsules and joints sit where the published global coordinates put them', () => {
    const c = compile(HOPPER_XML);
    expectClose(capsuleEnds(c, 'torso_geom'), [[0, 0, 1.05], [0, 0, 1.45]]);
    expectClose(capsuleEnds(c, 'thigh_geom'), [[0, 0, 0.6], [0, 0, 1.05]]);
    expectClose(capsuleEnds(c, 'leg_geom'), [[0, 0, 0.1], [0, 0, 0.6]]);
    expectClose(capsuleEnds(c, 'foot_geom'), [[-0.13, 0, 0.1], [0.26, 0, 0.1]]);
    expect(column(c.model.geom_size, 3, 0)).toEqual([20, 0.05, 0.05, 0.04, 0.06]);
    expectClose(anchor(c, 'rooty'), [0, 0, 1.25]);
    expectClose(anchor(c, 'thigh_joint'), [0, 0, 1.05]);
    expectClose(anchor(c, 'leg_joint'), [0, 0, 0.6]);
    expectClose(anchor(c, 'foot_joint'), [0, 0, 0.1]);
    expectClose(Array.from(c.data.xaxis as Float64Array), [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0]);
  });

  it('joint ranges, armature, damping, gears, control range, contacts and integrator are the published ones', () => {
    const { model } = compile(HOPPER_XML);
    expect(Array.from(model.qpos0 as Float64Array)).toEqual([0, 1.25, 0, 0, 0, 0]);
    // (jnt_limited is not readable through @mujoco/mujoco 3.14's bindings; unlimited joints have range 0 0.)
    expectClose(Array.from(model.jnt_range as Float64Array), [0, 0, 0, 0, 0, 0, -150 * DEG, 0, -150 * DEG, 0, -45 * DEG, 45 * DEG]);
    expect(Array.from(model.dof_armature as Float64Array)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(model.dof_damping as Float64Array)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(column(model.actuator_gear, 6, 0)).toEqual([200, 200, 200]);
    expect(Array.from(model.actuator_ctrlrange as Float64Array)).toEqual([-1, 1, -1, 1, -1, 1]);
    expect(column(model.geom_friction, 3, 0)).toEqual([1, 0.9, 0.9, 0.9, 2]);
    expect(Array.from(model.geom_conaffinity as Int32Array)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(model.geom_condim as Int32Array)).toEqual([3, 1, 1, 1, 1]);
    expect(Array.from(model.geom_margin as Float64Array)).toEqual([0.001, 0.001, 0.001, 0.001, 0.001]);
    expect(column(model.geom_solimp, 5, 0).slice(1)).toEqual([0.8, 0.8, 0.8, 0.8]);
    expect(model.opt.timestep).toBe(0.002);
    expect(model.opt.integrator).toBe(mujoco.mjtIntegrator.mjINT_RK4.value);
  });
});

describe('walker2d model', () => {
  it('masses equal the capsules at density 1000 (total 23.68 kg)', () => {
    const c = compile(WALKER2D_XML);
    const leg = [capsuleVolume(0.05, 0.45), capsuleVolume(0.04, 0.5), capsuleVolume(0.06, 0.2)];
    const expected = [0, capsuleVolume(0.05, 0.4), ...leg, ...leg].map((v) => v * DENSITY);
    expectClose(Array.from(c.model.body_mass as Float64Array), expected, 10);
    expect(mujoco.mj_getTotalmass(c.model)).toBeCloseTo(23.677137, 5);
  });

  it('both legs sit where the published global coordinates put them; the left foot has friction 1.9', () => {
    const c = compile(WALKER2D_XML);
    expectClose(capsuleEnds(c, 'torso_geom'), [[0, 0, 1.05], [0, 0, 1.45]]);
    for (const side of ['', '_left']) {
      expectClose(capsuleEnds(c, `thigh${side}_geom`), [[0, 0, 0.6], [0, 0, 1.05]]);
      expectClose(capsuleEnds(c, `leg${side}_geom`), [[0, 0, 0.1], [0, 0, 0.6]]);
      expectClose(capsuleEnds(c, `foot${side}_geom`), [[0, 0, 0.1], [0.2, 0, 0.1]]);
      expectClose(anchor(c, `thigh${side}_joint`), [0, 0, 1.05]);
      expectClose(anchor(c, `leg${side}_joint`), [0, 0, 0.6]);
      expectClose(anchor(c, `foot${side}_joint`), [0, 0, 0.1]);
    }
    expect(column(c.model.geom_friction, 3, 0)).toEqual([0.7, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.9]); // floor: default class
    expect(column(c.model.geom_friction, 3, 1).slice(1)).toEqual(Array(7).fill(0.1));
  });

  it('joint ranges, armature, damping, gears, contacts and integrator are the published ones', () => {
    const { model } = compile(WALKER2D_XML);
    expect(Array.from(model.qpos0 as Float64Array)).toEqual([0, 1.25, 0, 0, 0, 0, 0, 0, 0]);
    const legRange = [-150 * DEG, 0, -150 * DEG, 0, -45 * DEG, 45 * DEG];
    expectClose(Array.from(model.jnt_range as Float64Array).slice(6), [...legRange, ...legRange]);
    expect(Array.from(model.dof_armature as Float64Array)).toEqual([0, 0, 0, ...Array(6).fill(0.01)]);
    expect(Array.from(model.dof_damping as Float64Array)).toEqual([0, 0, 0, ...Array(6).fill(0.1)]);
    expect(column(model.actuator_gear, 6, 0)).toEqual(Array(6).fill(100));
    expect(Array.from(model.geom_conaffinity as Int32Array)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(model.geom_condim as Int32Array)).toEqual(Array(8).fill(3));
    expect(model.opt.timestep).toBe(0.002);
    expect(model.opt.integrator).toBe(mujoco.mjtIntegrator.mjINT_RK4.value);
  });
});

describe('halfcheetah model', () => {
  it('masses are the capsules\' volumes scaled to 14 kg in total', () => {
    const c = compile(HALF_CHEETAH_XML);
    const r = 0.046;
    const volumes = [
      0,
      capsuleVolume(r, 1.0) + capsuleVolume(r, 0.3), // torso + head
      capsuleVolume(r, 0.29), // bthigh
      capsuleVolume(r, 0.3), // bshin
      capsuleVolume(r, 0.188), // bfoot
      capsuleVolume(r, 0.266), // fthigh
      capsuleVolume(r, 0.212), // fshin
      capsuleVolume(r, 0.14), // ffoot
    ];
    const total = volumes.reduce((s, v) => s + v, 0);
    expectClose(Array.from(c.model.body_mass as Float64Array), volumes.map((v) => (14 * v) / total), 10);
    expect(mujoco.mj_getTotalmass(c.model)).toBeCloseTo(14, 10);
  });

  it('bodies, joints and the torso sit where the published local positions put them', () => {
    const c = compile(HALF_CHEETAH_XML);
    expectClose(capsuleEnds(c, 'torso'), [[-0.5, 0, 0.7], [0.5, 0, 0.7]]);
    // Joint anchors: the body origins, chained from the torso at (0, 0, 0.7).
    expectClose(anchor(c, 'bthigh'), [-0.5, 0, 0.7]);
    expectClose(anchor(c, 'bshin'), [-0.5 + 0.16, 0, 0.7 - 0.25]);
    expectClose(anchor(c, 'bfoot'), [-0.5 + 0.16 - 0.28, 0, 0.7 - 0.25 - 0.14]);
    expectClose(anchor(c, 'fthigh'), [0.5, 0, 0.7]);
    expectClose(anchor(c, 'fshin'), [0.5 - 0.14, 0, 0.7 - 0.24]);
    expectClose(anchor(c, 'ffoot'), [0.5 - 0.14 + 0.13, 0, 0.7 - 0.24 - 0.18]);
    // The head: centre (0.6, 0, 0.1) from the torso, axis tilted 0.87 rad about y.
    const head = capsuleEnds(c, 'head');
    const [dx, dz] = [0.15 * Math.sin(0.87), 0.15 * Math.cos(0.87)];
    expectClose(head, [[0.6 - dx, 0, 0.8 - dz], [0.6 + dx, 0, 0.8 + dz]]);
  });

  it('joint ranges, stiffness, damping, armature, gears, contacts and integrator are the published ones', () => {
    const { model } = compile(HALF_CHEETAH_XML);
    expect(Array.from(model.qpos0 as Float64Array)).toEqual(Array(9).fill(0));
    expect(Array.from(model.jnt_range as Float64Array).slice(6)).toEqual([-0.52, 1.05, -0.785, 0.785, -0.4, 0.785, -1, 0.7, -1.2, 0.87, -0.5, 0.5]);
    expect(Array.from(model.jnt_stiffness as Float64Array)).toEqual([0, 0, 0, 240, 180, 120, 180, 120, 60]);
    expect(Array.from(model.dof_damping as Float64Array)).toEqual([0, 0, 0, 6, 4.5, 3, 4.5, 3, 1.5]);
    expect(Array.from(model.dof_armature as Float64Array)).toEqual([0, 0, 0, ...Array(6).fill(0.1)]);
    expect(column(model.actuator_gear, 6, 0)).toEqual([120, 90, 60, 120, 60, 30]);
    expect(column(model.geom_friction, 3, 0)).toEqual(Array(9).fill(0.4)); // the floor too (default class)
    expect(Array.from(model.geom_conaffinity as Int32Array)).toEqual([1, ...Array(8).fill(0)]);
    expect(model.opt.timestep).toBe(0.01);
    expect(model.opt.integrator).toBe(mujoco.mjtIntegrator.mjINT_EULER.value);
    expect(Array.from(model.opt.gravity as Float64Array)).toEqual([0, 0, -9.81]);
  });
});
