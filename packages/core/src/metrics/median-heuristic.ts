import type { PooledDistances } from './pooled.js';

/** Buckets per radix digit: the float32 bit pattern is selected 16 bits at a time. */
const DIGIT = 2 ** 16;

/**
 * The median of the pairwise distances ‖zᵢ − zⱼ‖, i < j, of a pooled sample: the median-heuristic bandwidth.
 * Exact at every size, in O(1) memory beyond one row block.
 *
 * @remarks
 * A radix selection over the P(P − 1)/2 squared distances (i < j), which are never stored together: the bit
 * patterns of non-negative float32 numbers order like the numbers, so a first pass over the row blocks counts the
 * pairs per high 16 bits, which locates the bucket of the middle order statistic(s), and a second pass counts the
 * low 16 bits within that bucket, which gives their exact float32 values. Two passes recompute the distances
 * (O(P²·D) time each) and count in two arrays of 2¹⁶ entries. For an even number of pairs the two middle
 * distances are averaged. Square roots are taken after selection (the order is the same). The result equals the
 * median of the full matrix read back and sorted.
 *
 * @param pooled - The pooled squared distances, P ≥ 2; not disposed.
 * @returns The median distance (0 when more than half of the pairs coincide).
 */
export function medianPairwiseDistance(pooled: PooledDistances): number {
  const pairs = (pooled.p * (pooled.p - 1)) / 2;
  const mid = Math.floor(pairs / 2);
  const ranks = pairs % 2 === 1 ? [mid] : [mid - 1, mid];
  const high = new Float64Array(DIGIT);
  forEachUpperRow(pooled, (bits, from) => {
    for (let j = from; j < bits.length; j += 1) {
      const h = ((bits[j] as number) & 0x7fffffff) >>> 16;
      high[h] = (high[h] as number) + 1;
    }
  });
  const located = ranks.map((rank) => locate(high, rank));
  const buckets = located.map((l) => l.bucket);
  const low = buckets.map(() => new Float64Array(DIGIT));
  forEachUpperRow(pooled, (bits, from) => {
    for (let j = from; j < bits.length; j += 1) {
      const value = (bits[j] as number) & 0x7fffffff;
      const h = value >>> 16;
      for (let k = 0; k < buckets.length; k += 1) {
        if (h !== buckets[k]) continue;
        const counts = low[k] as Float64Array;
        counts[value & 0xffff] = (counts[value & 0xffff] as number) + 1;
      }
    }
  });
  const distances = located.map(({ bucket, rank }, k) => {
    const lowBits = locate(low[k] as Float64Array, rank).bucket;
    return Math.sqrt(float32FromBits(bucket * DIGIT + lowBits));
  });
  return distances.reduce((s, v) => s + v, 0) / distances.length;
}

/** Calls `visit` with each row's squared distances as float32 bit patterns and the first column j > i. */
function forEachUpperRow(pooled: PooledDistances, visit: (bits: Uint32Array, from: number) => void): void {
  for (let start = 0; start + 1 < pooled.p; start += pooled.blockRows) {
    const rows = Math.min(pooled.blockRows, pooled.p - 1 - start);
    const block = pooled.block(start, rows, start); // columns start … P − 1
    const values = block.dataSync() as Float32Array;
    block.dispose();
    const width = pooled.p - start;
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    for (let r = 0; r < rows; r += 1) visit(bits.subarray(r * width, (r + 1) * width), r + 1);
  }
}

/** The bucket holding the element of the given rank (0-based) in a histogram, and its rank within the bucket. */
function locate(counts: Float64Array, rank: number): { bucket: number; rank: number } {
  let below = 0;
  for (let bucket = 0; bucket < counts.length; bucket += 1) {
    const count = counts[bucket] as number;
    if (rank < below + count) return { bucket, rank: rank - below };
    below += count;
  }
  throw new RangeError(`rank ${rank} is not below the histogram's total ${below}`);
}

/** The float32 number with the given bit pattern. */
function float32FromBits(bits: number): number {
  const word = new Uint32Array([bits]);
  return new Float32Array(word.buffer)[0] as number;
}
