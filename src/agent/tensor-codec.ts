/**
 * A tensor as JSON: its shape and its float32 values, little-endian, base64.
 *
 * @example
 * ```ts
 * const t: SerializedTensor = { shape: [2], data: 'AACAPwAAAEA=' }; // [1, 2]
 * ```
 */
export interface SerializedTensor {
  shape: number[];
  data: string;
}

/**
 * Encodes float32 values as base64 (little-endian bytes, as typed arrays hold them on every platform
 * offline-rl runs on).
 *
 * @example
 * ```ts
 * encodeFloat32(Float32Array.of(1, 2)); // 'AACAPwAAAEA='
 * ```
 */
export function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/**
 * Decodes base64 float32 values, checking that there are exactly `expected` of them.
 *
 * @param label - names the tensor in errors (e.g. `network 'actor', layer 1 kernel`).
 * @throws Error naming `label` when the text is not base64 or holds another number of values.
 * @example
 * ```ts
 * decodeFloat32('AACAPwAAAEA=', 2, 'bias'); // Float32Array [1, 2]
 * ```
 */
export function decodeFloat32(text: unknown, expected: number, label: string): Float32Array {
  if (typeof text !== 'string') throw new Error(`${label}: data is not a base64 string`);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`${label}: data is not valid base64`);
  }
  if (binary.length !== expected * 4) {
    throw new Error(`${label}: data holds ${binary.length / 4} float32 values, expected ${expected} (the array was cut short or padded)`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
