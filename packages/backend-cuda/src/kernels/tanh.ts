import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Tanh` on the cuda backend: tanh x, elementwise over a float32 tensor. */
export const tanhConfig: tf.KernelConfig = unaryKernel(tf.Tanh, UNARY_OP.tanh);
