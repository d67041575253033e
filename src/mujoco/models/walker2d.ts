/**
 * MJCF model of the Walker2d (Gymnasium `Walker2d-v4`, D4RL `walker2d-*-v2`).
 *
 * Follows the published geometry of Gymnasium's `assets/walker2d.xml` (the v2/v3/v4 model, not
 * `walker2d_v5.xml`), originally written with `coordinate="global"`; the numbers are taken from it
 * and written here in local coordinates, which MuJoCo 3 requires:
 *
 * - two legs in the x–z plane sharing the torso: torso capsule from z = 1.45 to 1.05 (radius 0.05);
 *   per leg a thigh 1.05 → 0.60 (0.05), a leg 0.60 → 0.10 (0.04) and a foot along x from 0 to 0.2
 *   at z = 0.10 (0.06);
 * - root joints: slide x, slide z (`ref` 1.25, so `qpos[1]` is the torso height), hinge about y at
 *   the torso centre; per leg thigh / leg / foot hinges about −y at z = 1.05 / 0.60 / 0.10, ranges
 *   −150…0°, −150…0°, −45…45°; joint armature 0.01 and damping 0.1 (0 on the root joints);
 * - joint order (qpos after the root): right thigh, leg, foot, then left thigh, leg, foot;
 * - masses from the geoms at density 1000 (`inertiafromgeom`);
 * - six torque motors of gear 100, control range [−1, 1], in the joint order;
 * - contacts: the robot collides with the floor only (contype 1, conaffinity 0; floor
 *   conaffinity 1), condim 3; friction 0.9 everywhere except the LEFT foot, 1.9 (v2–v4 keep this
 *   asymmetry; v5 changed it);
 * - RK4 integrator, timestep 0.002 s (one env step = 4 frames = 0.008 s).
 *
 * Only visual elements (materials, textures, colours, camera, light) are left out; they do not
 * affect the dynamics.
 *
 * @example
 * ```ts
 * const mujoco = await loadMujoco();
 * const model = mujoco.MjModel.from_xml_string(WALKER2D_XML); // what walker2d() simulates
 * model.delete();
 * ```
 */
export const WALKER2D_XML = `<mujoco model="walker2d">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option integrator="RK4" timestep="0.002"/>
  <default>
    <joint armature="0.01" damping=".1" limited="true"/>
    <geom conaffinity="0" condim="3" contype="1" density="1000" friction=".7 .1 .1"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" conaffinity="1" condim="3"/>
    <body name="torso" pos="0 0 1.25">
      <joint name="rootx" type="slide" axis="1 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" ref="1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso_geom" type="capsule" fromto="0 0 0.2 0 0 -0.2" size="0.05" friction="0.9"/>
      <body name="thigh" pos="0 0 -0.2">
        <joint name="thigh_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
        <geom name="thigh_geom" type="capsule" fromto="0 0 0 0 0 -0.45" size="0.05" friction="0.9"/>
        <body name="leg" pos="0 0 -0.45">
          <joint name="leg_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
          <geom name="leg_geom" type="capsule" fromto="0 0 0 0 0 -0.5" size="0.04" friction="0.9"/>
          <body name="foot" pos="0 0 -0.5">
            <joint name="foot_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-45 45"/>
            <geom name="foot_geom" type="capsule" fromto="0 0 0 0.2 0 0" size="0.06" friction="0.9"/>
          </body>
        </body>
      </body>
      <body name="thigh_left" pos="0 0 -0.2">
        <joint name="thigh_left_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
        <geom name="thigh_left_geom" type="capsule" fromto="0 0 0 0 0 -0.45" size="0.05" friction="0.9"/>
        <body name="leg_left" pos="0 0 -0.45">
          <joint name="leg_left_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-150 0"/>
          <geom name="leg_left_geom" type="capsule" fromto="0 0 0 0 0 -0.5" size="0.04" friction="0.9"/>
          <body name="foot_left" pos="0 0 -0.5">
            <joint name="foot_left_joint" type="hinge" axis="0 -1 0" pos="0 0 0" range="-45 45"/>
            <geom name="foot_left_geom" type="capsule" fromto="0 0 0 0.2 0 0" size="0.06" friction="1.9"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="thigh" joint="thigh_joint" gear="100"/>
    <motor name="leg" joint="leg_joint" gear="100"/>
    <motor name="foot" joint="foot_joint" gear="100"/>
    <motor name="thigh_left" joint="thigh_left_joint" gear="100"/>
    <motor name="leg_left" joint="leg_left_joint" gear="100"/>
    <motor name="foot_left" joint="foot_left_joint" gear="100"/>
  </actuator>
</mujoco>
`;
