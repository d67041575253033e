import { open } from 'node:fs/promises';
import { DatasetFileError } from './dataset-file-error';

/** The 8 bytes every HDF5 file starts with (at offset 0, or 512, 1024, … after a user block). */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bytes read from the start: the signature and a version 0–3 superblock up to its end-of-file address. */
const SUPERBLOCK_BYTES = 64;
/** User blocks are 0 or a power of two ≥ 512; look this far for the signature. */
const MAX_USER_BLOCK = 1 << 16;
const FIRST_USER_BLOCK = 512;

function hasSignature(bytes: Uint8Array): boolean {
  return HDF5_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Reads a little-endian unsigned integer of `size` bytes, or null when it is HDF5's undefined address (all ones). */
function readAddress(bytes: Uint8Array, offset: number, size: number): number | null {
  let value = 0;
  let allOnes = true;
  for (let i = size - 1; i >= 0; i--) {
    const b = bytes[offset + i];
    if (b !== 0xff) allOnes = false;
    value = value * 256 + b;
  }
  return allOnes ? null : value;
}

/**
 * The end-of-file address a superblock records (relative to its base address), or null when the
 * superblock version is unknown or the address undefined.
 */
function endOfFileAddress(superblock: Uint8Array): { base: number; eof: number } | null {
  const version = superblock[8];
  let sizeOfOffsets: number;
  let baseAt: number;
  if (version === 0 || version === 1) {
    sizeOfOffsets = superblock[13];
    baseAt = version === 0 ? 24 : 28;
  } else if (version === 2 || version === 3) {
    sizeOfOffsets = superblock[9];
    baseAt = 12;
  } else {
    return null;
  }
  if (![2, 4, 8].includes(sizeOfOffsets) || baseAt + 3 * sizeOfOffsets > superblock.length) return null;
  const base = readAddress(superblock, baseAt, sizeOfOffsets);
  const eof = readAddress(superblock, baseAt + 2 * sizeOfOffsets, sizeOfOffsets);
  return base === null || eof === null ? null : { base, eof };
}

/**
 * Checks that `path` is an HDF5 file that is not cut short, before h5wasm opens it (h5wasm reports
 * neither case clearly): finds the signature, then compares the file's size with the end-of-file
 * address its superblock records.
 *
 * @throws DatasetFileError (field `'file'`) when the file is not HDF5 or is truncated.
 * @example
 * ```ts
 * await checkHdf5File('hopper-medium-v2.hdf5');
 * ```
 * @internal
 */
export async function checkHdf5File(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    let start = -1;
    const bytes = new Uint8Array(SUPERBLOCK_BYTES);
    for (let at = 0; at <= MAX_USER_BLOCK && at < size; at = at === 0 ? FIRST_USER_BLOCK : at * 2) {
      bytes.fill(0);
      await handle.read(bytes, 0, SUPERBLOCK_BYTES, at);
      if (hasSignature(bytes)) {
        start = at;
        break;
      }
    }
    if (start < 0) {
      throw new DatasetFileError(path, 'file', null, `is not an HDF5 file (no HDF5 signature; ${size} bytes)`);
    }
    const addresses = endOfFileAddress(bytes);
    if (addresses !== null && size < addresses.base + addresses.eof) {
      throw new DatasetFileError(
        path,
        'file',
        null,
        `is truncated: the file has ${size} bytes but its HDF5 superblock says ${addresses.base + addresses.eof}`,
      );
    }
  } finally {
    await handle.close();
  }
}
