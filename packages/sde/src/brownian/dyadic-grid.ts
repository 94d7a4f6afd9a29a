/** The deepest leaf level a tree may have, so that node indices stay exact integers. */
export const MAX_DEPTH = 48;

/**
 * How far from a leaf boundary (in leaf widths) a position still counts as on it: absorbs the rounding of times
 * such as t0 + k·dt accumulated over thousands of steps.
 */
export const SNAP = 1e-6;

/**
 * The leaf level L of a tree over a span: the smallest L with span·2⁻ᴸ ≤ tolerance.
 *
 * @param span - t1 − t0 > 0.
 * @param tolerance - The largest allowed leaf width, > 0.
 * @returns L ≥ 0; more than {@link MAX_DEPTH} when the tolerance is too small for the tree.
 * @example
 * ```ts
 * treeDepth(1, 2 ** -20); // 20
 * ```
 */
export function treeDepth(span: number, tolerance: number): number {
  let depth = 0;
  while (span / 2 ** depth > tolerance && depth <= MAX_DEPTH) depth += 1;
  return depth;
}

/** A position on the leaf grid: a leaf index and a fraction of that leaf. */
export interface GridPoint {
  /** The leaf index j: the position lies in [j, j + 1) leaf widths. */
  readonly leaf: number;
  /** The fraction θ ∈ [0, 1) of the leaf; 0 on a leaf boundary (a dyadic time). */
  readonly fraction: number;
}

/**
 * The grid point of a position given in leaf widths, snapped to the nearest leaf boundary within {@link SNAP}.
 *
 * @param x - The position (t − t0)/(leaf width), in [0, 2ᴸ].
 * @returns Its leaf and fraction.
 * @example
 * ```ts
 * gridPoint(3.25);        // { leaf: 3, fraction: 0.25 }
 * gridPoint(3.999999999); // { leaf: 4, fraction: 0 }
 * ```
 */
export function gridPoint(x: number): GridPoint {
  const nearest = Math.round(x);
  if (Math.abs(x - nearest) <= SNAP) return { leaf: nearest, fraction: 0 };
  const leaf = Math.floor(x);
  return { leaf, fraction: x - leaf };
}

/**
 * Orders two grid points.
 *
 * @param a - A grid point.
 * @param b - Another grid point.
 * @returns A negative number when a < b, 0 when equal, positive when a > b.
 * @example
 * ```ts
 * compareGridPoints({ leaf: 2, fraction: 0 }, { leaf: 1, fraction: 0.5 }); // > 0
 * ```
 */
export function compareGridPoints(a: GridPoint, b: GridPoint): number {
  return a.leaf === b.leaf ? a.fraction - b.fraction : a.leaf - b.leaf;
}

/**
 * A node of the dyadic tree: level ℓ (the root is 0) and index i ∈ [0, 2^ℓ); it covers the leaves
 * [i·2^(L−ℓ), (i + 1)·2^(L−ℓ)).
 */
export interface NodeId {
  /** The level ℓ. */
  readonly level: number;
  /** The index i within the level. */
  readonly index: number;
}

/**
 * The canonical cover of a run of whole leaves by the fewest dyadic nodes, left to right (as in a segment tree).
 *
 * @remarks
 * From `lo`, repeatedly takes the largest node that starts at `lo` and ends by `hi`. At most 2L nodes; a single
 * node when [lo, hi) is one, e.g. one step of a uniform grid of 2ᵏ steps (k ≤ L).
 *
 * @param lo - The first leaf (an integer ≥ 0).
 * @param hi - One past the last leaf (an integer ≥ lo, ≤ 2ᴸ).
 * @param depth - The leaf level L.
 * @returns The nodes, in order; empty when lo = hi.
 * @example
 * ```ts
 * dyadicCover(2, 8, 3); // [{ level: 2, index: 1 }, { level: 1, index: 1 }]
 * ```
 */
export function dyadicCover(lo: number, hi: number, depth: number): NodeId[] {
  const nodes: NodeId[] = [];
  let start = lo;
  while (start < hi) {
    let width = 1;
    let level = depth;
    while (level > 0 && start % (2 * width) === 0 && start + 2 * width <= hi) {
      width *= 2;
      level -= 1;
    }
    nodes.push({ level, index: start / width });
    start += width;
  }
  return nodes;
}
