import { CELL_HALF_SIZE, isOpenCell } from './maze-map';
import type { MazeMap } from './maze-map';

/**
 * The physics constants of the point mass (units: cells and seconds).
 *
 * Why these numbers: a unit-norm action held from rest reaches the top speed in 4 steps, covering
 * 0.19 cell meanwhile, then moves 0.08 cell per step: one cell from rest takes 15 steps, and a
 * straight corridor 12.5 steps per cell — the same order as D4RL's maze2d (MuJoCo, gear 100 on a
 * 0.1-radius ball of mass ≈ 4.2, speed clipped at 5 per axis, 0.01 s per step: ~31 steps for the
 * first cell from rest, 20 per cell at top speed).
 * Stopping from top speed takes ~0.1 cell, so momentum matters at turns without making a
 * unit-norm command overshoot far. Five substeps keep the per-substep move (≤ 0.016 cell) far below
 * the body radius, so collisions are resolved exactly.
 *
 * @example
 * ```ts
 * POINT_MAZE_PHYSICS.maxSpeed * POINT_MAZE_PHYSICS.stepDuration; // 0.08 cell per step at top speed
 * ```
 */
export const POINT_MAZE_PHYSICS = Object.freeze({
  /** Simulated seconds per env step. */
  stepDuration: 0.1,
  /** Euler substeps per env step (each `stepDuration / substeps` long). */
  substeps: 5,
  /** Acceleration (cells/s²) per unit of action: `v̇ = acceleration · a − damping · v`. */
  acceleration: 2.5,
  /** Linear velocity damping (1/s): with no action the speed decays as `exp(−damping · t)`. */
  damping: 1,
  /** Speed limit (cells/s) on the velocity's Euclidean norm, applied after every substep. */
  maxSpeed: 0.8,
  /**
   * Half the side of the point's square body (cells), as D4RL's ball radius 0.1: the square
   * `[x − r, x + r] × [y − r, y + r]` never overlaps a wall cell.
   */
  bodyRadius: 0.1,
});

/**
 * Gap (cells) left between the body and a wall it touches, so that rounding never makes a resting
 * contact count as an overlap.
 */
const CONTACT_GAP = 1e-9;

/** Index of the x (row) coordinate in a position pair. */
const AXIS_X = 0;
/** Index of the y (column) coordinate in a position pair. */
const AXIS_Y = 1;

/**
 * The state of the point mass: position `(x, y)` and velocity `(vx, vy)`, in the frame of
 * `maze-map.ts` (`x` along rows, `y` along columns). It is also the env's observation.
 *
 * @example
 * ```ts
 * const s: PointMassState = [1, 1, 0, 0]; // at rest at the centre of cell (1, 1)
 * ```
 */
export type PointMassState = readonly [x: number, y: number, vx: number, vy: number];

/**
 * Whether the square body of half-side `radius` centred at `(x, y)` overlaps a wall cell (cells
 * outside the map are walls). Touching a wall's edge is not an overlap.
 *
 * @example
 * ```ts
 * const map = parseMaze(['#O#']);
 * bodyOverlapsWall(map, 0, 1, 0.1);   // false
 * bodyOverlapsWall(map, 0, 0.55, 0.1); // true: the body reaches into cell (0, 0)
 * ```
 */
export function bodyOverlapsWall(map: MazeMap, x: number, y: number, radius: number): boolean {
  // Cell k spans [k − ½, k + ½]; the body overlaps it when lo < k + ½ and hi > k − ½ (strictly).
  const iMin = Math.floor(x - radius - CELL_HALF_SIZE) + 1;
  const iMax = Math.ceil(x + radius + CELL_HALF_SIZE) - 1;
  const jMin = Math.floor(y - radius - CELL_HALF_SIZE) + 1;
  const jMax = Math.ceil(y + radius + CELL_HALF_SIZE) - 1;
  for (let i = iMin; i <= iMax; i++) {
    for (let j = jMin; j <= jMax; j++) {
      if (!isOpenCell(map, i, j)) return true;
    }
  }
  return false;
}

/**
 * Move the body along one axis by `delta` (updating `position` in place), stopping at the first
 * wall. Returns whether a wall stopped it. The start position must be free.
 */
function moveAxis(map: MazeMap, position: [number, number], axis: number, delta: number, radius: number): boolean {
  const start = position[axis];
  position[axis] = start + delta;
  if (!bodyOverlapsWall(map, position[AXIS_X], position[AXIS_Y], radius)) return false;
  // The start was free and |delta| < 1 cell, so the wall hit is the cell just ahead of the body's
  // leading edge: put the edge against that cell's near side.
  const edge = position[axis] + Math.sign(delta) * radius;
  const wallCell = delta > 0 ? Math.ceil(edge + CELL_HALF_SIZE) - 1 : Math.floor(edge - CELL_HALF_SIZE) + 1;
  const contact =
    delta > 0
      ? wallCell - CELL_HALF_SIZE - radius - CONTACT_GAP
      : wallCell + CELL_HALF_SIZE + radius + CONTACT_GAP;
  position[axis] = contact;
  if (bodyOverlapsWall(map, position[AXIS_X], position[AXIS_Y], radius)) position[axis] = start;
  return true;
}

/**
 * One env step of the point mass under a force command `action` (already clipped to `[−1, 1]²`):
 * {@link POINT_MAZE_PHYSICS}`.substeps` Euler substeps of
 * `v ← v + h·(acceleration·a − damping·v)`, then `|v| ≤ maxSpeed`, then `x ← x + vx·h` and
 * `y ← y + vy·h`, each axis resolved against the walls separately: a wall stops the body at contact
 * and zeroes that velocity component (an inelastic, frictionless contact, so the body slides along
 * walls). The body never overlaps a wall cell.
 *
 * @returns the new state (a fresh array).
 * @example
 * ```ts
 * const map = parseMaze(POINT_MAZE_LAYOUTS.open);
 * let s: PointMassState = [2, 3, 0, 0];
 * for (let t = 0; t < 10; t++) s = pointMassStep(map, s, [1, 0]); // moves towards larger x
 * ```
 */
export function pointMassStep(map: MazeMap, state: PointMassState, action: readonly [number, number]): PointMassState {
  const { stepDuration, substeps, acceleration, damping, maxSpeed, bodyRadius } = POINT_MAZE_PHYSICS;
  const h = stepDuration / substeps;
  const position: [number, number] = [state[0], state[1]];
  let vx = state[2];
  let vy = state[3];
  for (let k = 0; k < substeps; k++) {
    vx += h * (acceleration * action[0] - damping * vx);
    vy += h * (acceleration * action[1] - damping * vy);
    const speed = Math.hypot(vx, vy);
    if (speed > maxSpeed) {
      vx *= maxSpeed / speed;
      vy *= maxSpeed / speed;
    }
    if (moveAxis(map, position, AXIS_X, vx * h, bodyRadius)) vx = 0;
    if (moveAxis(map, position, AXIS_Y, vy * h, bodyRadius)) vy = 0;
  }
  return [position[0], position[1], vx, vy];
}
