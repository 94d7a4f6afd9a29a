import type { Tolerance } from '../tolerance.js';

/** The outcome of one {@link KernelCase} on the backend under test, as {@link runKernelConformance} reports it. */
export interface KernelCaseResult {
  /** The case name. */
  readonly name: string;
  /** The kernels the case exercises. */
  readonly kernels: readonly string[];
  /** max |actual − reference| over every output entry (NaN when the case threw or its outputs differ in form). */
  readonly maxAbsError: number;
  /** max |actual − reference| / (atol + rtol·|reference|): at most 1 passes (NaN as for `maxAbsError`). */
  readonly maxScaledError: number;
  /** The tolerance applied on this backend. */
  readonly tolerance: Tolerance;
  /** Why the tolerance differs on this backend, when a backend-specific one was applied. */
  readonly toleranceReason?: string;
  /** Tensors the case left allocated on the backend under test (inputs, outputs and intermediates all counted). */
  readonly leakedTensors: number;
  /** Data buffers the case left allocated on the backend under test. */
  readonly leakedDataBuffers: number;
  /** Whether the case ran, matched the reference within tolerance, and leaked nothing. */
  readonly passed: boolean;
  /** What went wrong when the case could not be compared: the message of what it threw, or how outputs differ. */
  readonly error?: string;
}
