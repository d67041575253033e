/**
 * Maze maps of the point-maze world: parsing, validation and the cell geometry.
 *
 * **Frame.** Cell `(row i, column j)` of the map is the unit square centred at `(x, y) = (i, j)`,
 * i.e. `x` counts rows (down the printed map) and `y` counts columns (across it). This is the frame
 * of D4RL's maze2d (`qpos` ≈ `(row, col)` of the maze string, and its controller rounds a position
 * to a cell with `(round(x), round(y))`), so goals and positions read the same as in D4RL, e.g. the
 * large maze's goal is `[7, 9]`.
 */

/** A wall cell. */
const WALL_CHAR = '#';
/** An open cell. */
const OPEN_CHAR = 'O';
/** An open cell holding the fixed goal (at most one per map). */
const GOAL_CHAR = 'G';

/**
 * Half the side of a cell: cell `(i, j)` spans `[i − ½, i + ½] × [j − ½, j + ½]`.
 *
 * @example
 * ```ts
 * const [i, j] = cellAt(x, y);
 * const touchesLowerEdge = x - bodyRadius <= i - CELL_HALF_SIZE;
 * ```
 */
export const CELL_HALF_SIZE = 0.5;

/**
 * The four grid moves between neighbouring cells, as `[Δrow, Δcol]`, in a fixed order (up, down,
 * left, right on the printed map); ties between equally short paths go to the earlier move.
 *
 * @example
 * ```ts
 * for (const [di, dj] of CELL_MOVES) if (isOpenCell(map, i + di, j + dj)) visit(i + di, j + dj);
 * ```
 */
export const CELL_MOVES: ReadonlyArray<readonly [number, number]> = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
];

/**
 * A cell of a maze map as `[row, col]`.
 *
 * @example
 * ```ts
 * const goalCell: MazeCell = [7, 9]; // the large maze's goal
 * ```
 */
export type MazeCell = readonly [number, number];

/**
 * A parsed, validated maze map (see {@link parseMaze}).
 *
 * @example
 * ```ts
 * const map: MazeMap = parseMaze(['#####', '#GOO#', '###O#', '#OOO#', '#####']);
 * map.rows;        // 5
 * map.goalCell;    // [1, 1]
 * map.openCells;   // [[1, 1], [1, 2], [1, 3], [2, 3], [3, 1], [3, 2], [3, 3]]
 * ```
 */
export interface MazeMap {
  /** The map's rows as given, e.g. `['#####', '#GOO#', …]`. */
  readonly layout: readonly string[];
  /** Number of rows (the extent along `x`). */
  readonly rows: number;
  /** Number of columns (the extent along `y`). */
  readonly cols: number;
  /** `open[i * cols + j]` is true when cell `(i, j)` is open (`'O'` or `'G'`). */
  readonly open: readonly boolean[];
  /** Every open cell (including the goal cell) in row-major order. */
  readonly openCells: readonly MazeCell[];
  /** The `'G'` cell, when the map has one. */
  readonly goalCell?: MazeCell;
}

function cellName([i, j]: MazeCell): string {
  return `(row ${i}, col ${j})`;
}

/**
 * Parse and validate a maze given as rows of characters: `'#'` wall, `'O'` open, `'G'` an open
 * cell holding the fixed goal (optional, at most one).
 *
 * The map must be rectangular, use only those three characters, have at least one open cell, and
 * its open cells must be connected through their four side neighbours. Cells outside the map count
 * as walls, so a map without a border of `'#'` is still closed.
 *
 * @throws TypeError when `maze` is not an array of strings.
 * @throws RangeError naming the problem: empty map, ragged rows, an unknown character (with its row
 *   and column), no open cell, more than one `'G'`, or an open cell not reachable from the first one.
 *
 * @example
 * ```ts
 * const map = parseMaze(['#####', '#GOO#', '###O#', '#OOO#', '#####']);
 * isOpenCell(map, 1, 1); // true
 * parseMaze(['#O#', '###', '#O#']); // RangeError: open cells are not connected …
 * ```
 */
