import type * as tf from '@tensorflow/tfjs';

/** The float32 bit patterns of a tensor. */
export const bits = (x: tf.Tensor): Uint32Array => new Uint32Array(Float32Array.from(x.dataSync()).buffer);
