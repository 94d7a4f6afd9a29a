import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Softplus` on the cuda backend: ln(1 + eˣ), computed stably, elementwise over a float32 tensor. */
export const softplusConfig: tf.KernelConfig = unaryKernel(tf.Softplus, UNARY_OP.softplus);
