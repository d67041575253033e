/**
 * The physics of Gymnasium's `Pendulum-v1`: a rigid rod of mass `m` and length `l` hinged at one
 * end, angle θ measured from UPRIGHT (θ = 0 is balanced on top, θ = ±π hangs down), driven by a
 * torque `u`. One step of length `dt` is the semi-implicit (symplectic) Euler update
 *
 *     θ̇' = clip(θ̇ + (3g / 2l · sin θ + 3 / (m l²) · u) · dt, −maxSpeed, maxSpeed)
 *     θ'  = θ + θ̇' · dt                      (the NEW velocity moves the angle)
 *
 * with `u` first clipped to `[−maxTorque, maxTorque]`, and the reward, computed from the state
 * BEFORE the step, `−(normalize(θ)² + 0.1 θ̇² + 0.001 u²)`.
 */

/**
 * The constants of the pendulum. {@link PENDULUM_PHYSICS} holds Gymnasium's values.
 *
 * @example
 * ```ts
 * const frictionlessUnbounded: PendulumPhysics = { ...PENDULUM_PHYSICS, maxSpeed: Infinity };
 * ```
 */
export interface PendulumPhysics {
  /** Gravity (m/s²). Gymnasium: 10. */
  readonly g: number;
  /** Mass of the rod (kg). Gymnasium: 1. */
  readonly m: number;
  /** Length of the rod (m). Gymnasium: 1. */
  readonly l: number;
  /** Time step (s). Gymnasium: 0.05. */
  readonly dt: number;
  /** The angular velocity is clipped to `±maxSpeed` (rad/s) after each update. Gymnasium: 8. */
  readonly maxSpeed: number;
  /** Torques are clipped to `±maxTorque` (N·m); also the action box. Gymnasium: 2. */
  readonly maxTorque: number;
}

/**
 * Gymnasium `Pendulum-v1`'s constants (`gymnasium/envs/classic_control/pendulum.py`, default `g`).
 *
 * @example
 * ```ts
 * PENDULUM_PHYSICS.maxTorque; // 2: the action box is [−2, 2]
 * ```
 */
export const PENDULUM_PHYSICS: Readonly<PendulumPhysics> = Object.freeze({
  g: 10,
  m: 1,
  l: 1,
  dt: 0.05,
  maxSpeed: 8,
  maxTorque: 2,
});

/** Weight of θ̇² in the cost. */
const SPEED_COST = 0.1;
/** Weight of u² in the cost. */
const TORQUE_COST = 0.001;

/**
 * The pendulum's state `[θ, θ̇]`. θ is NOT wrapped by the dynamics (it accumulates whole turns, as
 * in Gymnasium); observations and the reward use it through cos, sin and {@link angleNormalize}.
 *
 * @example
 * ```ts
 * const hanging: PendulumState = [Math.PI, 0];
 * ```
 */
export type PendulumState = readonly [theta: number, thetaDot: number];

/**
 * Wrap an angle into `[−π, π)`: Gymnasium's `((x + π) % 2π) − π` with numpy's floored modulo.
 *
 * @example
 * ```ts
 * angleNormalize(3 * Math.PI / 2); // −π/2
 * angleNormalize(-Math.PI);        // −π
 * ```
 */
export function angleNormalize(theta: number): number {
  const period = 2 * Math.PI;
  // JS `%` is C's exact fmod; numpy's float `%` is fmod moved into [0, period) the same way.
  let wrapped = (theta + Math.PI) % period;
  if (wrapped < 0) wrapped += period;
  return wrapped - Math.PI;
}

/**
 * The reward of applying the (already clipped) torque `u` in state `[θ, θ̇]`:
 * `−(angleNormalize(θ)² + 0.1 θ̇² + 0.001 u²)`. At most 0 (upright, at rest, no torque); at least
 * about −16.27 with Gymnasium's limits (−(π² + 0.1·8² + 0.001·2²)).
 *
 * @example
 * ```ts
 * pendulumReward([Math.PI, 0], 0); // −π² ≈ −9.87: hanging at rest
 * ```
 */
export function pendulumReward(state: PendulumState, u: number): number {
  const th = angleNormalize(state[0]);
  return -(th * th + SPEED_COST * state[1] * state[1] + TORQUE_COST * u * u);
}

/**
 * Clip a torque to `[−maxTorque, maxTorque]`.
 *
 * @example
 * ```ts
 * clipTorque(5, PENDULUM_PHYSICS); // 2
 * ```
 */
export function clipTorque(u: number, physics: PendulumPhysics = PENDULUM_PHYSICS): number {
  return Math.min(physics.maxTorque, Math.max(-physics.maxTorque, u));
}

/**
 * One step of the pendulum (see the module comment for the update). Pure: returns the next state
 * and the reward, with the torque clipped first.
 *
 * @example
 * ```ts
 * const { state, reward } = pendulumStep([Math.PI / 2, 0], 2);
 * // θ̇' = (15 · 1 + 3 · 2) · 0.05 = 1.05, θ' = π/2 + 1.05 · 0.05; reward −(π/2)² − 0.004
 * ```
 */
export function pendulumStep(
  state: PendulumState,
  torque: number,
  physics: PendulumPhysics = PENDULUM_PHYSICS,
): { state: [number, number]; reward: number } {
  const { g, m, l, dt, maxSpeed } = physics;
  const u = clipTorque(torque, physics);
  const [th, thDot] = state;
  const reward = pendulumReward(state, u);
  const accel = ((3 * g) / (2 * l)) * Math.sin(th) + (3 / (m * l * l)) * u;
  const newThDot = Math.min(maxSpeed, Math.max(-maxSpeed, thDot + accel * dt));
  return { state: [th + newThDot * dt, newThDot], reward };
}

/**
 * The observation of a state: `[cos θ, sin θ, θ̇]`.
 *
 * @example
 * ```ts
 * pendulumObservation([0, 1]); // [1, 0, 1]
 * ```
 */
export function pendulumObservation(state: PendulumState): number[] {
  return [Math.cos(state[0]), Math.sin(state[0]), state[1]];
}
