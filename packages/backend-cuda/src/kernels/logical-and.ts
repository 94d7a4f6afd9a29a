import * as tf from '@tensorflow/tfjs';
import { binaryKernel } from '../kernel-utils/binary.js';
import { BINARY_OP } from '../native/binding.js';

/** `LogicalAnd` on the cuda backend: a ∧ b with broadcasting, bool operands. */
export const logicalAndConfig: tf.KernelConfig = binaryKernel(tf.LogicalAnd, BINARY_OP.logicalAnd, 'logical');
