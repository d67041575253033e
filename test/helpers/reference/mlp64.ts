/**
 * A float64 multilayer perceptron in plain JavaScript numbers, for reference tests: ReLU hidden
 * layers, a linear output, `h_{l+1} = relu(h_l · W_l + b_l)` with `W_l` of shape `[in, out]` (the
 * library's MLP layout: variables `[W0, b0, W1, b1, …]`). A hidden layer may carry a layer norm
 * after its ReLU, `h_{l+1} = LN(relu(·))·scale + offset` (variables `[W_l, b_l, scale_l, offset_l]`).
 * No tfjs, nothing shared with the library.
 */

/** ε of the layer norm (flax `nn.LayerNorm`, as ReBRAC uses). */
export const LAYER_NORM_EPSILON64 = 1e-6;

/** One dense layer: `W[i][j]` maps input `i` to output `j`; `b[j]`; optionally a layer norm after its ReLU. */
export interface Layer64 {
  W: number[][];
  b: number[];
  norm?: { scale: number[]; offset: number[] };
}

/** A network: its layers in order (the last one linear). */
export type Mlp64 = Layer64[];

/** What {@link backward64} needs from a forward pass. */
export interface Trace64 {
  /** The input of each layer. */
  inputs: number[][][];
  /** Each layer's pre-activation `x·W + b`. */
  pre: number[][][];
  /** Each hidden layer's normalised rows `x̂` and `1/σ` per row, when it has a layer norm. */
  norms: Array<{ xhat: number[][]; invStd: number[] } | null>;
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
  const norms: Trace64['norms'] = [];
  let h = x;
  net.forEach((layer, l) => {
    inputs.push(h);
    const z = affine64(h, layer);
    pre.push(z);
    h = l < net.length - 1 ? z.map((row) => row.map((v) => Math.max(v, 0))) : z;
    if (l === net.length - 1) return;
    const norm = layer.norm;
    if (!norm) {
      norms.push(null);
      return;
    }
    const invStd: number[] = [];
    const xhat = h.map((row) => {
      const mu = row.reduce((s, v) => s + v, 0) / row.length;
      const variance = row.reduce((s, v) => s + (v - mu) ** 2, 0) / row.length;
      const inv = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON64);
      invStd.push(inv);
      return row.map((v) => (v - mu) * inv);
    });
    norms.push({ xhat, invStd });
    h = xhat.map((row) => row.map((v, j) => v * norm.scale[j] + norm.offset[j]));
  });
  return { inputs, pre, norms, output: h };
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
    grads[l] = { ...grads[l], W: dW, b: db };
    // ∂L/∂x of this layer, then back through the layer norm and the ReLU of the layer below.
    let dx = g.map((gn) => layer.W.map((wi) => wi.reduce((s, w, j) => s + w * gn[j], 0)));
    if (l > 0) {
      const norm = net[l - 1].norm;
      const nt = trace.norms[l - 1];
      if (norm && nt) {
        const width = norm.scale.length;
        const dScale = new Array<number>(width).fill(0);
        const dOffset = new Array<number>(width).fill(0);
        dx = dx.map((row, n) => {
          row.forEach((v, j) => {
            dScale[j] += v * nt.xhat[n][j];
            dOffset[j] += v;
          });
          // x̂ = (y − μ)/σ: ∂L/∂y = (1/σ)(ĝ − mean ĝ − x̂·mean(ĝ ⊙ x̂)), ĝ = ∂L/∂x̂.
          const gh = row.map((v, j) => v * norm.scale[j]);
          const meanG = gh.reduce((s, v) => s + v, 0) / width;
          const meanGX = gh.reduce((s, v, j) => s + v * nt.xhat[n][j], 0) / width;
          return gh.map((v, j) => nt.invStd[n] * (v - meanG - nt.xhat[n][j] * meanGX));
        });
        grads[l - 1] = { W: [], b: [], norm: { scale: dScale, offset: dOffset } };
      }
      dx = dx.map((row, n) => row.map((v, i) => (trace.pre[l - 1][n][i] > 0 ? v : 0)));
    }
    g = dx;
  }
  return { grads, dx: g };
}

/** All parameters in the library's variable order (W0 row-major, b0, W1, b1, …). */
export function flattenMlp64(net: Mlp64): number[] {
  return net.flatMap((layer) => [...layer.W.flat(), ...layer.b, ...(layer.norm ? [...layer.norm.scale, ...layer.norm.offset] : [])]);
}

/** The inverse of {@link flattenMlp64}, shaped like `like`. */
export function unflattenMlp64(flat: number[], like: Mlp64): Mlp64 {
  let k = 0;
  const take = (n: number) => {
    const part = flat.slice(k, k + n);
    k += n;
    return part;
  };
  const net = like.map((layer) => {
    const out: Layer64 = { W: layer.W.map((row) => take(row.length)), b: take(layer.b.length) };
    if (layer.norm) out.norm = { scale: take(layer.norm.scale.length), offset: take(layer.norm.offset.length) };
    return out;
  });
  if (k !== flat.length) throw new Error(`unflattenMlp64: ${flat.length} values for ${k} parameters`);
  return net;
}

/** Number of parameters. */
export function countMlp64(net: Mlp64): number {
  return flattenMlp64(net).length;
}

/** `(1 − rate)·target + rate·source`, parameter by parameter. */
export function polyak64(target: Mlp64, source: Mlp64, rate: number): Mlp64 {
  const mix = (t: number, s: number) => (1 - rate) * t + rate * s;
  const src = flattenMlp64(source);
  return unflattenMlp64(
    flattenMlp64(target).map((t, k) => mix(t, src[k])),
    target,
  );
}

/** Row-wise `concat(a, b)`. */
export function concatRows64(a: number[][], b: number[][]): number[][] {
  return a.map((row, n) => [...row, ...b[n]]);
}
