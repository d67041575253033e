import type { Rng } from '../rng';
import { orthogonalMatrix } from './orthogonal';

/**
 * How a dense layer's initial weights are drawn:
 *
 * - `'orthogonal'`: orthogonal kernel times a gain (√2 by default) and zero biases — the official
 *   IQL code (`default_init`), CORL's IQL/CQL networks.
 * - `'pytorch'`: PyTorch's `nn.Linear` default, `kaiming_uniform_(a=√5)` on the kernel and the
 *   matching bias init, which both come to `U(−1/√fan_in, 1/√fan_in)` — what the authors' TD3+BC
 *   code (and CORL's and d3rlpy's TD3+BC) trains from. Its weights are about 2.5× smaller than
 *   orthogonal(√2) ones on a 256-wide layer, so first Q-values and pre-tanh actions start near 0.
 *
 * @example
 * ```ts
 * const init: NetworkInit = 'pytorch';
 * new MLP({ inputDim: 4, hiddenDims: [256, 256], outputDim: 1, rng, name: 'q', init });
 * ```
 */
export type NetworkInit = 'orthogonal' | 'pytorch';

/**
 * The initialisation of a network that does not say which: orthogonal, zero biases. Agents saved
 * before the option existed were initialised this way.
 *
 * @example
 * ```ts
 * new MLP({ inputDim: 4, hiddenDims: [8], outputDim: 1, rng, name: 'v' }); // DEFAULT_NETWORK_INIT
 * ```
 */
export const DEFAULT_NETWORK_INIT: NetworkInit = 'orthogonal';

/**
 * Every {@link NetworkInit}, for validation and error messages.
 *
 * @example
 * ```ts
 * NETWORK_INITS.includes(cfg.init); // true for a valid choice
 * ```
 */
export const NETWORK_INITS: readonly NetworkInit[] = Object.freeze(['orthogonal', 'pytorch']);

/**
 * Throws a RangeError naming `owner` and `field` unless `value` is a {@link NetworkInit}.
 *
 * @example
 * ```ts
 * checkNetworkInit('trainTD3BC', 'init', cfg.init);
 * ```
 */
export function checkNetworkInit(owner: string, field: string, value: unknown): asserts value is NetworkInit {
  if (!NETWORK_INITS.includes(value as NetworkInit)) {
    throw new RangeError(`${owner}: ${field} must be ${NETWORK_INITS.map((s) => `'${s}'`).join(' or ')}, got ${JSON.stringify(value)}`);
  }
}

/**
 * Initial values of one dense layer `[fanIn → fanOut]`, drawn on the host in float64 from `rng` (so
 * they are the same on every backend).
 *
 * @param gain - the orthogonal scale (ignored by `'pytorch'`, whose scale is fixed by `fanIn`).
 * @returns the kernel, row-major `[fanIn, fanOut]`, and the bias `[fanOut]`.
 * @example
 * ```ts
 * const { kernel, bias } = initialDenseLayer('pytorch', 17, 256, Math.SQRT2, new Rng(0));
 * // every entry of both in [−1/√17, 1/√17)
 * ```
 */
export function initialDenseLayer(init: NetworkInit, fanIn: number, fanOut: number, gain: number, rng: Rng): { kernel: Float32Array; bias: Float32Array } {
  switch (init) {
    case 'orthogonal':
      return { kernel: orthogonalMatrix(fanIn, fanOut, gain, rng), bias: new Float32Array(fanOut) };
    case 'pytorch': {
      if (!Number.isInteger(fanIn) || !Number.isInteger(fanOut) || fanIn <= 0 || fanOut <= 0) {
        throw new RangeError(`initialDenseLayer: fanIn and fanOut must be positive integers, got ${fanIn} × ${fanOut}`);
      }
      // kaiming_uniform_(a=√5): gain √(2/(1+5)) = 1/√3, bound = gain·√(3/fan_in) = 1/√fan_in; the bias
      // bound is 1/√fan_in as well. Kernel first, then bias, as nn.Linear.reset_parameters draws them.
      const bound = 1 / Math.sqrt(fanIn);
      const uniform = (n: number) => Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * bound);
      const kernel = uniform(fanIn * fanOut);
      return { kernel, bias: uniform(fanOut) };
    }
    default:
      throw new RangeError(`initialDenseLayer: unknown init ${JSON.stringify(init)} (expected ${NETWORK_INITS.map((s) => `'${s}'`).join(' or ')})`);
  }
}