export function parseMaze(maze: readonly string[]): MazeMap {
  if (!Array.isArray(maze)) {
    throw new TypeError(`parseMaze: maze must be an array of strings (one per row), got ${typeof maze}`);
  }
  if (maze.length === 0) throw new RangeError('parseMaze: maze has no rows');
  maze.forEach((row, i) => {
    if (typeof row !== 'string') throw new TypeError(`parseMaze: maze[${i}] must be a string, got ${typeof row}`);
  });
  const rows = maze.length;
  const cols = maze[0].length;
  if (cols === 0) throw new RangeError('parseMaze: maze[0] is empty; every row needs at least one character');
  const open: boolean[] = [];
  const openCells: MazeCell[] = [];
  let goalCell: MazeCell | undefined;
  for (let i = 0; i < rows; i++) {
    const row = maze[i];
    if (row.length !== cols) {
      throw new RangeError(
        `parseMaze: maze is not rectangular: row ${i} has ${row.length} characters, row 0 has ${cols}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const ch = row[j];
      if (ch !== WALL_CHAR && ch !== OPEN_CHAR && ch !== GOAL_CHAR) {
        throw new RangeError(
          `parseMaze: unknown character '${ch}' at row ${i}, column ${j}; ` +
            `use '${WALL_CHAR}' (wall), '${OPEN_CHAR}' (open) or '${GOAL_CHAR}' (goal)`,
        );
      }
      const isOpen = ch !== WALL_CHAR;
      open.push(isOpen);
      if (isOpen) openCells.push([i, j]);
      if (ch === GOAL_CHAR) {
        if (goalCell !== undefined) {
          throw new RangeError(
            `parseMaze: maze has more than one goal '${GOAL_CHAR}': at ${cellName(goalCell)} and ${cellName([i, j])}`,
          );
        }
        goalCell = [i, j];
      }
    }
  }
  if (openCells.length === 0) {
    throw new RangeError(`parseMaze: maze has no open cell ('${OPEN_CHAR}' or '${GOAL_CHAR}')`);
  }
  const map: MazeMap = { layout: maze.slice(), rows, cols, open, openCells, goalCell };
  const distances = cellDistances(map, openCells[0]);
  const unreachable = openCells.find(([i, j]) => distances[i * cols + j] < 0);
  if (unreachable !== undefined) {
    throw new RangeError(
      `parseMaze: open cells are not connected: ${cellName(unreachable)} ` +
        `cannot be reached from ${cellName(openCells[0])}`,
    );
  }
  return map;
}

/**
 * Whether cell `(i, j)` is open; cells outside the map are walls.
 *
 * @example
 * ```ts
 * isOpenCell(map, 1, 1);  // true for the umaze's goal cell
 * isOpenCell(map, -1, 0); // false: outside the map
 * ```
 */
export function isOpenCell(map: MazeMap, i: number, j: number): boolean {
  return i >= 0 && i < map.rows && j >= 0 && j < map.cols && map.open[i * map.cols + j];
}

/**
 * The cell containing position `(x, y)`: `[round(x), round(y)]` (the frame of D4RL maze2d).
 *
 * @example
 * ```ts
 * cellAt(2.3, 0.6); // [2, 1]
 * ```
 */
export function cellAt(x: number, y: number): MazeCell {
  return [Math.round(x), Math.round(y)];
}

/**
 * The open side neighbours of cell `(i, j)`, in the order of {@link CELL_MOVES}.
 *
 * @example
 * ```ts
 * openNeighbours(parseMaze(['OOO']), 0, 1); // [[0, 0], [0, 2]]
 * ```
 */
export function openNeighbours(map: MazeMap, i: number, j: number): MazeCell[] {
  const out: MazeCell[] = [];
  for (const [di, dj] of CELL_MOVES) {
    if (isOpenCell(map, i + di, j + dj)) out.push([i + di, j + dj]);
  }
  return out;
}

/**
 * Marks a wall (or an open cell that cannot reach the target) in {@link cellDistances}.
 *
 * @example
 * ```ts
 * cellDistances(map, [1, 1])[0] === UNREACHABLE; // cell (0, 0) is a wall
 * ```
 */
export const UNREACHABLE = -1;

/**
 * Breadth-first search over open cells: the number of side moves from every cell to `target`,
 * indexed `i * cols + j`, and {@link UNREACHABLE} (−1) for walls and cells that cannot reach it.
 *
 * @throws RangeError when `target` is not an open cell of the map.
 *
 * @example
 * ```ts
 * const map = parseMaze(['OOO']);
 * Array.from(cellDistances(map, [0, 0])); // [0, 1, 2]
 * ```
 */
export function cellDistances(map: MazeMap, target: MazeCell): Int32Array {
  const [ti, tj] = target;
  if (!isOpenCell(map, ti, tj)) {
    throw new RangeError(`cellDistances: target ${cellName(target)} is not an open cell of the maze`);
  }
  const distances = new Int32Array(map.rows * map.cols).fill(UNREACHABLE);
  const queue: number[] = [ti * map.cols + tj];
  distances[queue[0]] = 0;
  for (let head = 0; head < queue.length; head++) {
    const index = queue[head];
    const i = Math.floor(index / map.cols);
    const j = index - i * map.cols;
    for (const [di, dj] of CELL_MOVES) {
      const ni = i + di;
      const nj = j + dj;
      if (!isOpenCell(map, ni, nj)) continue;
      const n = ni * map.cols + nj;
      if (distances[n] !== UNREACHABLE) continue;
      distances[n] = distances[index] + 1;
      queue.push(n);
    }
  }
  return distances;
}
