import { describe, expect, it } from 'vitest';
import { POINT_MAZE_EPISODE_STEPS, POINT_MAZE_LAYOUTS, POINT_MAZE_LAYOUT_NAMES, parseMaze } from '../../src/envs';
import { cellAt, cellDistances, isOpenCell, openNeighbours } from '../../src/envs/point-maze';

describe('parseMaze', () => {
  it('parses rows of # / O / G into open cells, a goal cell and the size', () => {
    const map = parseMaze(['#####', '#GOO#', '###O#', '#OOO#', '#####']);
    expect(map.rows).toBe(5);
    expect(map.cols).toBe(5);
    expect(map.goalCell).toEqual([1, 1]);
    expect(map.openCells).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 3],
      [3, 1],
      [3, 2],
      [3, 3],
    ]);
    expect(isOpenCell(map, 1, 1)).toBe(true);
    expect(isOpenCell(map, 0, 0)).toBe(false);
    expect(isOpenCell(map, -1, 2)).toBe(false);
    expect(isOpenCell(map, 2, 5)).toBe(false);
  });

  it('accepts a map without G and without a border (outside counts as wall)', () => {
    const map = parseMaze(['OO', 'O#']);
    expect(map.goalCell).toBeUndefined();
    expect(map.openCells).toHaveLength(3);
    expect(isOpenCell(map, 0, 2)).toBe(false);
  });

  it('rejects malformed maps with an error naming the problem', () => {
    expect(() => parseMaze([])).toThrow(/no rows/);
    expect(() => parseMaze(['#O#', '#O'])).toThrow(/not rectangular: row 1 has 2 characters, row 0 has 3/);
    expect(() => parseMaze(['#O#', '#X#'])).toThrow(/unknown character 'X' at row 1, column 1/);
    expect(() => parseMaze(['###', '###'])).toThrow(/no open cell/);
    expect(() => parseMaze(['GOG'])).toThrow(/more than one goal 'G': at \(row 0, col 0\) and \(row 0, col 2\)/);
    expect(() => parseMaze(['O#O'])).toThrow(/not connected: \(row 0, col 2\) cannot be reached from \(row 0, col 0\)/);
    // Diagonal neighbours do not connect.
    expect(() => parseMaze(['O#', '#O'])).toThrow(/not connected/);
    expect(() => parseMaze(['O#O'])).toThrow(RangeError);
    expect(() => parseMaze('OOO' as unknown as string[])).toThrow(TypeError);
    expect(() => parseMaze([1 as unknown as string])).toThrow(/maze\[0\] must be a string/);
  });

  it('finds neighbours, cells of positions and BFS distances', () => {
    const map = parseMaze(POINT_MAZE_LAYOUTS.umaze);
    expect(cellAt(1.4, 2.6)).toEqual([1, 3]);
    expect(openNeighbours(map, 1, 3)).toEqual([
      [2, 3],
      [1, 2],
    ]);
    const d = cellDistances(map, [1, 1]);
    expect(d[3 * map.cols + 1]).toBe(6); // the far end of the U
    expect(d[0]).toBe(-1);
    expect(() => cellDistances(map, [0, 0])).toThrow(/not an open cell/);
  });
});

describe('built-in layouts', () => {
  it('reproduce the D4RL maze2d maps, goals and episode lengths', () => {
    expect(POINT_MAZE_LAYOUT_NAMES).toEqual(['open', 'umaze', 'medium', 'large']);
    const expected = {
      open: { size: [5, 7], goal: [2, 3], open: 15, steps: 150 },
      umaze: { size: [5, 5], goal: [1, 1], open: 7, steps: 300 },
      medium: { size: [8, 8], goal: [6, 6], open: 26, steps: 600 },
      large: { size: [9, 12], goal: [7, 9], open: 46, steps: 800 },
    };
    for (const layout of POINT_MAZE_LAYOUT_NAMES) {
      const map = parseMaze(POINT_MAZE_LAYOUTS[layout]);
      expect([map.rows, map.cols]).toEqual(expected[layout].size);
      expect(map.goalCell).toEqual(expected[layout].goal);
      expect(map.openCells).toHaveLength(expected[layout].open);
      expect(POINT_MAZE_EPISODE_STEPS[layout]).toBe(expected[layout].steps);
    }
    expect(POINT_MAZE_LAYOUTS.large[7]).toBe('#OO#OOO#OGO#');
    expect(POINT_MAZE_LAYOUTS.medium[6]).toBe('#OOO#OG#');
  });
});
