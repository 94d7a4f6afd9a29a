import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Expm1` on the cuda backend: eˣ − 1, elementwise over a float32 tensor. */
export const expm1Config: tf.KernelConfig = unaryKernel(tf.Expm1, UNARY_OP.expm1);
