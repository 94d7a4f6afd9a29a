import type { KernelCaseResult } from './kernel-case-result.js';

/**
 * One line per failed case of a {@link runKernelConformance} run, naming what went wrong: the assertion message
 * of a backend's conformance test.
 *
 * @param results - The results of a run.
 * @returns One line per failed case (empty when every case passed).
 * @example
 * ```ts
 * expect(describeKernelFailures(await runKernelConformance({ backend: 'wasm' }))).toEqual([]);
 * ```
 */
export function describeKernelFailures(results: readonly KernelCaseResult[]): string[] {
  return results
    .filter((r) => !r.passed)
    .map((r) => {
      const what = r.error ?? `max error ${r.maxAbsError} is ${r.maxScaledError}× the tolerance`;
      return `${r.name}: ${what}; leaked ${r.leakedTensors} tensors, ${r.leakedDataBuffers} data buffers`;
    });
}
