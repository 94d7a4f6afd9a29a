import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `LogicalOr` on the cuda backend: a ∨ b with broadcasting, bool operands. */
export const logicalOrConfig: tf.KernelConfig = binaryKernel(tf.LogicalOr, BINARY_OP.logicalOr, 'logical');
