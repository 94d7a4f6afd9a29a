import type * as tf from '@tensorflow/tfjs';
import { FLOAT32_EPS, type Tolerance } from '../tolerance.js';
import type { KernelInput } from './kernel-input.js';

/** What a case computes: tensors in (created from its {@link KernelInput}s, in order), one tensor or a list out. */
export type KernelCaseFn = (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** A tolerance that applies on one backend only, with the reason it differs from the case's own. */
export interface BackendTolerance extends Tolerance {
  /** Why this backend needs it, e.g. the precision of its shader functions; shown in the results. */
  readonly reason: string;
}

/**
 * One case of the kernel conformance suite: a few tfjs ops on deterministic inputs, run on the backend under test
 * and on a reference backend by {@link runKernelConformance}.
 */
export interface KernelCase {
  /** A unique, descriptive name, e.g. `"Add: broadcast a row [1, 4] over [3, 4]"`; it also seeds the inputs. */
  readonly name: string;
  /** The tfjs kernel names the case is written to exercise (tfjs's `kernelName`s, e.g. `"BatchMatMul"`). */
  readonly kernels: readonly string[];
  /** The inputs, generated on the host from a seed derived from {@link KernelCase.name}. */
  readonly inputs: readonly KernelInput[];
  /** The computation on the backend under test (run inside `tf.tidy`). */
  readonly run: KernelCaseFn;
  /** The computation on the reference backend when it differs from {@link KernelCase.run} (e.g. a composite). */
  readonly reference?: KernelCaseFn;
  /** Allowed error on every backend, where {@link DEFAULT_KERNEL_TOLERANCE} is too tight (say why in a comment). */
  readonly tolerance?: Tolerance;
  /** Allowed error on named backends, replacing {@link KernelCase.tolerance} there, each with its reason. */
  readonly backendTolerances?: Readonly<Record<string, BackendTolerance>>;
}

/**
 * The tolerance of a case that states none: |actual − reference| ≤ 4·eps·(1 + |reference|), eps = 2⁻²³.
 *
 * @remarks
 * Four float32 unit roundoffs: room for an elementwise op whose two implementations each round once or twice
 * (e.g. a correctly rounded `Math.exp` on one backend and a 1-ulp `expf` on the other) on inputs of order one.
 * Exact ops (add, reshape, comparisons) agree to the bit; int32 and bool outputs must always agree exactly.
 */
export const DEFAULT_KERNEL_TOLERANCE: Tolerance = { atol: 4 * FLOAT32_EPS, rtol: 4 * FLOAT32_EPS };
