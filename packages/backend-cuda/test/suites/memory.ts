import { ShapeError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CudaBackend } from '../../src/backend-cuda.js';
import { registerNativeBackend } from '../../src/register-native-backend.js';
import { deviceMemory } from '../support/device-memory.js';

/**
 * Memory accounting of the backend: counts return to their baseline, views share buffers, empty tensors allocate
 * nothing.
 *
 * @param backend - A registered backend running this package's kernels.
 */
export function describeMemory(backend: string): void {
  describe(`memory on ${backend}`, () => {
    beforeEach(async () => {
      await tf.setBackend(backend);
    });

    it('returns tensors, data buffers and device bytes to their baseline after a forward and backward pass', () => {
      const before = deviceMemory();
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      const w = tf.tensor2d([0.5, -1, 2, 0.25, 1, -0.5], [2, 3]);
      const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.sigmoid(tf.matMul(x, v))));
      const parts = tf.tidy(() => tf.split(tf.concat([x, x], 1), 2, 1));
      tf.dispose([grad(w), ...parts, x, w]);
      expect(deviceMemory()).toEqual(before);
    });

    it('shares the buffer for Reshape, ExpandDims and Identity, and frees it with the last view', () => {
      const x = tf.tensor1d([1, 2, 3, 4, 5, 6]);
      const allocated = deviceMemory().bytesInUse;
      const views = [tf.reshape(x, [2, 3]), tf.expandDims(x, 0), tf.clone(x)];
      expect(deviceMemory().bytesInUse).toBe(allocated);
      x.dispose();
      expect(Array.from((views[0] as tf.Tensor).dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
      expect(deviceMemory().bytesInUse).toBe(allocated);
      tf.dispose(views);
      expect(deviceMemory().bytesInUse).toBe(allocated - 24);
    });

    it('leaks nothing when a kernel throws after allocating (a failed broadcast, a rank above the strided limit)', () => {
      const before = deviceMemory();
      const [a, b] = [tf.tensor1d([1, 2], 'int32'), tf.tensor1d([1, 2, 3], 'int32')];
      const deep = tf.ones([2, 1, 1, 1, 1, 1, 1, 1, 3]);
      const during = deviceMemory();
      // int32 Add casts both operands to float32 first; rank-9 Transpose allocates its output first.
      expect(() => tf.add(a, b)).toThrow(/could not be broadcast/);
      expect(() => tf.transpose(deep)).toThrow(ShapeError);
      expect(() => tf.transpose(deep)).toThrow(/shape.*rank ≤ 8/);
      expect(deviceMemory()).toEqual(during);
      tf.dispose([a, b, deep]);
      expect(deviceMemory()).toEqual(before);
    });

    it('lets tensors be disposed after their backend was removed (its buffers are already free)', async () => {
      const scratch = `${backend}-scratch`;
      registerNativeBackend(scratch, (tf.findBackend(backend) as unknown as CudaBackend).binding, 0);
      await tf.setBackend(scratch);
      const before = deviceMemory().bytesInUse;
      const x = tf.tensor1d([1, 2, 3]);
      expect(deviceMemory().bytesInUse).toBe(before + 12);
      tf.removeBackend(scratch);
      expect(() => x.dispose()).not.toThrow();
      await tf.setBackend(backend);
      expect(deviceMemory().bytesInUse).toBe(before);
    });

    it('allocates nothing for tensors without elements, and computes with them', () => {
      const before = deviceMemory();
      const empty = tf.zeros([0, 3]);
      expect(deviceMemory().bytesInUse).toBe(before.bytesInUse);
      const [sum, product, shifted] = tf.tidy(() => [
        tf.sum(empty, 0),
        tf.matMul(tf.zeros([2, 0]), tf.zeros([0, 3])),
        tf.add(empty, 1),
      ]) as [tf.Tensor, tf.Tensor, tf.Tensor];
      expect(Array.from(sum.dataSync())).toEqual([0, 0, 0]);
      expect(Array.from(product.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
      expect(shifted.shape).toEqual([0, 3]);
      expect(shifted.dataSync()).toHaveLength(0);
      tf.dispose([empty, sum, product, shifted]);
      expect(deviceMemory()).toEqual(before);
    });
  });
}
