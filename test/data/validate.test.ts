import { describe, expect, it } from 'vitest';
import { createDataset, DatasetError, type DatasetInput } from '../../src/data';

/** Three valid rows, overridden per test. */
function base(overrides: Partial<DatasetInput> = {}): DatasetInput {
  return {
    observations: [
      [0, 1],
      [2, 3],
      [4, 5],
    ],
    actions: [[0], [0.5], [-0.5]],
    rewards: [0, 1, 2],
    terminals: [0, 0, 1],
    ...overrides,
  };
}

function expectDatasetError(input: DatasetInput, field: string, index: number | null, message: string | RegExp): void {
  let caught: unknown;
  try {
    createDataset(input);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DatasetError);
  const error = caught as DatasetError;
  expect(error.name).toBe('DatasetError');
  expect(error.field).toBe(field);
  expect(error.index).toBe(index);
  if (typeof message === 'string') expect(error.message).toContain(message);
  else expect(error.message).toMatch(message);
}

describe('createDataset validation', () => {
  it('accepts the valid base input', () => {
    expect(createDataset(base()).size).toBe(3);
  });

  it('rejects an empty dataset', () => {
    expectDatasetError(base({ observations: [], actions: [], rewards: [], terminals: [] }), 'rewards', null, /empty/);
  });

  it('rejects missing columns', () => {
    expectDatasetError(base({ rewards: undefined as never }), 'rewards', null, 'rewards must be an array');
    expectDatasetError(base({ observations: undefined as never }), 'observations', null, 'observations must be');
    expectDatasetError(base({ terminals: null as never }), 'terminals', null, 'terminals must be');
  });

  it('rejects length mismatches, naming both counts', () => {
    expectDatasetError(base({ actions: [[0], [0]] }), 'actions', null, 'actions has 2 rows but rewards has 3');
    expectDatasetError(base({ observations: [[0, 1]] }), 'observations', null, 'observations has 1 rows but rewards has 3');
    expectDatasetError(base({ terminals: [0, 1] }), 'terminals', null, 'terminals has 2 rows but rewards has 3');
    expectDatasetError(base({ timeouts: [0, 0, 0, 0] }), 'timeouts', null, 'timeouts has 4 rows but rewards has 3');
    expectDatasetError(
      base({ nextObservations: [[0, 1]] }),
      'nextObservations',
      null,
      'nextObservations has 1 rows but rewards has 3',
    );
  });

  it('rejects flat arrays that are not a whole number of rows', () => {
    expectDatasetError(
      base({ observations: new Float32Array(7) }),
      'observations',
      null,
      'observations has 7 values, which is not a whole number of values per row for the 3 rows of rewards',
    );
    expectDatasetError(base({ observations: new Float32Array(0) }), 'observations', null, 'observations is empty');
  });

  it('rejects rows of the wrong width', () => {
    expectDatasetError(
      base({ observations: [[0, 1], [2, 3], [4]] }),
      'observations',
      2,
      'observations[2] has width 1, expected 2',
    );
    expectDatasetError(base({ actions: [[0], [0, 0], [0]] }), 'actions', 1, 'actions[1] has width 2, expected 1');
    expectDatasetError(
      base({ nextObservations: [[0, 1], [2, 3, 4], [4, 5]] }),
      'nextObservations',
      1,
      'nextObservations[1] has width 3, expected 2',
    );
    expectDatasetError(
      base({ nextObservations: new Float32Array(9) }),
      'nextObservations',
      null,
      'nextObservations has width 3, expected 2',
    );
    expectDatasetError(base({ observations: [[], [], []] }), 'observations', 0, 'observations[0] has width 0');
    expectDatasetError(base({ observations: [[0, 1], 5 as never, [4, 5]] }), 'observations', 1, 'observations[1] is not an array');
  });

  it('rejects NaN, ±Infinity, non-numbers and float32 overflow, naming row and column', () => {
    expectDatasetError(base({ observations: [[0, 1], [Number.NaN, 3], [4, 5]] }), 'observations', 1, 'observations[1][0] is NaN');
    expectDatasetError(base({ observations: new Float64Array([0, 1, 2, 3, 4, Infinity]) }), 'observations', 2, 'observations[2][1] is Infinity');
    expectDatasetError(base({ rewards: [0, 1, -Infinity] }), 'rewards', 2, 'rewards[2] is -Infinity');
    expectDatasetError(base({ rewards: [0, Number.NaN, 1] }), 'rewards', 1, 'rewards[1] is NaN');
    expectDatasetError(base({ actions: [[0], [0], [Number.NaN]] }), 'actions', 2, 'actions[2][0] is NaN');
    expectDatasetError(
      base({ nextObservations: [[0, 1], [2, 3], [4, Number.NaN]] }),
      'nextObservations',
      2,
      'nextObservations[2][1] is NaN',
    );
    expectDatasetError(
      base({ observations: [[0, 1], [2, 'x' as never], [4, 5]] }),
      'observations',
      1,
      'observations[1][1] is not a number (got string)',
    );
    expectDatasetError(base({ rewards: [0, null as never, 1] }), 'rewards', 1, 'rewards[1] is not a number (got null)');
    expectDatasetError(
      base({ observations: [[0, 1], [2, 3], [1e39, 5]] }),
      'observations',
      2,
      'observations[2][0] = 1e+39 is outside the float32 range',
    );
  });

  it('rejects flags other than 0, 1 and booleans', () => {
    expectDatasetError(base({ terminals: [0, 0.5, 1] }), 'terminals', 1, 'terminals[1] = 0.5 is not 0, 1 or a boolean');
    expectDatasetError(base({ timeouts: [0, 0, 2] }), 'timeouts', 2, 'timeouts[2] = 2 is not 0, 1 or a boolean');
    expectDatasetError(base({ terminals: [0, Number.NaN, 1] }), 'terminals', 1, 'terminals[1] = NaN');
    expectDatasetError(base({ terminals: ['1', 0, 1] as never }), 'terminals', 0, 'terminals[0] = 1 (string)');
  });

  it('rejects box actions outside [low, high]', () => {
    expectDatasetError(base({ actions: [[0], [0.5], [1.5]] }), 'actions', 2, 'actions[2][0] = 1.5 is outside the box [-1, 1]');
    expectDatasetError(
      base({ actions: [[0, 1], [0, 2], [-3, 0]], actionSpace: { type: 'box', low: [-2, 0], high: [2, 2] } }),
      'actions',
      2,
      'actions[2][0] = -3 is outside the box [-2, 2]',
    );
    // bounds are inclusive
    expect(createDataset(base({ actions: [[-1], [1], [0]] })).actions).toEqual(new Float32Array([-1, 1, 0]));
  });

  it('rejects a box action width different from the space', () => {
    expectDatasetError(
      base({ actions: [[0, 0], [0, 0], [0, 0]], actionSpace: { type: 'box', low: [-1], high: [1] } }),
      'actions',
      null,
      'actions has width 2 but actionSpace.low has 1 dimensions',
    );
  });

  it('rejects malformed box spaces', () => {
    expectDatasetError(
      base({ actionSpace: { type: 'box', low: [-1], high: [1, 1] } }),
      'actionSpace',
      null,
      'actionSpace.low has 1 values but actionSpace.high has 2',
    );
    expectDatasetError(
      base({ actionSpace: { type: 'box', low: [-1, 2], high: [1, 1] } }),
      'actionSpace',
      1,
      'actionSpace.low[1] = 2 is greater than actionSpace.high[1] = 1',
    );
    expectDatasetError(
      base({ actionSpace: { type: 'box', low: [-Infinity], high: [1] } }),
      'actionSpace',
      0,
      'actionSpace.low[0] = -Infinity is not a finite number',
    );
    expectDatasetError(base({ actionSpace: { type: 'box', low: [], high: [] } }), 'actionSpace', null, 'actionSpace.low is empty');
    expectDatasetError(base({ actionSpace: { type: 'ring' } as never }), 'actionSpace', null, "actionSpace.type = ring must be 'box' or 'discrete'");
  });

  it('rejects discrete actions that are not integers in 0 … n − 1, and bad n', () => {
    const discrete = { type: 'discrete' as const, n: 3 };
    expectDatasetError(
      base({ actions: [0, 1.5, 2], actionSpace: discrete }),
      'actions',
      1,
      'actions[1] = 1.5 is not an action index in 0 … 2',
    );
    expectDatasetError(base({ actions: [0, 1, 3], actionSpace: discrete }), 'actions', 2, 'actions[2] = 3 is not an action index in 0 … 2');
    expectDatasetError(base({ actions: [[-1], [0], [0]], actionSpace: discrete }), 'actions', 0, 'actions[0][0] = -1 is not an action index');
    expectDatasetError(
      base({ actions: [[0, 1], [0, 1], [0, 1]], actionSpace: discrete }),
      'actions',
      null,
      'actions has width 2, expected 1',
    );
    expectDatasetError(base({ actions: [0, 0, 0], actionSpace: { type: 'discrete', n: 0 } }), 'actionSpace', null, 'actionSpace.n = 0 must be a positive integer');
    expectDatasetError(base({ actions: [0, 0, 0], actionSpace: { type: 'discrete', n: 2.5 } }), 'actionSpace', null, 'actionSpace.n = 2.5');
  });
});
