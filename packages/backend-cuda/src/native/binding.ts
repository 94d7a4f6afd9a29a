/**
 * The contract between the TypeScript backend and the native addon (`native/`): what the `.node` module exports.
 *
 * @remarks
 * Two builds of the same C++/CUDA sources implement it: `gen_cuda.node` (compiled by nvcc, kernels run on the GPU,
 * `mode: 'cuda'`) and `gen_cuda_host.node` (compiled by the host C++ compiler from the same `__host__ __device__`
 * element functions, kernels run as loops on the CPU, `mode: 'host'`). The host build exists so the backend's
 * dispatch, shape and stride logic and the shared element math are tested on machines without a GPU.
 *
 * Buffers are identified by positive integer ids handed out by {@link NativeBinding.alloc}; the TypeScript side owns
 * them and frees each exactly once. Every call is synchronous: a launch returns once the kernel is queued (CUDA) or
 * done (host); {@link NativeBinding.download} waits for queued work. Errors (out of memory, a bad id, a launch
 * failure) are thrown as JavaScript `Error`s whose message names the call and the CUDA error string. Every argument
 * is checked before anything is launched, including that each element an op touches lies inside its buffer, and a
 * failed check names the argument ("matmul: out (buffer 3, …) is too small: this call needs 64 elements").
 *
 * Aliasing: an output may be an input's buffer only where element i is computed from element i of the same width
 * (unary, same-width cast, binary without broadcasting, linearCombination's `base`); everywhere else (matmul,
 * reduce, tile, gather, oneHot, copyStrided with overlapping ranges, broadcasting binary ops) the call refuses it,
 * since GPU threads would read elements that other threads are overwriting.
 *
 * Element types on the device: float32 and int32 (4 bytes), bool as uint8 (1 byte).
 *
 * Strides are in elements. A stride of 0 broadcasts that dimension. Shapes and strides arrive as `Int32Array`s of
 * equal length (rank ≤ {@link MAX_RANK}); rank 0 means one element.
 * @packageDocumentation
 */

/** Highest tensor rank the strided kernels accept. */
export const MAX_RANK = 8;

/** Device element types, as the native side numbers them. */
export const DTYPE_CODE = { float32: 0, int32: 1, bool: 2 } as const;

/** One float32 → float32 element function per code; `alpha` is the op's scalar attribute (unused by most). */
export const UNARY_OP = {
  neg: 0,
  abs: 1,
  exp: 2,
  log: 3,
  sqrt: 4,
  rsqrt: 5,
  square: 6,
  sin: 7,
  cos: 8,
  tanh: 9,
  sigmoid: 10,
  relu: 11,
  /** x > 0 ? x : exp(x) − 1 */
  elu: 12,
  /** log(1 + exp(x)), computed stably */
  softplus: 13,
  reciprocal: 14,
  log1p: 15,
  expm1: 16,
  sign: 17,
  floor: 18,
  ceil: 19,
  /** x > 0 ? x : alpha·x */
  leakyRelu: 20,
  /** x > 0 ? 1 : alpha (tfjs Step) */
  step: 21,
} as const;

/**
 * Broadcasting binary element functions. Arithmetic codes read two float32 operands and write float32; comparison
 * codes read float32 and write bool (uint8); logical codes read and write bool.
 */
export const BINARY_OP = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  pow: 4,
  maximum: 5,
  minimum: 6,
  squaredDifference: 7,
  /** EluGrad(dy, y): y > 0 ? dy : dy·(y + 1) — operands in that order */
  eluGrad: 8,
  greater: 20,
  greaterEqual: 21,
  less: 22,
  lessEqual: 23,
  equal: 24,
  notEqual: 25,
  logicalAnd: 40,
  logicalOr: 41,
} as const;

/** Reductions over the innermost axis of an [outer, reduce] float32 view; `any`/`all` read and write bool. */
export const REDUCE_OP = { sum: 0, max: 1, min: 2, prod: 3, any: 4, all: 5 } as const;

/** What the native addon's probe reports about the device, as `cudaDeviceInfo` returns it. */
export interface DeviceProbe {
  /** Whether kernels can run: a CUDA device was found (or this is the host build). */
  readonly available: boolean;
  /** Why not, when `available` is false (the CUDA error string and what it means); '' otherwise. */
  readonly reason: string;
  /** 'cuda' for the nvcc build, 'host' for the CPU build of the same sources. */
  readonly mode: 'cuda' | 'host';
  /** Device name (`cudaDeviceProp.name`), or 'host' for the host build; '' when unavailable. */
  readonly deviceName: string;
  /** Compute capability such as '9.0'; '' when unavailable or host. */
  readonly computeCapability: string;
  /** Global memory of the device in bytes; 0 when unavailable or host. */
  readonly totalMemoryBytes: number;
  /** `cudaRuntimeGetVersion` (e.g. 13000); 0 for the host build. */
  readonly runtimeVersion: number;
  /** `cudaDriverGetVersion`; 0 when there is no driver or for the host build. */
  readonly driverVersion: number;
}

