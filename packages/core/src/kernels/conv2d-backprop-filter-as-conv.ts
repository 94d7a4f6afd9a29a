import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterProblem } from './conv2d-backprop-filter.js';

/**
 * A `Conv2DBackpropFilter` kernel that runs as one forward convolution of the backend's own kernels, for a backend
 * whose forward convolution is much faster than its filter gradient (webgl: tfjs 4.22's filter-gradient shader takes
 * 2–7× the time of this form at a U-Net layer).
 *
 * @remarks
 * dW[i, j, ci, co] = Σₙ,ᵧ,ₓ x̄[n, sH·y + i, sW·x + j, ci] · dy[n, y, x, co] (x̄ the zero-padded input) is the valid
 * convolution of x̄ with batch and channels swapped ([cin, Hp, Wp, n]) by dy as a filter ([H', W', n, cout]) dilated
 * by the stride; its first kh × kw outputs, with the axes put back, are [kh, kw, cin, cout]. Runs the backend's
 * `PadV2`, `Transpose`, `Conv2D` and `Slice`, releasing every intermediate. NHWC, dilation 1, any stride and padding.
 *
 * @param backendName - The backend the kernel is for; it must register those four kernels.
 * @returns The kernel's config, for `tf.registerKernel`.
 * @example
 * ```ts
 * tf.registerKernel(conv2DBackpropFilterAsConvConfig('webgl')); // done by @gen/backend-webgl's registerWebglKernels
 * ```
 */
export function conv2DBackpropFilterAsConvConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, dy, info } = conv2DBackpropFilterProblem(inputs, attrs, backendName);
      const kernelBackend = backend as tf.KernelBackend;
      const made: tf.TensorInfo[] = [];
      const run = (kernelName: string, kernelInputs: tf.NamedTensorInfoMap, kernelAttrs: object) => {
        const config = tf.getKernel(kernelName, backendName) as tf.KernelConfig;
        const out = config.kernelFunc({
          inputs: kernelInputs,
          attrs: kernelAttrs as tf.NamedAttrMap,
          backend: kernelBackend,
        }) as tf.TensorInfo;
        made.push(out);
        return out;
      };
      try {
        const { top, bottom, left, right } = info.padInfo;
        const paddings = [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ];
        const padded = run(tf.PadV2, { x }, { paddings, constantValue: 0 });
        const input = run(tf.Transpose, { x: padded }, { perm: [3, 1, 2, 0] });
        const filter = run(tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
        const full = run(
          tf.Conv2D,
          { x: input, filter },
          {
            strides: [1, 1],
            pad: 'valid',
            dataFormat: 'NHWC',
            dilations: [info.strideHeight, info.strideWidth],
          },
        );
        const [kh, kw] = [info.filterHeight, info.filterWidth];
        const window = run(tf.Slice, { x: full }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
        const out = run(tf.Transpose, { x: window }, { perm: [1, 2, 0, 3] });
        made.pop();
        for (const temporary of made) kernelBackend.disposeData(temporary.dataId);
        return out;
      } catch (error) {
        for (const temporary of made) kernelBackend.disposeData(temporary.dataId, true);
        throw error;
      }
    },
  };
}
