import { FLOAT32_EPS, type Tolerance } from '../../tolerance.js';

/**
 * The tolerance of outputs that are sums of `terms` products of inputs in [−1, 1) (a dot product, a conv window, a
 * gradient summed over a batch): backends block and order the sums differently, and the rounding error of n terms is
 * bounded by n·eps·(the largest partial sum), about n·eps in practice; twice that leaves room for a second rounding of
 * each product (fused multiply-adds on one side only).
 *
 * @param terms - How many products each output entry sums.
 * @param scale - The size of the products when it is not of order one (e.g. a weighted gradient).
 * @returns An absolute tolerance.
 */
export function sumTolerance(terms: number, scale = 1): Tolerance {
  return { atol: 2 * terms * scale * FLOAT32_EPS, rtol: 0 };
}
