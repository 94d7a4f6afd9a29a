import { nearestSourceIndices } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype, DEVICE_DTYPES } from '../kernel-utils/dtype.js';
import { hostTensor } from '../kernel-utils/host-tensor.js';

/**
 * `ResizeNearestNeighbor` on the cuda backend (`tf.image.resizeNearestNeighbor`, e.g. a U-Net's ×2 upsampling):
 * the source rows and columns are computed on the host by tfjs's formula, then two gathers copy the rows (axis 1)
 * and the columns (axis 2). Any dtype; `alignCorners` and `halfPixelCenters` as tfjs.
 */
export const resizeNearestNeighborConfig: tf.KernelConfig = cudaKernel<
  { images: tf.TensorInfo },
  tf.ResizeNearestNeighborAttrs
>(tf.ResizeNearestNeighbor, ({ images }, attrs, backend) => {
  assertDtype(tf.ResizeNearestNeighbor, images.dtype, DEVICE_DTYPES);
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const [outHeight, outWidth] = attrs.size;
  const elementBytes = tf.util.bytesPerElement(images.dtype);
  const rowsShape = [n, outHeight, w, c];
  const rows = backend.makeOutput(rowsShape, images.dtype);
  const out = backend.makeOutput([n, outHeight, outWidth, c], images.dtype);
  if (tf.util.sizeFromShape(out.shape) > 0) {
    const rowIndices = hostTensor(backend, nearestSourceIndices(h, outHeight, attrs), [outHeight]);
    const colIndices = hostTensor(backend, nearestSourceIndices(w, outWidth, attrs), [outWidth]);
    const { binding } = backend;
    binding.gather(
      backend.bufferId(images),
      backend.bufferId(rowIndices),
      backend.bufferId(rows),
      n,
      h,
      w * c,
      outHeight,
      elementBytes,
    );
    binding.gather(
      backend.bufferId(rows),
      backend.bufferId(colIndices),
      backend.bufferId(out),
      n * outHeight,
      w,
      c,
      outWidth,
      elementBytes,
    );
    backend.disposeIntermediate(rowIndices);
    backend.disposeIntermediate(colIndices);
  }
  backend.disposeIntermediate(rows);
  return out;
});
