/**
 * Loading TensorFlow.js's wasm backend on a shared memory, so that the GEMM helper thread can
 * compute in place on the tensors (no copies in or out). The backend's module defines its own,
 * unshared memory; {@link importSharedMemory} rewrites the module's bytes so that it imports one
 * instead (`env.memory`, declared shared), and {@link withSharedWasmHeap} supplies that memory while
 * the backend initialises. Nothing else in the module changes, so it computes exactly as before.
 */

/** WebAssembly section ids used here. */
const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
/** Import kind of a memory, and the limits flag of a shared memory with a maximum. */
const KIND_MEMORY = 2;
const LIMITS_SHARED_WITH_MAX = 3;
/** Largest wasm32 memory in 64 KiB pages (4 GiB): the maximum a shared memory must declare. */
export const MAX_WASM32_PAGES = 65536;

function readUnsigned(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    if (pos >= bytes.length) throw new Error('importSharedMemory: truncated LEB128 number');
    const byte = bytes[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: pos };
    shift += 7;
  }
}

function unsigned(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return out;
}

function name(text: string): number[] {
  const utf8 = [...new TextEncoder().encode(text)];
  return [...unsigned(utf8.length), ...utf8];
}

function section(id: number, payload: number[] | Uint8Array): Uint8Array {
  const size = unsigned(payload.length);
  const out = new Uint8Array(1 + size.length + payload.length);
  out[0] = id;
  out.set(size, 1);
  out.set(payload, 1 + size.length);
  return out;
}

/**
 * Rewrites a WebAssembly module that defines exactly one memory (and imports none) so that it
 * imports it instead, as `env.memory`, shared, with `maxPages` as its maximum. Returns the new
 * bytes and the memory's initial size in pages (the size the module declared).
 *
 * @throws Error when the bytes are not such a module.
 * @example
 * ```ts
 * const { bytes, initialPages } = importSharedMemory(tfjsWasmBytes);
 * const memory = new WebAssembly.Memory({ initial: initialPages, maximum: MAX_WASM32_PAGES, shared: true });
 * await WebAssembly.instantiate(bytes, { ...imports, env: { ...imports.env, memory } });
 * ```
 */
export function importSharedMemory(module: Uint8Array, maxPages = MAX_WASM32_PAGES): { bytes: Uint8Array<ArrayBuffer>; initialPages: number } {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (module.length < 8 || magic.some((b, i) => module[i] !== b)) throw new Error('importSharedMemory: not a WebAssembly module (version 1)');
  // Each section's bytes as they stand (id, size, payload), and its payload.
  const sections: { id: number; bytes: Uint8Array; payload: Uint8Array }[] = [];
  for (let pos = 8; pos < module.length; ) {
    const id = module[pos];
    const { value: size, next } = readUnsigned(module, pos + 1);
    if (next + size > module.length) throw new Error('importSharedMemory: truncated section');
    sections.push({ id, bytes: module.subarray(pos, next + size), payload: module.subarray(next, next + size) });
    pos = next + size;
  }
  const memories = sections.filter((s) => s.id === SECTION_MEMORY);
  if (memories.length !== 1) throw new Error('importSharedMemory: the module defines no memory');
  const memory = memories[0].payload;
  const count = readUnsigned(memory, 0);
  if (count.value !== 1) throw new Error(`importSharedMemory: the module defines ${count.value} memories; expected 1`);
  const initial = readUnsigned(memory, count.next + 1);
  if (initial.value > maxPages) throw new Error('importSharedMemory: the memory starts larger than its maximum');

  const entry = [...name('env'), ...name('memory'), KIND_MEMORY, LIMITS_SHARED_WITH_MAX, ...unsigned(initial.value), ...unsigned(maxPages)];
  const imports = sections.find((s) => s.id === SECTION_IMPORT);
  let importPayload: number[];
  if (imports) {
    const have = readUnsigned(imports.payload, 0);
    for (let i = 0, pos = have.next; i < have.value; i++) {
      for (let field = 0; field < 2; field++) {
        const length = readUnsigned(imports.payload, pos);
        pos = length.next + length.value;
      }
      const kind = imports.payload[pos++];
      if (kind === KIND_MEMORY) throw new Error('importSharedMemory: the module already imports a memory');
      // Skip the import's description: a function's type index; a table's element type and limits;
      // a global's type and mutability.
      if (kind === 0) pos = readUnsigned(imports.payload, pos).next;
      else if (kind === 1) pos = skipLimits(imports.payload, pos + 1);
      else if (kind === 3) pos += 2;
      else throw new Error(`importSharedMemory: unknown import kind ${kind}`);
    }
    importPayload = [...unsigned(have.value + 1), ...imports.payload.subarray(have.next), ...entry];
  } else {
    importPayload = [...unsigned(1), ...entry];
  }
  const parts: Uint8Array[] = [module.subarray(0, 8)];
  let placed = false;
  for (const s of sections) {
    if (s.id === SECTION_MEMORY) continue;
    // The import section goes where it was, or right after the type section when there was none.
    if (s.id === SECTION_IMPORT) {
      parts.push(section(SECTION_IMPORT, importPayload));
      placed = true;
      continue;
    }
    if (!placed && s.id !== 0 && s.id > SECTION_TYPE) {
      parts.push(section(SECTION_IMPORT, importPayload));
      placed = true;
    }
    parts.push(s.bytes);
  }
  if (!placed) parts.push(section(SECTION_IMPORT, importPayload));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return { bytes, initialPages: initial.value };
}

