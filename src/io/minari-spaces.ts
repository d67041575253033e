import type { ActionSpace } from 'offline-rl';
import { parsePythonJson } from './python-json';

/** A Gymnasium space as Minari serialises it (minari/serialization.py): `{ type, … }`. */
export interface SerializedSpace {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * Reads one of metadata.json's space fields: Minari stores each space as a JSON string inside the
 * JSON (older files may hold the object itself).
 *
 * @returns the space, or undefined when the field is absent or unreadable.
 * @example
 * ```ts
 * serializedSpace('{"type": "Discrete", "n": 4, "start": 0}'); // { type: 'Discrete', n: 4, start: 0 }
 * ```
 * @internal
 */
export function serializedSpace(field: unknown): SerializedSpace | undefined {
  let value = field;
  if (typeof value === 'string') {
    try {
      value = parsePythonJson(value);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string'
    ? (value as SerializedSpace)
    : undefined;
}

/** Flattens a nested list of numbers (a Box bound of any shape) in row-major order. */
function flatNumbers(value: unknown): number[] | null {
  if (typeof value === 'number') return [value];
  if (value === null) return [Number.NaN];
  if (!Array.isArray(value)) return null;
  const out: number[] = [];
  for (const v of value) {
    const inner = flatNumbers(v);
    if (inner === null) return null;
    out.push(...inner);
  }
  return out;
}

/**
 * The library's action space for a serialised Gymnasium action space: `Box` with finite bounds →
 * box (bounds flattened), `Discrete` starting at 0 → discrete.
 *
 * @returns the space, or a reason it cannot be used.
 * @example
 * ```ts
 * actionSpaceOf({ type: 'Box', low: [-1, -1], high: [1, 1], shape: [2], dtype: 'float32' });
 * // { space: { type: 'box', low: [-1, -1], high: [1, 1] } }
 * ```
 * @internal
 */
export function actionSpaceOf(space: SerializedSpace): { space: ActionSpace } | { problem: string } {
  if (space.type === 'Box') {
    const low = flatNumbers(space.low);
    const high = flatNumbers(space.high);
    if (low === null || high === null || low.length !== high.length || low.length === 0) {
      return { problem: 'its Box action_space has malformed low/high' };
    }
    if (![...low, ...high].every(Number.isFinite)) {
      return { problem: 'its Box action_space has infinite bounds, which the library cannot scale actions to' };
    }
    return { space: { type: 'box', low, high } };
  }
  if (space.type === 'Discrete') {
    const start = space.start ?? 0;
    if (typeof space.n !== 'number' || start !== 0) {
      return { problem: `its Discrete action_space starts at ${String(start)}; the library's discrete actions are 0 … n − 1` };
    }
    return { space: { type: 'discrete', n: space.n } };
  }
  return { problem: `its action_space is a ${space.type}, which the library does not support (Box or Discrete)` };
}
