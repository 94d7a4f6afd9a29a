import * as tf from '@tensorflow/tfjs';
import { CudaUnsupportedError } from '../errors/cuda-unsupported-error.js';
import { runBinary } from '../kernel-utils/binary.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { reduceTensor } from '../kernel-utils/reduce.js';
import { runUnary } from '../kernel-utils/unary.js';
import { BINARY_OP, REDUCE_OP, UNARY_OP } from '../native/binding.js';

/**
 * `Softmax` on the cuda backend (`tf.softmax`, over the last axis): exp(x − max)/Σ exp(x − max) in five launches
 * (max, broadcast subtract, exp, sum, broadcast divide), so that large logits do not overflow. float32.
 */
export const softmaxConfig: tf.KernelConfig = cudaKernel<{ logits: tf.TensorInfo }, tf.SoftmaxAttrs>(
  tf.Softmax,
  ({ logits }, { dim }, backend) => {
    assertDtype(tf.Softmax, logits.dtype, ['float32']);
    const last = logits.shape.length - 1;
    const axis = tf.util.parseAxisParam(dim, logits.shape)[0] as number;
    if (axis !== last)
      throw new CudaUnsupportedError(`kernel '${tf.Softmax}'`, 'dim', String(dim), ['-1', String(last)]);
    const max = reduceTensor(backend, REDUCE_OP.max, logits, [last], true);
    const shifted = runBinary(backend, BINARY_OP.sub, logits, max, 'float32');
    backend.disposeIntermediate(max);
    const exps = runUnary(backend, UNARY_OP.exp, shifted);
    backend.disposeIntermediate(shifted);
    const sums = reduceTensor(backend, REDUCE_OP.sum, exps, [last], true);
    const out = runBinary(backend, BINARY_OP.div, exps, sums, 'float32');
    backend.disposeIntermediate(exps);
    backend.disposeIntermediate(sums);
    return out;
  },
);