/** The functions the native addon exports. Buffer arguments are ids from {@link NativeBinding.alloc}. */
export interface NativeBinding {
  /** Probes the device once per call; never throws. */
  probe(): DeviceProbe;
  /** Allocates `bytes` (> 0) of device memory; returns its id. */
  alloc(bytes: number): number;
  /** Frees a buffer; an unknown id throws. */
  free(id: number): void;
  /** Bytes currently allocated through {@link NativeBinding.alloc}. */
  bytesInUse(): number;
  /** Copies host values into the start of buffer `id` (its byteLength must not exceed the buffer's size). */
  upload(id: number, values: Float32Array | Int32Array | Uint8Array): void;
  /** Copies the start of buffer `id` into `out` (waits for queued kernels). */
  download(id: number, out: Float32Array | Int32Array | Uint8Array): void;
  /** out[i] = f(x[i]) for i < size (float32). */
  unary(op: number, x: number, out: number, size: number, alpha: number): void;
  /** out[idx] = f(a[idx·aStrides], b[idx·bStrides]) over every index of `outShape` (row-major out). */
  binary(
    op: number,
    a: number,
    b: number,
    out: number,
    outShape: Int32Array,
    aStrides: Int32Array,
    bStrides: Int32Array,
  ): void;
  /** out[i] = cond[i] ? a[i] : b[i] (cond bool, a/b/out of `dtype`'s element size), i < size. */
  select(cond: number, a: number, b: number, out: number, size: number, dtype: number): void;
  /** out[i] = isFinite(x[i]) as bool, i < size (x float32). */
  isFinite(x: number, out: number, size: number): void;
  /**
   * Reduces x viewed as [outer, reduceSize] over its last axis into out[outer] (float32, or bool for any/all). max and
   * min return NaN for a row holding one; an empty row gives the identity (0, −∞, +∞, 1, false, true).
   */
  reduce(op: number, x: number, out: number, outer: number, reduceSize: number): void;
  /**
   * Batched C[b] = op(A[b])·op(B[b]) with op a transpose when the flag is set; A[b] starts at b·aBatchStride
   * (0 broadcasts one matrix), likewise B; C is [batch, m, n] row-major. A is [m, k] ([k, m] when transposeA),
   * B is [k, n] ([n, k] when transposeB), all row-major float32. A tiled shared-memory SGEMM on the GPU; the host
   * build runs the same tiling serially and gives the same bits. `out` must not be the buffer of `a` or `b`.
   */
  matmul(
    a: number,
    b: number,
    out: number,
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    aBatchStride: number,
    bBatchStride: number,
  ): void;
  /**
   * dst[dstOffset + Σ idx·dstStrides] = src[srcOffset + Σ idx·srcStrides] over every index of `shape`; elements of
   * `elementBytes` (1 or 4). Slice, transpose, concat, pack, pad and broadcast are all this one kernel;
   * negative strides walk backwards from the offset (a reverse would be one). Every element reached must lie inside its buffer (checked), and
   * src and dst must not overlap.
   */
  copyStrided(
    src: number,
    srcOffset: number,
    srcStrides: Int32Array,
    dst: number,
    dstOffset: number,
    dstStrides: Int32Array,
    shape: Int32Array,
    elementBytes: number,
  ): void;
  /** out[i] = x[i mod-indexed over inShape] for every index of outShape (tfjs Tile); elementBytes 1 or 4. */
  tile(x: number, out: number, inShape: Int32Array, outShape: Int32Array, elementBytes: number): void;
  /** out[o, j, i] = x[o, indices[j], i] (int32 indices; an index outside [0, axisSize) writes 0, as tfjs's webgl backend does). */
  gather(
    x: number,
    indices: number,
    out: number,
    outer: number,
    axisSize: number,
    inner: number,
    indexCount: number,
    elementBytes: number,
  ): void;
  /** Fills out[0..size) with `value` converted to `dtype` (DTYPE_CODE). */
  fill(out: number, size: number, value: number, dtype: number): void;
  /**
   * Converts size elements from `fromDtype` to `toDtype` (float→int truncates toward zero, NaN → 0, saturating at the
   * int32 range as the GPU does; to bool: x ≠ 0, so NaN → true; from bool: 0 or 1).
   */
  cast(x: number, fromDtype: number, out: number, toDtype: number, size: number): void;
  /**
   * out[i·depth + j] = j === indices[i] ? onValue : offValue (int32 indices, float32 out [n, depth]); an index
   * outside [0, depth) gives a row of offValue.
   */
  oneHot(indices: number, out: number, n: number, depth: number, onValue: number, offValue: number): void;
  /**
   * out[i] = base[i] + Σ_j coefficients[j]·terms[j][i] (float32; coefficients rounded to float32 once; summed in the
   * order of `terms` with fused multiply-adds). `terms` holds buffer ids, as many as `coefficients`; `out` may be
   * `base`'s buffer (updated in place) but not a term's.
   */
  linearCombination(base: number, terms: Int32Array, coefficients: Float64Array, out: number, size: number): void;
}
