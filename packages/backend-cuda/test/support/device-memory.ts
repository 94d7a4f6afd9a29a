import * as tf from '@tensorflow/tfjs';

/** `tf.memory()` on this package's backend, which adds the device bytes in use. */
export interface DeviceMemory {
  /** Live tensors. */
  readonly numTensors: number;
  /** Live data buffers of the active backend. */
  readonly numDataBuffers: number;
  /** Device bytes allocated by the native addon. */
  readonly bytesInUse: number;
}

/** @returns `tf.memory()` of the active backend with its device byte count. */
export function deviceMemory(): DeviceMemory {
  const { numTensors, numDataBuffers, bytesInUse } = tf.memory() as tf.MemoryInfo & { bytesInUse: number };
  return { numTensors, numDataBuffers, bytesInUse };
}
