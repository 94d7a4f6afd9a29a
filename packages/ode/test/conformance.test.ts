import { initBackend } from '@gen/core';
import '@tensorflow/tfjs-backend-wasm';
import { registerCpuVariant } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../src/index.js';
import { describeSolverFailures, runSolverConformance, SOLVER_ORDER_STUDIES } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('runSolverConformance', () => {
  it('has an order study for every registered method', () => {
    expect(SOLVER_ORDER_STUDIES.map((s) => s.method).sort()).toEqual([...METHOD_NAMES].sort());
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`on ${backend}: every method converges at its order both ways, and adaptive dopri5 meets its bounds`, async () => {
      const report = await runSolverConformance({ backend });
      expect(describeSolverFailures(report)).toEqual([]);
      expect(report.orders.map((r) => r.method)).toEqual(SOLVER_ORDER_STUDIES.map((s) => s.method));
      expect(report.adaptive?.passed).toBe(true);
      expect(report.passed).toBe(true);
      expect(tf.getBackend()).toBe('cpu');
    });
  }

  it('fails on a backend whose matrix product is wrong, and refuses an unknown method', async () => {
    // BatchMatMul with transposeB flipped: the linear field turns the other way, so errors no longer shrink with h.
    const matMul = tf.getKernel('BatchMatMul', 'cpu') as tf.KernelConfig;
    const remove = registerCpuVariant({
      name: 'transposing-cpu',
      kernels: [
        {
          kernelName: 'BatchMatMul',
          kernelFunc: (args) => {
            const attrs = args.attrs as { transposeB: boolean };
            return matMul.kernelFunc({ ...args, attrs: { ...attrs, transposeB: !attrs.transposeB } });
          },
        },
      ],
    });
    try {
      const report = await runSolverConformance({ backend: 'transposing-cpu', methods: ['rk4'] });
      expect(report.passed).toBe(false);
      expect(describeSolverFailures(report)).toEqual([
        expect.stringMatching(/^rk4: slopes .* for order 4 \(−0.25\/\+0.25\); leaked 0 tensors/),
        expect.stringMatching(/^adaptive dopri5 at tolerance 0.00001: end error /),
      ]);
      expect(Math.abs((report.orders[0]?.slope as number) - 4)).toBeGreaterThan(1);
      expect(report.adaptive?.passed).toBe(false);
    } finally {
      remove();
    }
    await expect(runSolverConformance({ backend: 'cpu', methods: ['rk45'] })).rejects.toThrow(
      /no order study for method "rk45"; valid methods: "euler"/,
    );
  });
});
