import { checkFinite } from '../check-args';
import { PENDULUM_PHYSICS, clipTorque } from './dynamics';
import type { PendulumPhysics } from './dynamics';

/**
 * Half-angle (rad) of the cone around upright inside which the balancing law may take over.
 * Tuned with the two constants below on Gymnasium's constants (grid search over 100 starts).
 */
const CAPTURE_ANGLE = 1.2;
/** The balancing law takes over when the swing energy is within ±ENERGY_BAND of upright-at-rest. */
const ENERGY_BAND = 2;
/** Below this speed (rad/s) a pendulum short of energy gets a full-torque kick (it may rest at the bottom). */
const KICK_SPEED = 0.05;
/** Pumping torque = maxTorque · sign(θ̇) · min(1, PUMP_GAIN · |θ̇|). */
const PUMP_GAIN = 3;
/** Braking torque = −maxTorque · sign(θ̇) · min(1, BRAKE_GAIN · excess energy). */
const BRAKE_GAIN = 0.1;
/** Weights of the reward's quadratic cost (θ², θ̇², u²): the balancing law is the LQR for them. */
const COST_WEIGHTS = [1, 0.1, 0.001] as const;
/** Riccati iterations of {@link pendulumLqrGains} (converged long before). */
const RICCATI_ITERATIONS = 2000;

/**
 * A scripted policy for the pendulum: observation `[cos θ, sin θ, θ̇]` → action `[u]`.
 *
 * @example
 * ```ts
 * const controller: PendulumController = pendulumController();
 * controller([-1, 0, 0]); // [2]: a kick from rest at the bottom
 * ```
 */
export type PendulumController = (observation: readonly number[]) => number[];

/**
 * The infinite-horizon discrete-time LQR gains `[kθ, kθ̇]` (torque `u = −kθ θ − kθ̇ θ̇`) of the
 * pendulum linearised at upright, `θ̇' = θ̇ + (a θ + b u) dt`, `θ' = θ + θ̇' dt` with
 * `a = 3g / 2l`, `b = 3 / (m l²)`, for the reward's cost weights `θ² + 0.1 θ̇² + 0.001 u²`
 * (Riccati iteration). With Gymnasium's constants ≈ `[19.69, 5.26]`.
 *
 * @example
 * ```ts
 * const [kTheta, kSpeed] = pendulumLqrGains(); // ≈ [19.69, 5.26]
 * ```
 */
export function pendulumLqrGains(physics: PendulumPhysics = PENDULUM_PHYSICS): [number, number] {
  const { g, m, l, dt } = physics;
  const a = (3 * g) / (2 * l);
  const b = 3 / (m * l * l);
  const [q1, q2, r] = COST_WEIGHTS;
  // x = [θ, θ̇]; x' = A x + B u (θ' uses the new θ̇).
  const A = [
    [1 + a * dt * dt, dt],
    [a * dt, 1],
  ];
  const B = [b * dt * dt, b * dt];
  let P = [
    [q1, 0],
    [0, q2],
  ];
  let K: [number, number] = [0, 0];
  for (let it = 0; it < RICCATI_ITERATIONS; it++) {
    const PB = [P[0][0] * B[0] + P[0][1] * B[1], P[1][0] * B[0] + P[1][1] * B[1]];
    const s = r + B[0] * PB[0] + B[1] * PB[1];
    K = [(PB[0] * A[0][0] + PB[1] * A[1][0]) / s, (PB[0] * A[0][1] + PB[1] * A[1][1]) / s];
    const C = [
      [A[0][0] - B[0] * K[0], A[0][1] - B[0] * K[1]],
      [A[1][0] - B[1] * K[0], A[1][1] - B[1] * K[1]],
    ];
    const next = [
      [0, 0],
      [0, 0],
    ];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let acc = (i === j ? (i === 0 ? q1 : q2) : 0) + K[i] * r * K[j];
        for (let p = 0; p < 2; p++) for (let q = 0; q < 2; q++) acc += C[p][i] * P[p][q] * C[q][j];
        next[i][j] = acc;
      }
    }
    P = next;
  }
  return K;
}

/**
 * Options of {@link pendulumController}.
 *
 * @example
 * ```ts
 * const options: PendulumControllerOptions = { physics: { ...PENDULUM_PHYSICS, g: 9.81 } };
 * ```
 */
export interface PendulumControllerOptions {
  /** The constants the controller assumes. Default {@link PENDULUM_PHYSICS}. */
  physics?: PendulumPhysics;
}

/**
 * A scripted swing-up controller for {@link pendulum}, deterministic and noise-free; the expert of
 * `pendulumDataset` and the `max` reference score. With θ from `atan2(sin θ, cos θ)` and the swing
 * energy `E = ½ θ̇² + a (cos θ − 1)` (`a = 3g / 2l`; 0 upright at rest, −2a hanging at rest):
 *
 * 1. **Balance**: within 1.2 rad of upright and |E| < 2, the LQR law of {@link pendulumLqrGains},
 *    clipped to the torque limit.
 * 2. **Pump**: short of energy (E < 0), push along the motion, `u = 2 · sign(θ̇) · min(1, 3 |θ̇|)`
 *    (a full kick when |θ̇| < 0.05), since `dE/dt ∝ u θ̇`.
 * 3. **Brake**: with too much energy, push against the motion in proportion to the excess.
 *
 * Over 1000 random starts it averages about −148 per 200-step episode (a value-iteration policy on
 * a 201 × 161 grid scores about −146; uniform random torques about −1220).
 *
 * @example
 * ```ts
 * const env = pendulum();
 * const act = pendulumController();
 * let obs = env.reset(0);
 * for (let t = 0; t < 200; t++) obs = env.step(act(obs)).observation;
 * ```
 */
export function pendulumController(options: PendulumControllerOptions = {}): PendulumController {
  const physics = options.physics ?? PENDULUM_PHYSICS;
  const [kTheta, kSpeed] = pendulumLqrGains(physics);
  const a = (3 * physics.g) / (2 * physics.l);
  const uMax = physics.maxTorque;
  const cosCapture = Math.cos(CAPTURE_ANGLE);
  return (observation: readonly number[]): number[] => {
    const [c, s, w] = observation;
    checkFinite('pendulumController: observation[0]', c);
    checkFinite('pendulumController: observation[1]', s);
    checkFinite('pendulumController: observation[2]', w);
    const theta = Math.atan2(s, c);
    const cosTheta = Math.cos(theta);
    const energy = 0.5 * w * w + a * (cosTheta - 1);
    if (cosTheta > cosCapture && Math.abs(energy) < ENERGY_BAND) {
      return [clipTorque(-(kTheta * theta + kSpeed * w), physics)];
    }
    if (energy < 0) {
      if (Math.abs(w) < KICK_SPEED) return [uMax];
      return [uMax * Math.sign(w) * Math.min(1, PUMP_GAIN * Math.abs(w))];
    }
    return [-uMax * Math.sign(w) * Math.min(1, BRAKE_GAIN * energy)];
  };
}
