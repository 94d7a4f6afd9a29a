/** Buffer bookkeeping of each tested build: ids, bytesInUse, upload and download bounds. */
import { describe, expect, it } from 'vitest';
import { testedBindings } from './support/bindings.js';

describe.each(testedBindings)('$name build: buffers', ({ binding }) => {
  it('counts allocated bytes and returns to the starting count when everything is freed', () => {
    const start = binding.bytesInUse();
    const a = binding.alloc(12);
    const b = binding.alloc(1000);
    expect(binding.bytesInUse()).toBe(start + 1012);
    binding.free(a);
    expect(binding.bytesInUse()).toBe(start + 1000);
    binding.free(b);
    expect(binding.bytesInUse()).toBe(start);
  });

  it('hands out positive integer ids and never reuses one', () => {
    const first = binding.alloc(4);
    binding.free(first);
    const second = binding.alloc(4);
    binding.free(second);
    expect(Number.isInteger(first) && first > 0).toBe(true);
    expect(second).toBeGreaterThan(first);
  });

  it('throws for a free of an unknown or already freed id, and keeps its count', () => {
    const start = binding.bytesInUse();
    const id = binding.alloc(8);
    binding.free(id);
    expect(() => binding.free(id)).toThrow(`free: buffer ${id} is not allocated (freed already, or never allocated)`);
    expect(() => binding.free(987654321)).toThrow(/^free: buffer 987654321 is not allocated/);
    expect(binding.bytesInUse()).toBe(start);
  });

  it('round-trips each element type and uploads into the start of a larger buffer', () => {
    const id = binding.alloc(16);
    try {
      for (const values of [
        Float32Array.of(1.5, -2, 3e-39, 4),
        Int32Array.of(-1, 2 ** 31 - 1, 0, 7),
        Uint8Array.of(1, 0, 255),
      ]) {
        binding.upload(id, values);
        const back = new (values.constructor as new (n: number) => typeof values)(values.length);
        binding.download(id, back);
        expect(Array.from(back)).toEqual(Array.from(values));
      }
      // A partial upload leaves the rest of the buffer as it was.
      binding.upload(id, Float32Array.of(9, 9, 9, 9));
      binding.upload(id, Float32Array.of(1));
      const all = new Float32Array(4);
      binding.download(id, all);
      expect(Array.from(all)).toEqual([1, 9, 9, 9]);
    } finally {
      binding.free(id);
    }
  });

  it('rejects an upload or download larger than the buffer, naming both sizes', () => {
    const id = binding.alloc(16);
    try {
      expect(() => binding.upload(id, new Float32Array(5))).toThrow(
        `upload: values holds 20 bytes, more than buffer ${id} holds (16 bytes)`,
      );
      expect(() => binding.download(id, new Uint8Array(17))).toThrow(
        `download: out holds 17 bytes, more than buffer ${id} holds (16 bytes)`,
      );
    } finally {
      binding.free(id);
    }
  });
});
