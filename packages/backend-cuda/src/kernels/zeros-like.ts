import * as tf from '@tensorflow/tfjs';
import { fillLikeKernel } from '../kernel-utils/fill.js';

/** `ZerosLike` on the cuda backend: zeros of `x`'s shape and dtype. */
export const zerosLikeConfig: tf.KernelConfig = fillLikeKernel(tf.ZerosLike, 0);
