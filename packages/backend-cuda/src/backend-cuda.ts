import * as tf from '@tensorflow/tfjs';
import { CudaUnsupportedError } from './errors/cuda-unsupported-error.js';
import { DEVICE_DTYPES, type DeviceDtype } from './kernel-utils/dtype.js';
import type { NativeBinding } from './native/binding.js';

/** What the backend records per tfjs data id. */
interface DeviceTensor {
  /** The native buffer id, or 0 for a tensor with no elements (nothing is allocated). */
  readonly bufferId: number;
  readonly shape: readonly number[];
  readonly dtype: DeviceDtype;
  /** How many tensors share this data (Reshape, ExpandDims and Identity add one instead of copying). */
  refCount: number;
}

/** What {@link CudaBackend.memory} reports, merged by tfjs into `tf.memory()`. */
export interface CudaMemoryInfo {
  /** Always false: the device allocator's count is exact. */
  readonly unreliable: false;
  /** Bytes allocated on the device by the native addon (shared by every backend using the same addon). */
  readonly bytesInUse: number;
}

/**
 * The tfjs `KernelBackend` of `@gen/backend-cuda`: tensors live in device buffers of a {@link NativeBinding} and
 * stay there between kernels; values cross to the host only in `write`/`move` (upload) and `read`/`readSync`
 * (download, which waits for queued kernels).
 *
 * @remarks
 * Built like tfjs-backend-wasm's `BackendWasm`: a tfjs `DataStorage` maps each data id to a device buffer with a
 * reference count, so kernels that only change the shape (Reshape, ExpandDims, Identity) share the buffer via
 * {@link CudaBackend.share}. A buffer is freed when the last tensor using it is disposed. Tensors with no elements
 * allocate nothing. `string` and `complex64` tensors are refused with {@link CudaUnsupportedError}.
 *
 * @example
 * ```ts
 * tf.registerBackend('cuda', () => new CudaBackend(binding), 3);
 * ```
 */
export class CudaBackend extends tf.KernelBackend {
  /** The native addon every kernel calls. */
  readonly binding: NativeBinding;
  private readonly storage: tf.DataStorage<DeviceTensor>;
  private readonly liveBuffers = new Set<number>();
  /** What the running kernel has made so far (see {@link CudaBackend.runKernel}); undefined outside kernels. */
  private kernelMade: KernelMade[] | undefined;

  /**
   * Creates a backend over a loaded, available binding.
   *
   * @param binding - The native addon (the CUDA build, or the host build in tests).
   */
  constructor(binding: NativeBinding) {
    super();
    this.binding = binding;
    this.storage = new tf.DataStorage(this, tf.engine());
  }

  /**
   * Uploads values into a new device buffer.
   *
   * @param values - Host values (`null` leaves the buffer uninitialised).
   * @param shape - The tensor shape.
   * @param dtype - float32, int32 or bool.
   * @returns The new data id.
   */
  override write(values: tf.BackendValues | null, shape: number[], dtype: tf.DataType): tf.DataId {
    const dataId = {};
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  /**
   * Stores values under an existing data id (tfjs calls this when a tensor moves here from another backend).
   *
   * @param dataId - The data id.
   * @param values - Host values (`null` leaves the buffer uninitialised).
   * @param shape - The tensor shape.
   * @param dtype - float32, int32 or bool.
   * @param refCount - How many tensors use the data id.
   */
  override move(
    dataId: tf.DataId,
    values: tf.BackendValues | null,
    shape: number[],
    dtype: tf.DataType,
    refCount: number,
  ): void {
    if (!(DEVICE_DTYPES as readonly string[]).includes(dtype)) {
      throw new CudaUnsupportedError('tensor storage', 'dtype', dtype, DEVICE_DTYPES);
    }
    const deviceDtype = dtype as DeviceDtype;
    const bufferId = this.allocate(tf.util.sizeFromShape(shape), deviceDtype);
    if (values !== null && bufferId !== 0) {
      try {
        this.binding.upload(bufferId, tf.util.toTypedArray(values as tf.TypedArray, deviceDtype) as HostArray);
      } catch (error) {
        this.release(bufferId);
        throw error;
      }
    }
    this.storage.set(dataId, { bufferId, shape: [...shape], dtype: deviceDtype, refCount });
  }

  /**
   * Downloads a tensor's values.
   *
   * @param dataId - The data id.
   * @returns A new Float32Array, Int32Array or (bool) Uint8Array.
   */
  override readSync(dataId: tf.DataId): tf.BackendValues {
    const { bufferId, shape, dtype } = this.storage.get(dataId);
    const out = tf.util.getTypedArrayFromDType(dtype, tf.util.sizeFromShape([...shape])) as HostArray;
    if (bufferId !== 0) this.binding.download(bufferId, out);
    return out;
  }

  /**
   * Downloads a tensor's values ({@link CudaBackend.readSync}, resolved).
   *
   * @param dataId - The data id.
   * @returns The values.
   */
  override async read(dataId: tf.DataId): Promise<tf.BackendValues> {
    return this.readSync(dataId);
  }

  /**
   * Drops one reference; frees the device buffer when none is left (or at once with `force`).
   *
   * @param dataId - The data id.
   * @param force - Free regardless of the reference count.
   * @returns Whether the data id is gone.
   */
  override disposeData(dataId: tf.DataId, force = false): boolean {
    if (!this.storage.has(dataId)) return true;
    const data = this.storage.get(dataId);
    data.refCount -= 1;
    if (!force && data.refCount > 0) return false;
    this.release(data.bufferId);
    this.storage.delete(dataId);
    return true;
  }

  /**
   * Adds a reference to a data id (a tensor now shares it).
   *
   * @param dataId - The data id.
   */
  override incRef(dataId: tf.DataId): void {
    if (this.storage.has(dataId)) this.storage.get(dataId).refCount += 1;
  }

  /**
   * The reference count of a data id.
   *
   * @param dataId - The data id.
   * @returns The count, or 0 when the id is not stored here.
   */
  override refCount(dataId: tf.DataId): number {
    return this.storage.has(dataId) ? this.storage.get(dataId).refCount : 0;
  }

  /** @returns The number of data ids stored. */
  override numDataIds(): number {
    return this.storage.numDataIds();
  }

  /** @returns Exact memory use: the device bytes allocated by the addon. */
  override memory(): CudaMemoryInfo {
    return { unreliable: false, bytesInUse: this.binding.bytesInUse() };
  }

  /**
   * Times `f` with the wall clock. On a GPU this counts the launches, not the queued kernels, unless `f` reads a
   * result back.
   *
   * @param f - The work.
   * @returns The elapsed milliseconds.
   */
  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const start = tf.util.now();
    f();
    return { kernelMs: tf.util.now() - start };
  }

