import type { Tolerance } from './compare.js';
import type { Session } from './session.js';

/**
 * One call of a native function on fixed (seeded) inputs, runnable on any binding: the function tests compare its
 * result with the float64 reference, and on a GPU machine the CUDA build's result with the host build's.
 */
export interface NativeCase {
  /** The function and what the case exercises, e.g. 'binary add, broadcast [3,1,5] + [4,1]'. */
  readonly name: string;
  /** Uploads the inputs through `session`, calls the function, returns what it wrote (downloaded). */
  readonly run: (session: Session) => ArrayLike<number>;
  /** The reference result. */
  readonly expected: ArrayLike<number>;
  /** How far `run`'s result may be from `expected`. */
  readonly tolerance: Tolerance;
  /**
   * How far the CUDA build may be from the host build: EXACT where both round the same operations the same way
   * (IEEE arithmetic, fmaf and reductions in the same order, data movement), looser for libm functions.
   */
  readonly crossTolerance: Tolerance;
}
