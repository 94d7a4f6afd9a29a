import { InvalidArgumentError, ShapeError } from '@gen/core';

/** An unsigned-byte array read from an IDX file by {@link parseIdx}. */
export interface IdxArray {
  /** The shape, e.g. [60000, 28, 28] for MNIST's training images, [60000] for its labels. */
  readonly shape: readonly number[];
  /** The values, row-major: a view of the file's bytes. */
  readonly values: Uint8Array;
}

/**
 * Reads an IDX file of unsigned bytes, the format of MNIST and Fashion-MNIST (`*-idx3-ubyte`, `*-idx1-ubyte`,
 * uncompressed): two zero bytes, type 0x08 (unsigned byte), the number of dimensions (1–4), each dimension as a
 * big-endian uint32, then the data, which must be exactly as long as the dimensions say.
 *
 * @param bytes - The file's bytes (gunzipped).
 * @param name - The file's name, for error messages.
 * @returns The array; its values share the file's bytes.
 * @throws `InvalidArgumentError` naming `bytes` for a bad magic number, another data type, a truncated header or
 *   the wrong amount of data; `ShapeError` naming `bytes` for 0 or more than 4 dimensions, or a zero dimension.
 * @example
 * ```ts
 * const labels = parseIdx(gunzipSync(await readFile('train-labels-idx1-ubyte.gz')), 'labels').values;
 * ```
 * @see http://yann.lecun.com/exdb/mnist/ (the format, at the bottom of the page).
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const fail = (expected: string, received: unknown): never => {
    throw new InvalidArgumentError('bytes', expected, received, `In ${name}.`);
  };
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) fail('an IDX file (starting with two zero bytes)', bytes);
  if (bytes[2] !== 0x08) fail('IDX data type 0x08 (unsigned byte)', bytes[2]);
  const rank = bytes[3] as number;
  if (rank < 1 || rank > 4) throw new ShapeError('bytes', '1 to 4 dimensions', [rank], `In ${name}.`);
  const dataStart = 4 + 4 * rank;
  if (bytes.length < dataStart) fail(`a header of ${dataStart} bytes`, `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  if (shape.some((s) => s < 1)) throw new ShapeError('bytes', 'positive dimensions', shape, `In ${name}.`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - dataStart !== count) {
    fail(`${count} data bytes for shape [${shape}]`, `${bytes.length - dataStart} bytes`);
  }
  return { shape, values: bytes.subarray(dataStart) };
}
