import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `LeakyRelu` on the cuda backend: x > 0 ? x : alpha·x, elementwise over a float32 tensor. */
export const leakyReluConfig: tf.KernelConfig = unaryKernel<tf.LeakyReluAttrs>(tf.LeakyRelu, UNARY_OP.leakyRelu, {
  alpha: (attrs) => attrs.alpha,
});
