import * as tf from '@tensorflow/tfjs';
import { unaryKernel } from '../kernel-utils/unary.js';
import { UNARY_OP } from '../native/binding.js';

/** `Exp` on the cuda backend: eˣ, elementwise over a float32 tensor (an int32 one gives float32). */
export const expConfig: tf.KernelConfig = unaryKernel(tf.Exp, UNARY_OP.exp, { int32Result: 'float32' });
