import type { SolverConformanceReport } from './solver-conformance-result.js';

/**
 * One line per failed order study or adaptive check of a {@link runSolverConformance} report, with the measured
 * slopes or error: the assertion message of a backend's conformance test.
 *
 * @param report - The report of a run.
 * @returns One line per failure (empty when everything passed).
 * @example
 * ```ts
 * expect(describeSolverFailures(await runSolverConformance({ backend: 'wasm' }))).toEqual([]);
 * ```
 */
export function describeSolverFailures(report: SolverConformanceReport): string[] {
  const leaks = (r: { leakedTensors: number; leakedDataBuffers: number; error?: string }) =>
    `leaked ${r.leakedTensors} tensors, ${r.leakedDataBuffers} data buffers${r.error === undefined ? '' : `; threw ${r.error}`}`;
  const lines = report.orders
    .filter((r) => !r.passed)
    .map(
      (r) =>
        `${r.method}: slopes ${r.slope} forwards and ${r.backwardSlope} backwards for order ${r.expectedOrder} ` +
        `(−${r.slopeTolerance.below}/+${r.slopeTolerance.above}); ${leaks(r)}`,
    );
  const adaptive = report.adaptive;
  if (adaptive !== undefined && !adaptive.passed) {
    lines.push(
      `adaptive ${adaptive.method} at tolerance ${adaptive.tolerance}: end error ${adaptive.endError} ` +
        `(bound ${adaptive.errorBound}), ${adaptive.nfe} evaluations (bound ${adaptive.nfeBound}); ${leaks(adaptive)}`,
    );
  }
  return lines;
}
