import * as tf from '@tensorflow/tfjs';
import { fillLikeKernel } from '../kernel-utils/fill.js';

/** `OnesLike` on the cuda backend: ones of `x`'s shape and dtype. */
export const onesLikeConfig: tf.KernelConfig = fillLikeKernel(tf.OnesLike, 1);
