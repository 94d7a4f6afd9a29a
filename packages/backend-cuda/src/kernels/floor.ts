import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Floor` on the cuda backend: ⌊x⌋, elementwise over a float32 tensor. */
export const floorConfig: tf.KernelConfig = unaryKernel(tf.Floor, UNARY_OP.floor);
