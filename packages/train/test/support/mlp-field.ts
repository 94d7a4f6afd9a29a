import * as tf from '@tensorflow/tfjs';
import type { MlpVectorField } from '../../src/models/index.js';

/** Reads a tensor and disposes it. */
export function take(tensor: tf.Tensor): Float32Array {
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}

/** The mean squared error of forwardTimes against a fixed target: a flow-matching-like training loss. */
export function fmLoss(model: MlpVectorField, t: tf.Tensor, x: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(model.forwardTimes(t, x), target))) as tf.Scalar);
}
