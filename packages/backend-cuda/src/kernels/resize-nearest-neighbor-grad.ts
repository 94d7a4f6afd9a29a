import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { hostTensor } from '../kernel-utils/host-tensor.js';
import { matMulTensors } from '../kernel-utils/mat-mul.js';
import { nearestSourceMatrix } from '../kernel-utils/nearest-source.js';

/**
 * `ResizeNearestNeighborGrad` on the cuda backend (the gradient of `tf.image.resizeNearestNeighbor`): every input
 * pixel receives the sum of dy over the output pixels copied from it, as two SGEMMs with the one-hot source matrices
 * of the forward map, Rᵀ [h, oh] over the rows and then Cᵀ [w, ow] over the columns. float32.
 *
 * @remarks
 * It is the gradient of this backend's forward map in every setting. tfjs 4.22's cpu and wasm kernels differ from
 * their own forward map under `halfPixelCenters` (and cpu's adds the images of a batch at wrong offsets), so the
 * results differ from theirs there.
 */
export const resizeNearestNeighborGradConfig: tf.KernelConfig = cudaKernel<
  { images: tf.TensorInfo; dy: tf.TensorInfo },
  tf.ResizeNearestNeighborGradAttrs
>(tf.ResizeNearestNeighborGrad, ({ images, dy }, attrs, backend) => {
  assertDtype(tf.ResizeNearestNeighborGrad, dy.dtype, ['float32']);
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const [, outHeight, outWidth] = dy.shape as [number, number, number, number];
  const rowMatrix = hostTensor(backend, nearestSourceMatrix(h, outHeight, attrs), [outHeight, h]);
  const colMatrix = hostTensor(backend, nearestSourceMatrix(w, outWidth, attrs), [outWidth, w]);
  const byRows = backend.share(dy, [n, outHeight, outWidth * c]);
  const rows = matMulTensors(backend, rowMatrix, byRows, true, false); // [n, h, ow·c]
  backend.disposeIntermediate(byRows);
  const byCols = backend.share(rows, [n * h, outWidth, c]);
  backend.disposeIntermediate(rows);
  const cols = matMulTensors(backend, colMatrix, byCols, true, false); // [n·h, w, c]
  backend.disposeIntermediate(byCols);
  backend.disposeIntermediate(rowMatrix);
  backend.disposeIntermediate(colMatrix);
  const out = backend.share(cols, [n, h, w, c]);
  backend.disposeIntermediate(cols);
  return out;
});
