import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { hostTensor } from '../kernel-utils/host-tensor.js';

/**
 * `Range` on the cuda backend (`tf.range`, e.g. the frequency indices of a sinusoidal time embedding): the values
 * are formed on the host as tfjs's cpu kernel forms them (start, then repeated additions of step in the output's
 * precision; empty when step points away from stop) and uploaded in one copy. float32 or int32.
 */
export const rangeConfig: tf.KernelConfig = cudaKernel<Record<string, never>, tf.RangeAttrs>(
  tf.Range,
  (_inputs, { start, stop, step, dtype }, backend) => {
    assertDtype(tf.Range, dtype, ['float32', 'int32']);
    const empty = start === stop || (start < stop && step < 0) || (stop < start && step > 1);
    const count = empty ? 0 : Math.abs(Math.ceil((stop - start) / step));
    const delta = stop < start && step === 1 ? -1 : step;
    const values = dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
    for (let i = 0; i < count; i += 1) values[i] = i === 0 ? start : (values[i - 1] as number) + delta;
    return hostTensor(backend, values, [count]);
  },
);
