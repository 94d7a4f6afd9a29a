/**
 * Argument checking of each tested build: every bad argument is refused before anything runs, with a message that
 * starts with the function, names the argument, and says what was expected and what arrived.
 */
import { describe, expect, it } from 'vitest';
import { BINARY_OP, DTYPE_CODE, type NativeBinding, REDUCE_OP, UNARY_OP } from '../../src/native/binding.js';
import { testedBindings } from './support/bindings.js';
import { withSession } from './support/session.js';

/** Calls a binding function with arguments its type would not allow. */
function callLoosely(binding: NativeBinding, name: keyof NativeBinding, ...args: unknown[]): unknown {
  return (binding[name] as (...a: unknown[]) => unknown)(...args);
}

const i32 = (...values: number[]) => Int32Array.from(values);

describe.each(testedBindings)('$name build: argument checks', ({ binding }) => {
  it('checks the argument count, listing the arguments', () => {
    expect(() => callLoosely(binding, 'unary', 0, 1)).toThrow(
      'unary: expected 5 arguments (op, x, out, size, alpha), got 2',
    );
    expect(() => callLoosely(binding, 'bytesInUse', 1)).toThrow('bytesInUse: expected 0 arguments (), got 1');
  });

  it('checks sizes and ids are integers in range', () => {
    expect(() => binding.alloc(0)).toThrow('alloc: bytes must be an integer ≥ 1, got the number 0');
    expect(() => binding.alloc(1.5)).toThrow('alloc: bytes must be an integer ≥ 1, got the number 1.5');
    expect(() => callLoosely(binding, 'alloc', '8')).toThrow('alloc: bytes must be an integer ≥ 1, got a string');
    withSession(binding, (s) => {
      expect(() => binding.fill(s.output(1, 4), 1, 0, 3)).toThrow(
        'fill: dtype must be an integer in [0, 2], got the number 3',
      );
    });
  });

  it('refuses unknown op codes', () => {
    expect(() => binding.unary(99, 1, 1, 0, 0)).toThrow('unary: op is not a UNARY_OP code, got 99');
    expect(() => binding.binary(9, 1, 1, 1, i32(), i32(), i32())).toThrow('binary: op is not a BINARY_OP code, got 9');
    expect(() => binding.reduce(6, 1, 1, 0, 0)).toThrow('reduce: op is not a REDUCE_OP code, got 6');
  });

  it('refuses unknown buffers and buffers too small for the call', () => {
    withSession(binding, (s) => {
      const small = s.output(2, 4);
      expect(() => binding.unary(UNARY_OP.exp, 987654321, small, 2, 0)).toThrow(
        'unary: x is buffer 987654321, which is not allocated (freed already, or never allocated)',
      );
      expect(() => binding.unary(UNARY_OP.exp, small, small, 4, 0)).toThrow(
        `unary: x (buffer ${small}, 8 bytes = 2 elements of 4 bytes) is too small: this call needs 4 elements`,
      );
      expect(() => binding.reduce(REDUCE_OP.any, small, small, 3, 3)).toThrow(
        `reduce: x (buffer ${small}, 8 bytes = 8 elements of 1 bytes) is too small: this call needs 9 elements`,
      );
    });
  });

  it('checks shapes and strides', () => {
    withSession(binding, (s) => {
      const x = s.output(12, 4);
      const add = (shape: Int32Array, aStrides: Int32Array, bStrides: Int32Array) =>
        binding.binary(BINARY_OP.add, x, x, x, shape, aStrides, bStrides);
      expect(() =>
        callLoosely(binding, 'binary', BINARY_OP.add, x, x, x, new Float32Array(2), i32(1, 1), i32(1, 1)),
      ).toThrow('binary: outShape must be an Int32Array, got a Float32Array');
      expect(() => add(i32(3, 4), i32(1), i32(4, 1))).toThrow(
        'binary: aStrides must have one stride per axis of the shape (2), got 1',
      );
      expect(() => add(i32(3, -1), i32(4, 1), i32(4, 1))).toThrow('binary: outShape must hold extents ≥ 0, got -1');
      expect(() => add(new Int32Array(9).fill(1), new Int32Array(9), new Int32Array(9))).toThrow(
        'binary: outShape must hold at most 8 elements, got 9',
      );
    });
  });

  it('refuses strided accesses outside a buffer, past its end or before its start', () => {
    withSession(binding, (s) => {
      const src = s.output(12, 4);
      const dst = s.output(12, 4);
      expect(() => binding.copyStrided(src, 0, i32(5, 1), dst, 0, i32(4, 1), i32(3, 4), 4)).toThrow(
        `copyStrided: src (buffer ${src}, 48 bytes = 12 elements of 4 bytes) would be accessed at element 13, ` +
          'past its end (check the offset, shape and strides)',
      );
      expect(() => binding.copyStrided(src, 0, i32(-1), dst, 0, i32(1), i32(2), 4)).toThrow(
        `copyStrided: src (buffer ${src}, 48 bytes = 12 elements of 4 bytes) would be accessed at element -1, ` +
          'before its start (check the offset and strides)',
      );
      expect(() => binding.copyStrided(src, 0, i32(1), dst, 0, i32(1), i32(2), 2)).toThrow(
        'copyStrided: elementBytes must be 1 or 4, got 2',
      );
      expect(() => binding.tile(src, dst, i32(2, 0), i32(2, 3), 4)).toThrow(
        'tile: inShape has extent 0 on axis 1, where outShape does not',
      );
      expect(() => binding.tile(src, dst, i32(2, 3), i32(6), 4)).toThrow(
        'tile: outShape must have the rank of inShape (2), got 1',
      );
    });
  });

  it('refuses an output in a buffer that the GPU would still be reading', () => {
    withSession(binding, (s) => {
      const x = s.output(12, 4);
      const shared = (call: string, input: string) =>
        `${call}: out must not be the buffer of ${input} (buffer ${x}): the GPU computes all elements at once, ` +
        'so it would read elements already overwritten';
      expect(() => binding.reduce(REDUCE_OP.sum, x, x, 3, 4)).toThrow(shared('reduce', 'x'));
      // A broadcast operand, a transposed one, and bools written over floats:
      expect(() => binding.binary(BINARY_OP.add, x, x, x, i32(3, 4), i32(4, 1), i32(0, 1))).toThrow(
        shared('binary', 'b'),
      );
      expect(() => binding.binary(BINARY_OP.add, x, x, x, i32(3, 4), i32(1, 3), i32(4, 1))).toThrow(
        shared('binary', 'a'),
      );
      expect(() => binding.binary(BINARY_OP.less, x, x, x, i32(12), i32(1), i32(1))).toThrow(shared('binary', 'a'));
      expect(() => binding.cast(x, DTYPE_CODE.float32, x, DTYPE_CODE.bool, 12)).toThrow(shared('cast', 'x'));
      expect(() => binding.isFinite(x, x, 12)).toThrow(shared('isFinite', 'x'));
      expect(() => binding.select(x, x, x, x, 12, DTYPE_CODE.float32)).toThrow(shared('select', 'cond'));
      expect(() => binding.tile(x, x, i32(2), i32(4), 4)).toThrow(shared('tile', 'x'));
      expect(() => binding.gather(x, x, x, 1, 2, 1, 2, 4)).toThrow(shared('gather', 'x'));
      expect(() => binding.oneHot(x, x, 3, 4, 1, 0)).toThrow(shared('oneHot', 'indices'));
      expect(() => binding.copyStrided(x, 0, i32(1), x, 2, i32(1), i32(4), 4)).toThrow(
        `copyStrided: dst overlaps src in buffer ${x}: src reaches elements 0..3, dst elements 2..5`,
      );
      // Element i from element i of the same width is fine in place, and so are disjoint parts of one buffer.
      binding.fill(x, 12, 2, DTYPE_CODE.float32);
      binding.binary(BINARY_OP.mul, x, x, x, i32(3, 4), i32(4, 1), i32(4, 1));
      binding.cast(x, DTYPE_CODE.float32, x, DTYPE_CODE.int32, 12);
      binding.copyStrided(x, 0, i32(1), x, 7, i32(-1), i32(4), 4);
      expect(Array.from(s.int32(x, 8))).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    });
  });

  it('checks matmul operands', () => {
    withSession(binding, (s) => {
      const a = s.output(6, 4);
      const out = s.output(4, 4);
      expect(() => binding.matmul(a, a, a, 1, 2, 2, 3, false, false, 0, 0)).toThrow(
        'matmul: out must not be the buffer of a or b',
      );
      expect(() => binding.matmul(a, a, out, 2, 2, 2, 3, false, false, 6, 0)).toThrow(
        `matmul: a (buffer ${a}, 24 bytes = 6 elements of 4 bytes) is too small: this call needs 12 elements`,
      );
      expect(() => callLoosely(binding, 'matmul', a, a, out, 1, 2, 2, 3, 1, false, 0, 0)).toThrow(
        'matmul: transposeA must be a boolean, got the number 1',
      );
    });
  });

  it('checks linearCombination terms', () => {
    withSession(binding, (s) => {
      const base = s.output(4, 4);
      const term = s.output(4, 4);
      const out = s.output(4, 4);
      expect(() => binding.linearCombination(base, i32(term), Float64Array.of(1, 2), out, 4)).toThrow(
        'linearCombination: coefficients must hold one coefficient per term (1), got 2',
      );
      expect(() => binding.linearCombination(base, i32(term, 987654321), Float64Array.of(1, 2), out, 4)).toThrow(
        'linearCombination: terms[1] is buffer 987654321, which is not allocated',
      );
      expect(() => binding.linearCombination(base, i32(out), Float64Array.of(1), out, 4)).toThrow(
        "linearCombination: terms[0] is out's buffer; only base may share it (updated in place)",
      );
      expect(() => callLoosely(binding, 'linearCombination', base, i32(term), [1], out, 4)).toThrow(
        'linearCombination: coefficients must be a Float64Array, got an Array',
      );
    });
  });

  it('accepts only Float32Array, Int32Array and Uint8Array for host data', () => {
    withSession(binding, (s) => {
      const id = s.output(4, 4);
      expect(() => callLoosely(binding, 'upload', id, new Float64Array(1))).toThrow(
        'upload: values must be a Float32Array, Int32Array or Uint8Array, got a Float64Array',
      );
      expect(() => binding.fill(id, 5, 0, DTYPE_CODE.float32)).toThrow(/^fill: out .* is too small/);
    });
  });
});
