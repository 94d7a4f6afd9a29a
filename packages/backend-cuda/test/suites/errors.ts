import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { CudaUnsupportedError } from '../../src/errors/cuda-unsupported-error.js';

/**
 * What a user sees when the backend cannot run something: tfjs's own message for an unregistered kernel, and
 * {@link CudaUnsupportedError} naming the kernel and dtype (or attribute) otherwise.
 *
 * @param backend - A registered backend running this package's kernels.
 */
export function describeErrors(backend: string): void {
  describe(`errors on ${backend}`, () => {
    beforeEach(async () => {
      await tf.setBackend(backend);
    });

    it('names an unregistered kernel and the backend', () => {
      const x = tf.tensor1d([0.5, 1]);
      expect(() => tf.erf(x)).toThrow(`Kernel 'Erf' not registered for backend '${backend}'`);
      expect(() => tf.complex(x, x)).toThrow(`Kernel 'Complex' not registered for backend '${backend}'`);
      x.dispose();
    });

    it('refuses a dtype a kernel has no device code for, naming both', () => {
      const x = tf.tensor1d([1, 2], 'int32');
      expect(() => tf.reciprocal(x)).toThrow(CudaUnsupportedError);
      expect(() => tf.reciprocal(x)).toThrow("The cuda backend's kernel 'Reciprocal' does not support dtype int32");
      x.dispose();
    });

    it('refuses string tensors', () => {
      expect(() => tf.tensor(['a', 'b'])).toThrow("The cuda backend's tensor storage does not support dtype string");
    });

    it('refuses an activation of tf.fused.matMul it does not implement', () => {
      const a = tf.ones([2, 2]);
      expect(() => tf.fused.matMul({ a, b: a, activation: 'relu6' })).toThrow(
        "kernel '_FusedMatMul' does not support activation relu6",
      );
      a.dispose();
    });
  });
}
