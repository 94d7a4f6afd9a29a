import {
  describeKernelFailures,
  GEN_KERNEL_CENSUS,
  KERNEL_CASES,
  type KernelCase,
  kernelsCovered,
  runKernelConformance,
} from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { CUDA_KERNEL_CONFIGS } from '../../src/kernel-configs.js';
import { CUDA_EXTRA_CASES } from '../support/extra-cases.js';

const CASES = [...KERNEL_CASES, ...CUDA_EXTRA_CASES];

/**
 * Cases whose wasm result is wrong in tfjs 4.22, compared with cpu instead: wasm's Cast to bool copies the values
 * into the bool array unconverted (−2 → 254, 1.5 → 1, 2 → 2) instead of computing x ≠ 0.
 */
function wasmIsWrong(kernelCase: KernelCase): boolean {
  return kernelCase.kernels.includes('Cast') && kernelCase.name.includes('→ bool');
}

/**
 * The kernel conformance suite of `@gen/core/testing` plus this package's own cases, on `backend` against wasm.
 *
 * @param backend - A registered backend running this package's kernels (`'cuda'` or `'cuda-host'`).
 */
export function describeKernelConformance(backend: string): void {
  describe(`kernel conformance: ${backend} against wasm`, () => {
    it('registers every kernel of the census and tests every kernel it registers', () => {
      const registered = CUDA_KERNEL_CONFIGS.map((k) => k.kernelName);
      const covered = new Set(kernelsCovered(CASES));
      expect(GEN_KERNEL_CENSUS.filter((k) => !registered.includes(k))).toEqual([]);
      expect(registered.filter((k) => !covered.has(k))).toEqual([]);
    });

    it('matches wasm (cpu where wasm is wrong) on every case, without leaks', async () => {
      const results = [
        ...(await runKernelConformance({ backend, reference: 'wasm', cases: CASES.filter((c) => !wasmIsWrong(c)) })),
        ...(await runKernelConformance({ backend, reference: 'cpu', cases: CASES.filter(wasmIsWrong) })),
      ];
      const worst = [...results].sort((a, b) => b.maxAbsError - a.maxAbsError).slice(0, 5);
      console.log(
        `${backend}: ${results.filter((r) => r.passed).length}/${results.length} cases pass; largest errors vs wasm:\n` +
          worst
            .map((r) => `  ${r.name}: ${r.maxAbsError.toExponential(2)} (scaled ${r.maxScaledError.toFixed(3)})`)
            .join('\n'),
      );
      expect(describeKernelFailures(results)).toEqual([]);
    });
  });
}
