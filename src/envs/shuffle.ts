import type { Rng } from '../rng';

/**
 * Shuffle `items` in place with the Fisher–Yates algorithm, drawing from `rng`, and return it.
 *
 * @example
 * ```ts
 * shuffleInPlace([0, 1, 2, 3], new Rng(1)); // a permutation, the same one for the same seed
 * ```
 */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
