/**
 * Argument checks shared by the environments, the dataset builders and `evaluate`. Each throws a
 * `RangeError` (or `TypeError` for a value of the wrong type) that names the argument.
 */

/**
 * Throw unless `value` is an integer ≥ 1.
 *
 * @example
 * ```ts
 * checkPositiveInteger('banditDataset: size', 1000); // ok
 * checkPositiveInteger('banditDataset: size', 0);    // RangeError
 * ```
 */
export function checkPositiveInteger(name: string, value: number): void {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

/**
 * Throw unless `value` is a probability: a finite number in `[0, 1]`.
 *
 * @example
 * ```ts
 * checkProbability('twoStepChainDataset: upAtS0', 0.5); // ok
 * checkProbability('twoStepChainDataset: upAtS0', 1.5); // RangeError
 * ```
 */
export function checkProbability(name: string, value: number): void {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a probability in [0, 1], got ${value}`);
}

/**
 * Throw unless `value` is a finite number.
 *
 * @example
 * ```ts
 * checkFinite('bandit: rewards[0]', 0); // ok
 * checkFinite('evaluate: seed', NaN);   // RangeError
 * ```
 */
export function checkFinite(name: string, value: number): void {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}
