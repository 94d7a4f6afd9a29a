import * as tf from '@tensorflow/tfjs';
import { nearestSourceIndices } from '../nearest-source.js';

/** The part of tfjs's cpu backend this kernel uses: tensor values in host arrays. */
interface CpuHostBackend {
  data: { get(dataId: tf.DataId): { values: tf.BackendValues } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.BackendValues): tf.TensorInfo;
}

/**
 * `ResizeNearestNeighborGrad` for tfjs's cpu backend, replacing tfjs 4.22's, which adds every image after the first
 * of a batch at the wrong offset (so the gradient of a nearest upsampling, e.g. in a U-Net trained on cpu, is wrong
 * for batches of more than one) and, under `halfPixelCenters`, does not follow its own forward map.
 *
 * @remarks
 * dx[n, r, c] = Σ dy[n, y, x] over the output pixels (y, x) whose source is (r, c) by the forward kernel's index map
 * ({@link nearestSourceIndices}), summed in output order. float32.
 *
 * @example
 * ```ts
 * registerGenKernels(); // done by initBackend: replaces tfjs's cpu kernel with this one
 * const dx = tf.grad((x: tf.Tensor4D) => tf.sum(tf.image.resizeNearestNeighbor(x, [14, 14])))(images);
 * ```
 */
export const resizeNearestNeighborGradCpuConfig: tf.KernelConfig = {
  kernelName: tf.ResizeNearestNeighborGrad,
  backendName: 'cpu',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { images, dy } = inputs as unknown as { images: tf.TensorInfo; dy: tf.TensorInfo };
    const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
    const cpu = backend as unknown as CpuHostBackend;
    const [n, h, w, c] = images.shape as [number, number, number, number];
    const [, outHeight, outWidth] = dy.shape as [number, number, number, number];
    const rows = nearestSourceIndices(h, outHeight, { alignCorners, halfPixelCenters });
    const cols = nearestSourceIndices(w, outWidth, { alignCorners, halfPixelCenters });
    const dyValues = cpu.data.get(dy.dataId).values as Float32Array;
    const dx = new Float32Array(n * h * w * c);
    let i = 0;
    for (let b = 0; b < n; b += 1) {
      for (let y = 0; y < outHeight; y += 1) {
        const rowStart = (b * h + (rows[y] as number)) * w;
        for (let x = 0; x < outWidth; x += 1) {
          const at = (rowStart + (cols[x] as number)) * c;
          for (let k = 0; k < c; k += 1) {
            dx[at + k] = (dx[at + k] as number) + (dyValues[i] as number);
            i += 1;
          }
        }
      }
    }
    return cpu.makeTensorInfo([n, h, w, c], 'float32', dx);
  },
};
