/**
 * The median of the pairwise distances ‖zᵢ − zⱼ‖, i < j, of a pooled sample: the median-heuristic bandwidth.
 *
 * @remarks
 * Takes the strict upper triangle of a row-major P×P matrix of squared distances and selects its middle order
 * statistic(s) in O(P²) expected time (Wirth's quickselect, no full sort); for an even number of pairs it
 * averages the two middle distances. Square roots are taken after selection (the order is the same).
 *
 * @param squared - Squared distances, row-major P×P (only entries with i < j are read).
 * @param p - The pooled sample size P ≥ 2.
 * @returns The median distance (0 when more than half of the pairs coincide).
 */
export function medianPairwiseDistance(squared: ArrayLike<number>, p: number): number {
  const pairs = new Float64Array((p * (p - 1)) / 2);
  let k = 0;
  for (let i = 0; i < p; i += 1) for (let j = i + 1; j < p; j += 1) pairs[k++] = squared[i * p + j] as number;
  const mid = pairs.length >> 1;
  const upper = Math.sqrt(selectInPlace(pairs, mid));
  if (pairs.length % 2 === 1) return upper;
  let lower = Number.NEGATIVE_INFINITY; // after selection, everything before `mid` is ≤ pairs[mid]
  for (let i = 0; i < mid; i += 1) lower = Math.max(lower, pairs[i] as number);
  return (Math.sqrt(lower) + upper) / 2;
}

/** Reorders `values` so that values[k] is its k-th smallest, with no larger value before and no smaller after. */
function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1;
      while ((values[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}
