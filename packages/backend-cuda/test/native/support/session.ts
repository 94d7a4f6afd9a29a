import type { NativeBinding } from '../../../src/native/binding.js';

type HostArray = Float32Array | Int32Array | Uint8Array;

/** A byte no kernel writes by accident: output buffers start filled with it, so unwritten elements show up. */
const SENTINEL_BYTE = 0xa5;

/**
 * The buffers one test case uses on one binding: uploads inputs, makes outputs, reads results, and frees everything
 * in {@link Session.dispose}, which also checks that the binding's bytesInUse is back where it started.
 */
export class Session {
  private readonly ids: number[] = [];
  private readonly startBytes: number;

  constructor(readonly binding: NativeBinding) {
    this.startBytes = binding.bytesInUse();
  }

  /** A buffer holding `values`. */
  input(values: HostArray): number {
    const id = this.binding.alloc(Math.max(values.byteLength, 1));
    this.ids.push(id);
    this.binding.upload(id, values);
    return id;
  }

  /** A buffer of `count` elements of `elementBytes`, every byte set to the sentinel. */
  output(count: number, elementBytes: 1 | 4): number {
    return this.input(new Uint8Array(Math.max(count * elementBytes, 1)).fill(SENTINEL_BYTE));
  }

  float32(id: number, count: number): Float32Array {
    const out = new Float32Array(count);
    this.binding.download(id, out);
    return out;
  }

  int32(id: number, count: number): Int32Array {
    const out = new Int32Array(count);
    this.binding.download(id, out);
    return out;
  }

  uint8(id: number, count: number): Uint8Array {
    const out = new Uint8Array(count);
    this.binding.download(id, out);
    return out;
  }

  /** Frees every buffer; throws when bytesInUse does not return to its value at construction. */
  dispose(): void {
    for (const id of this.ids.splice(0)) this.binding.free(id);
    const leaked = this.binding.bytesInUse() - this.startBytes;
    if (leaked !== 0) throw new Error(`bytesInUse is ${leaked} bytes above its starting value after freeing`);
  }
}

/** Runs `body` with a fresh session and disposes it afterwards, also when `body` throws. */
export function withSession<T>(binding: NativeBinding, body: (session: Session) => T): T {
  const session = new Session(binding);
  try {
    return body(session);
  } finally {
    session.dispose();
  }
}
