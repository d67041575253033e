/**
 * A float64 multilayer perceptron in plain JavaScript numbers, for reference tests: ReLU hidden
 * layers, a linear output, `h_{l+1} = relu(h_l · W_l + b_l)` with `W_l` of shape `[in, out]` (the
 * library's MLP layout: variables `[W0, b0, W1, b1, …]`). No tfjs, nothing shared with the library.
 */

/** One dense layer: `W[i][j]` maps input `i` to output `j`; `b[j]`. */
export interface Layer64 {
  W: number[][];
  b: number[];
}

/** A network: its layers in order (the last one linear). */
export type Mlp64 = Layer64[];

/** What {@link backward64} needs from a forward pass. */
export interface Trace64 {
  /** The input of each layer. */
  inputs: number[][][];
  /** Each layer's pre-activation `x·W + b`. */
  pre: number[][][];
  /** The network output (the last pre-activation). */
  output: number[][];
}

/** `x · W + b` for a batch `x` `[B, in]`. */
export function affine64(x: number[][], layer: Layer64): number[][] {
  const out = layer.b.length;
  return x.map((row) => {
    const z = layer.b.slice();
    row.forEach((xi, i) => {
      const wi = layer.W[i];
      for (let j = 0; j < out; j++) z[j] += xi * wi[j];
    });
    return z;
  });
}

/** Forward pass `[B, in] → [B, out]`, keeping the trace. */
export function forward64(net: Mlp64, x: number[][]): Trace64 {
  const inputs: number[][][] = [];
  const pre: number[][][] = [];
  let h = x;
  net.forEach((layer, l) => {
    inputs.push(h);
    const z = affine64(h, layer);
    pre.push(z);
    h = l < net.length - 1 ? z.map((row) => row.map((v) => Math.max(v, 0))) : z;
  });
  return { inputs, pre, output: h };
}

/** Forward pass, output only. */
export function predict64(net: Mlp64, x: number[][]): number[][] {
  return forward64(net, x).output;
}

/**
 * Backward pass from `dOut = ∂L/∂output` `[B, out]`: the gradient of every layer (same shapes as
 * the network) and `∂L/∂x` `[B, in]`.
 */
export function backward64(net: Mlp64, trace: Trace64, dOut: number[][]): { grads: Mlp64; dx: number[][] } {
  const grads: Mlp64 = new Array(net.length);
  let g = dOut;
  for (let l = net.length - 1; l >= 0; l--) {
    const layer = net[l];
    const x = trace.inputs[l];
    const nIn = layer.W.length;
    const nOut = layer.b.length;
    const dW = Array.from({ length: nIn }, () => new Array<number>(nOut).fill(0));
    const db = new Array<number>(nOut).fill(0);
    x.forEach((row, n) => {
      for (let j = 0; j < nOut; j++) {
        db[j] += g[n][j];
        for (let i = 0; i < nIn; i++) dW[i][j] += row[i] * g[n][j];
      }
    });
    grads[l] = { W: dW, b: db };
    // ∂L/∂x of this layer, then through the ReLU of the layer below (its pre-activation > 0).
    const dx = g.map((gn) => layer.W.map((wi) => wi.reduce((s, w, j) => s + w * gn[j], 0)));
    g = l > 0 ? dx.map((row, n) => row.map((v, i) => (trace.pre[l - 1][n][i] > 0 ? v : 0))) : dx;
  }
  return { grads, dx: g };
}

/** All parameters in the library's variable order (W0 row-major, b0, W1, b1, …). */
export function flattenMlp64(net: Mlp64): number[] {
  return net.flatMap((layer) => [...layer.W.flat(), ...layer.b]);
}

/** The inverse of {@link flattenMlp64}, shaped like `like`. */
export function unflattenMlp64(flat: number[], like: Mlp64): Mlp64 {
  let k = 0;
  const take = (n: number) => {
    const part = flat.slice(k, k + n);
    k += n;
    return part;
  };
  const net = like.map((layer) => ({
    W: layer.W.map((row) => take(row.length)),
    b: take(layer.b.length),
  }));
  if (k !== flat.length) throw new Error(`unflattenMlp64: ${flat.length} values for ${k} parameters`);
  return net;
}

/** Number of parameters. */
export function countMlp64(net: Mlp64): number {
  return net.reduce((s, layer) => s + layer.W.length * layer.b.length + layer.b.length, 0);
}

/** `(1 − rate)·target + rate·source`, parameter by parameter. */
export function polyak64(target: Mlp64, source: Mlp64, rate: number): Mlp64 {
  const mix = (t: number, s: number) => (1 - rate) * t + rate * s;
  return target.map((layer, l) => ({
    W: layer.W.map((row, i) => row.map((t, j) => mix(t, source[l].W[i][j]))),
    b: layer.b.map((t, j) => mix(t, source[l].b[j])),
  }));
}

/** Row-wise `concat(a, b)`. */
export function concatRows64(a: number[][], b: number[][]): number[][] {
  return a.map((row, n) => [...row, ...b[n]]);
}
