import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Sqrt` on the cuda backend: √x, elementwise over a float32 tensor. */
export const sqrtConfig: tf.KernelConfig = unaryKernel(tf.Sqrt, UNARY_OP.sqrt);
