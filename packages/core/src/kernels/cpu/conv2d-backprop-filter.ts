import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig, type KernelMemory } from '../conv2d-backprop-filter.js';

/** The part of tfjs's cpu backend this kernel uses: tensor values in host arrays. */
interface CpuHostBackend extends tf.KernelBackend {
  data: { get(dataId: tf.DataId): { values: tf.BackendValues } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.BackendValues): tf.TensorInfo;
}

function cpuKernelMemory(backend: tf.KernelBackend): KernelMemory {
  const cpu = backend as CpuHostBackend;
  return {
    allocate: (shape) => cpu.makeTensorInfo(shape, 'float32', new Float32Array(tf.util.sizeFromShape(shape))),
    values: (info) => cpu.data.get(info.dataId).values as Float32Array,
    run: (kernelName, inputs, attrs) =>
      (tf.getKernel(kernelName, 'cpu') as tf.KernelConfig).kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo,
    release: (info) => cpu.disposeData(info.dataId),
  };
}

/**
 * `Conv2DBackpropFilter` for tfjs's cpu backend, in place of tfjs 4.22's (about 40× its forward convolution at a
 * U-Net layer's size): gen's {@link conv2DBackpropFilterConfig} on host arrays, its product by the cpu backend's
 * `BatchMatMul`.
 *
 * @example
 * ```ts
 * registerGenKernels(); // done by initBackend: replaces tfjs's cpu kernel with this one
 * const dw = tf.grad((f: tf.Tensor4D) => tf.sum(tf.conv2d(x, f, 1, 'same')))(filter);
 * ```
 */
export const conv2DBackpropFilterCpuConfig: tf.KernelConfig = conv2DBackpropFilterConfig('cpu', cpuKernelMemory);
