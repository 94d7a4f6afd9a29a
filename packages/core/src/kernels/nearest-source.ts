/** The attributes of ResizeNearestNeighbor and its gradient that decide the index map. */
export interface NearestAttrs {
  /** Map the corner pixels of input and output onto each other (scale (in − 1)/(out − 1), sources rounded). */
  readonly alignCorners: boolean;
  /** Sample at pixel centres: source = scale·(i + ½). */
  readonly halfPixelCenters: boolean;
}

/**
 * The source index of every output row (or column) of a nearest-neighbour resize from `inSize` to `outSize`, by
 * tfjs's formula (that of its cpu kernel): scale = in/out (both less one under `alignCorners` when out > 1), source =
 * scale·(i + ½) under `halfPixelCenters`, else scale·i, rounded (`alignCorners`) or floored, clamped to [0, in − 1].
 *
 * @param inSize - The input height (or width).
 * @param outSize - The output height (or width).
 * @param attrs - alignCorners and halfPixelCenters.
 * @returns outSize source indices.
 * @example
 * ```ts
 * nearestSourceIndices(7, 14, { alignCorners: false, halfPixelCenters: false }); // 0, 0, 1, 1, …, 6, 6
 * ```
 */
export function nearestSourceIndices(inSize: number, outSize: number, attrs: NearestAttrs): Int32Array {
  const corners = attrs.alignCorners && outSize > 1;
  const scale = (corners ? inSize - 1 : inSize) / (corners ? outSize - 1 : outSize);
  return Int32Array.from({ length: outSize }, (_, i) => {
    const source = attrs.halfPixelCenters ? scale * (i + 0.5) : scale * i;
    const nearest = Math.min(inSize - 1, attrs.alignCorners ? Math.round(source) : Math.floor(source));
    return attrs.halfPixelCenters ? Math.max(0, nearest) : nearest;
  });
}