function skipLimits(bytes: Uint8Array, at: number): number {
  const flags = bytes[at];
  let pos = readUnsigned(bytes, at + 1).next;
  if (flags & 1) pos = readUnsigned(bytes, pos).next;
  return pos;
}

/** The emscripten import that marks the tfjs wasm backend's module among other instantiations. */
const TFJS_WASM_IMPORT = 'emscripten_resize_heap';

type Instantiate = typeof WebAssembly.instantiate;

/**
 * Runs `init` (which initialises TensorFlow.js's wasm backend) with the backend's module loaded on a
 * shared memory: while it runs, `WebAssembly.instantiate` calls that look like the backend's (an
 * emscripten module with a memory of its own) get the rewritten module and a fresh shared memory;
 * everything else passes through, and the original function is put back before this returns. Where
 * shared memory is unavailable, or the rewrite fails, the backend loads as it would have.
 *
 * @returns what `init` returns, and the shared memory when the backend was loaded on one.
 * @example
 * ```ts
 * const { value: ok, memory } = await withSharedWasmHeap(() => tf.setBackend('wasm'));
 * ```
 */
export async function withSharedWasmHeap<T>(init: () => Promise<T>): Promise<{ value: T; memory: WebAssembly.Memory | null }> {
  if (typeof SharedArrayBuffer === 'undefined' || typeof WebAssembly !== 'object') return { value: await init(), memory: null };
  const original: Instantiate = WebAssembly.instantiate;
  let memory: WebAssembly.Memory | null = null;
  let tried = false;
  const patched = ((source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
    const env = imports?.env as Record<string, unknown> | undefined;
    if (!tried && env && TFJS_WASM_IMPORT in env && !('memory' in env) && !(source instanceof WebAssembly.Module)) {
      tried = true;
      try {
        const bytes = ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source);
        const rewritten = importSharedMemory(bytes);
        const shared = new WebAssembly.Memory({ initial: rewritten.initialPages, maximum: MAX_WASM32_PAGES, shared: true });
        return original(rewritten.bytes, { ...imports, env: { ...env, memory: shared } }).then(
          (result) => {
            memory = shared;
            return result;
          },
          () => original(source, imports),
        );
      } catch {
        // Not the module expected: load it unchanged.
      }
    }
    return original(source as BufferSource, imports);
  }) as Instantiate;
  WebAssembly.instantiate = patched;
  try {
    const value = await init();
    return { value, memory };
  } finally {
    if (WebAssembly.instantiate === patched) WebAssembly.instantiate = original;
  }
}
