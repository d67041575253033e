/**
 * MJCF model of the Hopper (Gymnasium `Hopper-v4`, D4RL `hopper-*-v2`).
 *
 * Follows the published geometry of Gymnasium's `assets/hopper.xml`, the model shared by gym's
 * Hopper-v2/v3 and Gymnasium's Hopper-v4 (originally written with `coordinate="global"`); the numbers
 * are taken from it and written here in local coordinates, which MuJoCo 3 requires:
 *
 * - one leg in the x–z plane: torso capsule from z = 1.45 to 1.05 (radius 0.05), thigh 1.05 → 0.60
 *   (0.05), leg 0.60 → 0.10 (0.04), foot along x from −0.13 to 0.26 at z = 0.10 (0.06);
 * - root joints: slide x, slide z (`ref` 1.25, so `qpos[1]` is the torso height), hinge about y at
 *   the torso centre; thigh / leg / foot hinges about −y at z = 1.05 / 0.60 / 0.10, ranges
 *   −150…0°, −150…0°, −45…45°; joint armature 1 and damping 1 (0 on the root joints);
 * - masses from the geoms at density 1000 (`inertiafromgeom`); total 15.82 kg;
 * - three torque motors of gear 200, control range [−1, 1];
 * - contacts: every geom collides (contype = conaffinity = 1), condim 1, margin 0.001,
 *   solimp 0.8 0.8 0.01, solref 0.02 1; friction 0.9 (foot 2.0); floor plane condim 3;
 * - RK4 integrator, timestep 0.002 s (one env step = 4 frames = 0.008 s).
 *
 * Only visual elements (materials, textures, camera, light) are left out; they do not affect the
 * dynamics.
 *
 * @example
 * ```ts
 * const mujoco = await loadMujoco();
 * const model = mujoco.MjModel.from_xml_string(HOPPER_XML); // what hopper() simulates
 * model.delete();
 * ```
 */
export const HOPPER_XML = `<mujoco model="hopper">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option integrator="RK4" timestep="0.002"/>
  <default>
    <joint armature="1" damping="1" limited="true"/>
    <geom conaffinity="1" condim="1" contype="1" margin="0.001" solimp=".8 .8 .01" solref=".02 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="20 20 .125" conaffinity="1" condim="3"/>
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
            <geom name="foot_geom" type="capsule" fromto="-0.13 0 0 0.26 0 0" size="0.06" friction="2.0"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="thigh" joint="thigh_joint" gear="200"/>
    <motor name="leg" joint="leg_joint" gear="200"/>
    <motor name="foot" joint="foot_joint" gear="200"/>
  </actuator>
</mujoco>
`;
