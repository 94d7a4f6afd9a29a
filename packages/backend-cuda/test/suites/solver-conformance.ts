import { describeSolverFailures, runSolverConformance } from '@gen/ode/testing';
import { describe, expect, it } from 'vitest';

/**
 * The solver conformance suite of `@gen/ode/testing` (empirical convergence orders of every method, an adaptive
 * dopri5 solve, leak checks) on `backend`.
 *
 * @param backend - A registered backend running this package's kernels.
 */
export function describeSolverConformance(backend: string): void {
  describe(`solver conformance on ${backend}`, () => {
    it('reaches every method’s order and the adaptive bounds, without leaks', async () => {
      const report = await runSolverConformance({ backend });
      console.log(
        `${backend} solver slopes (forward / backward vs expected):\n` +
          report.orders
            .map((r) => `  ${r.method}: ${r.slope.toFixed(3)} / ${r.backwardSlope.toFixed(3)} vs ${r.expectedOrder}`)
            .join('\n') +
          (report.adaptive === undefined
            ? ''
            : `\n  dopri5 adaptive: end error ${report.adaptive.endError.toExponential(2)}, ${report.adaptive.nfe} NFE`),
      );
      expect(describeSolverFailures(report)).toEqual([]);
      expect(report.passed).toBe(true);
    });
  });
}
