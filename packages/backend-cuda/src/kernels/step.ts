import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Step` on the cuda backend: x > 0 ? 1 : alpha, elementwise over a float32 tensor. */
export const stepConfig: tf.KernelConfig = unaryKernel<tf.StepAttrs>(tf.Step, UNARY_OP.step, {
  alpha: (attrs) => attrs.alpha,
});