  /** @returns 32: every float is stored and computed in float32. */
  override floatPrecision(): 32 {
    return 32;
  }

  /** Frees every device buffer this backend still holds. */
  override dispose(): void {
    const bufferIds = [...this.liveBuffers];
    this.liveBuffers.clear();
    for (const bufferId of bufferIds) this.binding.free(bufferId);
  }

  /**
   * Runs one kernel's body: when it throws, every tensor it made (outputs, temporaries, shared views of its inputs)
   * that it had not disposed is released before the error propagates, so a failed kernel leaves the backend's
   * memory as it was. Every kernel of this package runs through it (see `cudaKernel`).
   *
   * @param body - The kernel's computation.
   * @returns What `body` returns.
   */
  runKernel<T>(body: () => T): T {
    const outer = this.kernelMade;
    const made: KernelMade[] = [];
    this.kernelMade = made;
    try {
      return body();
    } catch (error) {
      for (const { dataId, view } of made.reverse()) this.disposeData(dataId, !view);
      throw error;
    } finally {
      this.kernelMade = outer;
    }
  }

  /**
   * The device buffer of a kernel input (moving it here first when it lives on another backend).
   *
   * @param info - A tensor of this backend.
   * @returns Its buffer id, or 0 when it has no elements.
   */
  bufferId(info: tf.TensorInfo): number {
    return this.storage.get(info.dataId).bufferId;
  }

  /**
   * Allocates a kernel output, uninitialised.
   *
   * @param shape - The output shape.
   * @param dtype - Its dtype.
   * @returns A tensor info with reference count 1, owned by the kernel's caller (tfjs) or disposed with
   *   {@link CudaBackend.disposeIntermediate}.
   */
  makeOutput(shape: readonly number[], dtype: DeviceDtype): tf.TensorInfo {
    const dataId = {};
    const bufferId = this.allocate(tf.util.sizeFromShape([...shape]), dtype);
    this.storage.set(dataId, { bufferId, shape: [...shape], dtype, refCount: 1 });
    this.kernelMade?.push({ dataId, view: false });
    return { dataId, shape: [...shape], dtype };
  }

  /**
   * A view of `x` with another shape of the same size, sharing its buffer (no copy; one more reference).
   *
   * @param x - A tensor of this backend.
   * @param shape - The new shape.
   * @returns The view.
   */
  share(x: tf.TensorInfo, shape: readonly number[]): tf.TensorInfo {
    this.incRef(x.dataId);
    this.kernelMade?.push({ dataId: x.dataId, view: true });
    return { dataId: x.dataId, shape: [...shape], dtype: x.dtype };
  }

  /**
   * Disposes a temporary a kernel made and does not return.
   *
   * @param info - The temporary.
   */
  disposeIntermediate(info: tf.TensorInfo): void {
    const made = this.kernelMade ?? [];
    for (let i = made.length - 1; i >= 0; i -= 1) {
      if (made[i]?.dataId === info.dataId) {
        made.splice(i, 1);
        break;
      }
    }
    this.disposeData(info.dataId);
  }

  private allocate(size: number, dtype: DeviceDtype): number {
    if (size === 0) return 0;
    const bufferId = this.binding.alloc(size * tf.util.bytesPerElement(dtype));
    this.liveBuffers.add(bufferId);
    return bufferId;
  }

  private release(bufferId: number): void {
    // Forget the id first: after a CUDA error free() can throw, and the id must not be freed a second time later.
    // An id already gone was freed by dispose(), which tensors still holding it may outlive.
    if (bufferId === 0 || !this.liveBuffers.delete(bufferId)) return;
    this.binding.free(bufferId);
  }
}

/** A tensor a running kernel made: a new data id, or one more reference to an existing one (`view`). */
interface KernelMade {
  readonly dataId: tf.DataId;
  readonly view: boolean;
}

/** The typed arrays the native addon reads and writes. */
type HostArray = Float32Array | Int32Array | Uint8Array;
