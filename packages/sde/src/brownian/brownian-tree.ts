import { deriveSeed, Rng, type Seed } from '@gen/core';
import { sampleInterval, splitInterval } from './bridge-split.js';
import { dyadicCover, type GridPoint } from './dyadic-grid.js';
import { bridgeMeanPiece, concatenate, type IntervalValues, type Piece } from './interval-algebra.js';
import { LruCache } from './lru-cache.js';

/**
 * A virtual Brownian tree: the (W, H) values of every dyadic node of [t0, t1] down to a leaf level L, each a pure
 * function of the seed and the node, computed on demand and cached.
 *
 * @remarks
 * The root [t0, t1] is drawn by {@link sampleInterval} from `deriveSeed(seed, 0, 0)`; the children at level ℓ + 1
 * of node (ℓ, i) are drawn by {@link splitInterval} from `deriveSeed(seed, ℓ + 1, i)` given node (ℓ, i). A node
 * is found by walking down from the root, so its value never depends on which other nodes were asked for before.
 *
 * Splits (both children of a node) are kept in an LRU cache of 2L + 8 entries. Every node access walks down from
 * the root and marks each ancestor's split as recently used before anything new is inserted; one query touches at
 * most 2L splits, so it never evicts what it needs, and the next query of a sweep finds the shared ancestors
 * cached. A sweep over a uniform grid therefore computes each split once: amortised one split per step. Host
 * memory: about (2L + 8)·4·prod(shape)·8 bytes.
 *
 * @example
 * ```ts
 * const tree = new BrownianTree(4, 1, 20, 7);
 * const firstHalf = tree.node(1, 0); // W and H over [t0, (t0 + t1)/2]
 * ```
 * @see Li, Wong, Chen & Duvenaud, "Scalable gradients for stochastic differential equations", AISTATS 2020.
 */
export class BrownianTree {
  /** The leaf level L. */
  readonly depth: number;
  private readonly span: number;
  private readonly seed: Seed;
  private readonly root: IntervalValues;
  private readonly splits: LruCache<number, readonly [IntervalValues, IntervalValues]>;

  /**
   * @param size - Entries per node, prod(shape) ≥ 1.
   * @param span - The root's length t1 − t0 > 0.
   * @param depth - The leaf level L, an integer in [0, 48].
   * @param seed - The path's seed, a non-negative safe integer.
   */
  constructor(size: number, span: number, depth: number, seed: Seed) {
    this.depth = depth;
    this.span = span;
    this.seed = seed;
    this.root = sampleInterval(size, span, new Rng(deriveSeed(seed, 0, 0)));
    this.splits = new LruCache(2 * depth + 8);
  }

  /**
   * The values of node (level, index), found by walking down from the root (which marks every ancestor's split
   * as recently used).
   *
   * @param level - The level ℓ, an integer in [0, L].
   * @param index - The index, an integer in [0, 2^ℓ).
   * @returns The node's arrays, shared with the cache: read only.
   */
  node(level: number, index: number): IntervalValues {
    let values = this.root;
    for (let ancestor = 0; ancestor < level; ancestor += 1) {
      const pair = this.split(ancestor, Math.floor(index / 2 ** (level - ancestor)), values);
      values = pair[Math.floor(index / 2 ** (level - ancestor - 1)) % 2] as IntervalValues;
    }
    return values;
  }

  /**
   * The values of the interval between two grid points, a ≤ b: whole leaves through their canonical dyadic cover
   * (exact), partial leaves at either end through the bridge mean ({@link bridgeMeanPiece}), folded left to
   * right with {@link concatenate}.
   *
   * @param a - The start.
   * @param b - The end, not before `a`.
   * @returns The values; its arrays may be shared with the cache (a single whole node): read only.
   */
  interval(a: GridPoint, b: GridPoint): IntervalValues {
    const pieces: Piece[] = [];
    if (a.leaf === b.leaf) {
      if (b.fraction > a.fraction) pieces.push(bridgeMeanPiece(this.node(this.depth, a.leaf), a.fraction, b.fraction));
    } else {
      let lo = a.leaf;
      if (a.fraction > 0) {
        pieces.push(bridgeMeanPiece(this.node(this.depth, lo), a.fraction, 1));
        lo += 1;
      }
      for (const { level, index } of dyadicCover(lo, b.leaf, this.depth)) {
        pieces.push({ ...this.node(level, index), length: 2 ** (this.depth - level) });
      }
      if (b.fraction > 0) pieces.push(bridgeMeanPiece(this.node(this.depth, b.leaf), 0, b.fraction));
    }
    const [first, ...rest] = pieces;
    if (first === undefined) {
      const size = this.root.w.length;
      return { w: new Float64Array(size), h: new Float64Array(size) };
    }
    return rest.reduce(concatenate, first);
  }

  private split(level: number, index: number, parent: IntervalValues): readonly [IntervalValues, IntervalValues] {
    const key = 2 ** level + index;
    const cached = this.splits.get(key);
    if (cached !== undefined) return cached;
    const pair = splitInterval(parent, this.span / 2 ** level, new Rng(deriveSeed(this.seed, level + 1, index)));
    this.splits.set(key, pair);
    return pair;
  }
}
