/**
 * MJCF model of the HalfCheetah (Gymnasium `HalfCheetah-v4`, D4RL `halfcheetah-*-v2`).
 *
 * Follows the published geometry of Gymnasium's `assets/half_cheetah.xml` (the model of gym's
 * HalfCheetah-v2/v3 and Gymnasium's v4, in local coordinates, angles in radians); numbers taken from
 * it:
 *
 * - torso capsule along x from −0.5 to 0.5 and a head capsule (half-length 0.15) at (0.6, 0, 0.1)
 *   tilted 0.87 rad about y; every capsule has radius 0.046;
 * - back leg: thigh, shin, foot bodies at (−0.5, 0, 0), (0.16, 0, −0.25), (−0.28, 0, −0.14);
 *   front leg: (0.5, 0, 0), (−0.14, 0, −0.24), (0.13, 0, −0.18), each relative to its parent; geom
 *   positions, tilts and half-lengths as below;
 * - root joints: slide x, slide z, hinge y at the torso (z is relative: `qpos[1]` = 0 at the start
 *   height 0.7); six hinges about y with ranges (rad) bthigh −0.52…1.05, bshin −0.785…0.785,
 *   bfoot −0.4…0.785, fthigh −1…0.7, fshin −1.2…0.87, ffoot −0.5…0.5; stiffness 240 / 180 / 120 /
 *   180 / 120 / 60 and damping 6 / 4.5 / 3 / 4.5 / 3 / 1.5; armature 0.1; limit solimp 0 0.8 0.03,
 *   solref 0.02 1;
 * - masses from the geoms, scaled to a total of 14 kg (`settotalmass`);
 * - six torque motors with gears 120, 90, 60, 120, 60, 30, control range [−1, 1];
 * - contacts: the robot collides with the floor only, condim 3, friction 0.4 0.1 0.1,
 *   solimp 0 0.8 0.01, solref 0.02 1;
 * - Euler integrator (MuJoCo's default), timestep 0.01 s (one env step = 5 frames = 0.05 s).
 *
 * Left out: visual elements, and `<size nstack nuser_geom>` (stack size and a user field; no effect
 * on the dynamics).
 *
 * @example
 * ```ts
 * const mujoco = await loadMujoco();
 * const model = mujoco.MjModel.from_xml_string(HALF_CHEETAH_XML); // what halfcheetah() simulates
 * model.delete();
 * ```
 */
export const HALF_CHEETAH_XML = `<mujoco model="cheetah">
  <compiler angle="radian" inertiafromgeom="true" settotalmass="14"/>
  <option gravity="0 0 -9.81" timestep="0.01"/>
  <default>
    <joint armature=".1" damping=".01" limited="true" solimplimit="0 .8 .03" solreflimit=".02 1" stiffness="8"/>
    <geom conaffinity="0" condim="3" contype="1" friction=".4 .1 .1" solimp="0.0 0.8 0.01" solref="0.02 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" conaffinity="1" condim="3"/>
    <body name="torso" pos="0 0 .7">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso" type="capsule" fromto="-.5 0 0 .5 0 0" size="0.046"/>
      <geom name="head" type="capsule" pos=".6 0 .1" axisangle="0 1 0 .87" size="0.046 .15"/>
      <body name="bthigh" pos="-.5 0 0">
        <joint name="bthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-.52 1.05" stiffness="240" damping="6"/>
        <geom name="bthigh" type="capsule" pos=".1 0 -.13" axisangle="0 1 0 -3.8" size="0.046 .145"/>
        <body name="bshin" pos=".16 0 -.25">
          <joint name="bshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-.785 .785" stiffness="180" damping="4.5"/>
          <geom name="bshin" type="capsule" pos="-.14 0 -.07" axisangle="0 1 0 -2.03" size="0.046 .15"/>
          <body name="bfoot" pos="-.28 0 -.14">
            <joint name="bfoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-.4 .785" stiffness="120" damping="3"/>
            <geom name="bfoot" type="capsule" pos=".03 0 -.097" axisangle="0 1 0 -.27" size="0.046 .094"/>
          </body>
        </body>
      </body>
      <body name="fthigh" pos=".5 0 0">
        <joint name="fthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-1 .7" stiffness="180" damping="4.5"/>
        <geom name="fthigh" type="capsule" pos="-.07 0 -.12" axisangle="0 1 0 .52" size="0.046 .133"/>
        <body name="fshin" pos="-.14 0 -.24">
          <joint name="fshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-1.2 .87" stiffness="120" damping="3"/>
          <geom name="fshin" type="capsule" pos=".065 0 -.09" axisangle="0 1 0 -.6" size="0.046 .106"/>
          <body name="ffoot" pos=".13 0 -.18">
            <joint name="ffoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-.5 .5" stiffness="60" damping="1.5"/>
            <geom name="ffoot" type="capsule" pos=".045 0 -.07" axisangle="0 1 0 -.6" size="0.046 .07"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="bthigh" joint="bthigh" gear="120"/>
    <motor name="bshin" joint="bshin" gear="90"/>
    <motor name="bfoot" joint="bfoot" gear="60"/>
    <motor name="fthigh" joint="fthigh" gear="120"/>
    <motor name="fshin" joint="fshin" gear="60"/>
    <motor name="ffoot" joint="ffoot" gear="30"/>
  </actuator>
</mujoco>
`;
