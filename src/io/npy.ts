/** The 6 bytes every .npy file starts with. */
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy pads the header so the data starts on a multiple of this many bytes. */
const NPY_HEADER_ALIGN = 64;

/** An array read from a .npy file: its shape and its values in row-major (C) order. */
export interface NpyArray {
  /** numpy's dtype string (`'<f4'`, `'|b1'`, `'<U12'`, …). */
  readonly descr: string;
  /** The array's shape (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** Numbers (or, for `'<U…'` strings, text) in C order. */
  readonly values: ArrayLike<number> | readonly string[];
}

type Numeric = { bytes: number; read: (view: DataView, offset: number) => number };

/** numpy dtypes the reader understands (little-endian or byte-sized). */
const NUMERIC: Readonly<Record<string, Numeric>> = {
  f4: { bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  f8: { bytes: 8, read: (v, o) => v.getFloat64(o, true) },
  f2: { bytes: 2, read: (v, o) => halfToNumber(v.getUint16(o, true)) },
  b1: { bytes: 1, read: (v, o) => v.getUint8(o) },
  u1: { bytes: 1, read: (v, o) => v.getUint8(o) },
  i1: { bytes: 1, read: (v, o) => v.getInt8(o) },
  u2: { bytes: 2, read: (v, o) => v.getUint16(o, true) },
  i2: { bytes: 2, read: (v, o) => v.getInt16(o, true) },
  u4: { bytes: 4, read: (v, o) => v.getUint32(o, true) },
  i4: { bytes: 4, read: (v, o) => v.getInt32(o, true) },
  u8: { bytes: 8, read: (v, o) => Number(v.getBigUint64(o, true)) },
  i8: { bytes: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
};

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Parses a .npy file (format versions 1–3; C or Fortran order; little-endian numbers, booleans and
 * `'<U'` strings).
 *
 * @throws Error describing what is not understood (the caller adds the file and member name).
 * @example
 * ```ts
 * const { shape, values } = parseNpy(bytes); // shape [1000, 17], values a Float32Array
 * ```
 * @internal
 */
export function parseNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || !NPY_MAGIC.every((b, i) => bytes[i] === b)) throw new Error('is not a .npy array (no \\x93NUMPY signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw new Error('has a .npy header longer than the file (truncated?)');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1] === 'True';
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined) throw new Error(`has a .npy header numpy did not write: ${header.trim()}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;

  const stringMatch = /^([<|])U(\d+)$/.exec(descr);
  if (stringMatch) {
    const chars = Number(stringMatch[2]);
    if (dataStart + count * chars * 4 > bytes.length) throw new Error(`holds fewer bytes than its shape [${shape.join(', ')}] needs (truncated?)`);
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      let text = '';
      for (let c = 0; c < chars; c++) {
        const code = view.getUint32(dataStart + (i * chars + c) * 4, true);
        if (code === 0) break;
        text += String.fromCodePoint(code);
      }
      values.push(text);
    }
    return { descr, shape, values };
  }
  const numeric = /^[<|=]?([fbuil]\d)$/.exec(descr);
  const type = numeric ? NUMERIC[numeric[1]] : undefined;
  if (!type || (descr.startsWith('>') && type.bytes > 1)) throw new Error(`has dtype '${descr}', which is not a little-endian number or boolean`);
  if (dataStart + count * type.bytes > bytes.length) throw new Error(`holds fewer bytes than its shape [${shape.join(', ')}] needs (truncated?)`);
  const values = type.bytes === 4 && numeric![1] === 'f4' ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = type.read(view, dataStart + i * type.bytes);
  return { descr, shape, values: fortran && shape.length > 1 ? toCOrder(values, shape) : values };
}

/** Reorders Fortran-order (column-major) values into C order. */
function toCOrder(values: Float32Array | Float64Array, shape: readonly number[]): Float32Array | Float64Array {
  const out = new (values.constructor as Float64ArrayConstructor)(values.length);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let f = 0; f < values.length; f++) {
    // f enumerates Fortran order: the first index varies fastest.
    let c = 0;
    for (let d = 0; d < rank; d++) c = c * shape[d] + index[d];
    out[c] = values[f];
    for (let d = 0; d < rank; d++) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Writes a .npy file (version 1.0, C order) of float32, float64 or uint8 values, or a scalar
 * unicode string, as `numpy.save` does.
 *
 * @example
 * ```ts
 * const bytes = writeNpy(new Float32Array([1, 2, 3, 4]), [2, 2]);
 * ```
 * @internal
 */
export function writeNpy(values: Float32Array | Float64Array | Uint8Array | string, shape: readonly number[]): Uint8Array {
  let descr: string;
  let data: Uint8Array;
  if (typeof values === 'string') {
    const codes = Array.from(values, (ch) => ch.codePointAt(0)!);
    const chars = Math.max(1, codes.length);
    descr = `<U${chars}`;
    data = new Uint8Array(chars * 4);
    const view = new DataView(data.buffer);
    codes.forEach((code, i) => view.setUint32(i * 4, code, true));
  } else {
    descr = values instanceof Float32Array ? '<f4' : values instanceof Float64Array ? '<f8' : '|u1';
    data = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((NPY_HEADER_ALIGN - (unpadded % NPY_HEADER_ALIGN)) % NPY_HEADER_ALIGN) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}
