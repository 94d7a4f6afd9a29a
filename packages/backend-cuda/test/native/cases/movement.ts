/** Cases for copyStrided, tile and gather, on 4-byte and 1-byte elements. */
import { EXACT } from '../support/compare.js';
import type { NativeCase } from '../support/native-case.js';
import { bools, integers, seededRandom, uniform } from '../support/random.js';
import { contiguousStrides, stridedOffsets } from '../support/reference.js';
import type { Session } from '../support/session.js';

type Elements = Float32Array | Uint8Array;

function read(s: Session, id: number, like: Elements, count: number): ArrayLike<number> {
  return like instanceof Uint8Array ? s.uint8(id, count) : s.float32(id, count);
}

interface CopySpec {
  readonly name: string;
  readonly src: Elements;
  readonly srcOffset: number;
  readonly srcStrides: number[];
  /** What dst holds before the copy (elements the copy does not reach keep it). */
  readonly dst: Elements;
  readonly dstOffset: number;
  readonly dstStrides: number[];
  readonly shape: number[];
}

function copyCase(spec: CopySpec): NativeCase {
  const expected = Array.from(spec.dst);
  for (const [from, to] of stridedOffsets(
    spec.shape,
    [spec.srcStrides, spec.dstStrides],
    [spec.srcOffset, spec.dstOffset],
  )) {
    expected[to as number] = spec.src[from as number] as number;
  }
  return {
    name: `copyStrided: ${spec.name}`,
    run: (s) => {
      const dst = s.input(spec.dst);
      s.binding.copyStrided(
        s.input(spec.src),
        spec.srcOffset,
        Int32Array.from(spec.srcStrides),
        dst,
        spec.dstOffset,
        Int32Array.from(spec.dstStrides),
        Int32Array.from(spec.shape),
        spec.src instanceof Uint8Array ? 1 : 4,
      );
      return read(s, dst, spec.dst, spec.dst.length);
    },
    expected,
    tolerance: EXACT,
    crossTolerance: EXACT,
  };
}

/** Transposes x of `shape` by `perm` (out axis d is x axis perm[d]): read x with its strides permuted. */
function transposeSpec(name: string, x: Elements, shape: number[], perm: number[]): CopySpec {
  const xStrides = contiguousStrides(shape);
  const outShape = perm.map((axis) => shape[axis] as number);
  const dst = x instanceof Uint8Array ? new Uint8Array(x.length) : new Float32Array(x.length);
  return {
    name,
    src: x,
    srcOffset: 0,
    srcStrides: perm.map((axis) => xStrides[axis] as number),
    dst,
    dstOffset: 0,
    dstStrides: contiguousStrides(outShape),
    shape: outShape,
  };
}

function copyCases(): NativeCase[] {
  const random = seededRandom(21);
  const grid = uniform(random, 42, -1, 1);
  const rank8 = [2, 1, 2, 1, 3, 1, 2, 2];
  return [
    transposeSpec('transpose [3,4,5] by [2,0,1]', uniform(random, 60, -1, 1), [3, 4, 5], [2, 0, 1]),
    transposeSpec('transpose bools [4,6] (1-byte elements)', bools(random, 24), [4, 6], [1, 0]),
    transposeSpec('transpose a rank-8 array', uniform(random, 48, -1, 1), rank8, [7, 6, 5, 4, 3, 2, 1, 0]),
    {
      name: 'slice rows 1..3, columns 2..5 of [6,7]',
      src: grid,
      srcOffset: 7 + 2,
      srcStrides: [7, 1],
      dst: new Float32Array(12),
      dstOffset: 0,
      dstStrides: [4, 1],
      shape: [3, 4],
    },
    {
      name: 'reverse the columns of [6,7] (negative stride)',
      src: grid,
      srcOffset: 6,
      srcStrides: [7, -1],
      dst: new Float32Array(42),
      dstOffset: 0,
      dstStrides: [7, 1],
      shape: [6, 7],
    },
    {
      name: 'concat: write [3,4] into columns 6..9 of a [3,10] destination',
      src: uniform(random, 12, -1, 1),
      srcOffset: 0,
      srcStrides: [4, 1],
      dst: uniform(random, 30, 5, 6),
      dstOffset: 6,
      dstStrides: [10, 1],
      shape: [3, 4],
    },
    {
      name: 'broadcast a row [1,5] to [4,5] (0-stride)',
      src: uniform(random, 5, -1, 1),
      srcOffset: 0,
      srcStrides: [0, 1],
      dst: new Float32Array(20),
      dstOffset: 0,
      dstStrides: [5, 1],
      shape: [4, 5],
    },
  ].map(copyCase);
}

function tileCase(x: Elements, inShape: number[], outShape: number[]): NativeCase {
  const inStrides = contiguousStrides(inShape);
  const count = outShape.reduce((p, e) => p * e, 1);
  // Output coordinate c reads input coordinate c mod inShape.
  const expected = Array.from({ length: count }, (_, i) => {
    let rest = i;
    let offset = 0;
    for (let d = outShape.length - 1; d >= 0; d--) {
      const coord = rest % (outShape[d] as number);
      rest = Math.floor(rest / (outShape[d] as number));
      offset += (coord % (inShape[d] as number)) * (inStrides[d] as number);
    }
    return x[offset] as number;
  });
  return {
    name: `tile [${inShape}] to [${outShape}]${x instanceof Uint8Array ? ' (1-byte elements)' : ''}`,
    run: (s) => {
      const out = s.output(count, x instanceof Uint8Array ? 1 : 4);
      s.binding.tile(
        s.input(x),
        out,
        Int32Array.from(inShape),
        Int32Array.from(outShape),
        x instanceof Uint8Array ? 1 : 4,
      );
      return read(s, out, x, count);
    },
    expected,
    tolerance: EXACT,
    crossTolerance: EXACT,
  };
}

function gatherCase(x: Elements, dims: [number, number, number], indices: number[]): NativeCase {
  const [outer, axisSize, inner] = dims;
  const expected: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const index of indices) {
      for (let r = 0; r < inner; r++) {
        expected.push(index >= 0 && index < axisSize ? (x[(o * axisSize + index) * inner + r] as number) : 0);
      }
    }
  }
  const bytes = x instanceof Uint8Array ? 1 : 4;
  return {
    name: `gather [${indices}] from [${dims}]${bytes === 1 ? ' (1-byte elements)' : ''}`,
    run: (s) => {
      const out = s.output(expected.length, bytes);
      s.binding.gather(
        s.input(x),
        s.input(Int32Array.from(indices)),
        out,
        outer,
        axisSize,
        inner,
        indices.length,
        bytes,
      );
      return read(s, out, x, expected.length);
    },
    expected,
    tolerance: EXACT,
    crossTolerance: EXACT,
  };
}

const random = seededRandom(31);

export const MOVEMENT_CASES: readonly NativeCase[] = [
  ...copyCases(),
  tileCase(uniform(random, 6, -1, 1), [2, 3], [4, 9]),
  tileCase(uniform(random, 3, -1, 1), [3], [7]),
  tileCase(bools(random, 4), [2, 1, 2], [2, 3, 4]),
  // -1 and 5 are outside [0, 5): those slices are 0.
  gatherCase(uniform(random, 60, -1, 1), [3, 5, 4], [4, -1, 0, 5, 2, 2]),
  gatherCase(Float32Array.from(integers(random, 10, -9, 9)), [1, 10, 1], [9, 0, 3]),
  gatherCase(bools(random, 6), [2, 3, 1], [2, 0]),
];
