import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeErrors } from '../suites/errors.js';
import { describeKernelConformance } from '../suites/kernel-conformance.js';
import { describeMemory } from '../suites/memory.js';
import { describeSolverConformance } from '../suites/solver-conformance.js';
import { describeTraining } from '../suites/training.js';
import { HOST_BACKEND, hostBindingCalls, registerHostBackend } from '../support/host-backend.js';
import { loadWasm } from '../support/wasm.js';

// The real backend class and kernels on the host build of the addon (the CUDA sources compiled without nvcc).
beforeAll(async () => {
  await loadWasm();
  registerHostBackend();
});

describeKernelConformance(HOST_BACKEND);
describeSolverConformance(HOST_BACKEND);
describeTraining(HOST_BACKEND);
describeMemory(HOST_BACKEND);
describeErrors(HOST_BACKEND);

describe(`data movement on ${HOST_BACKEND}`, () => {
  it('keeps tensors on the device between ops and downloads only on dataSync', async () => {
    await tf.setBackend(HOST_BACKEND);
    const x = tf.randomUniform([8, 3], -1, 1, 'float32', 1);
    const w = tf.randomUniform([3, 4], -1, 1, 'float32', 2);
    hostBindingCalls.clear();
    const y = tf.tidy(() => {
      const h = tf.matMul(x, w);
      return tf.sum(tf.mul(h, tf.sigmoid(h)), 1);
    });
    expect(hostBindingCalls.get('download') ?? 0).toBe(0);
    y.dataSync();
    expect(hostBindingCalls.get('download')).toBe(1);
    tf.dispose([x, w, y]);
  });
});
