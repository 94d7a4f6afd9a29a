import { InvalidArgumentError, type Seed } from '@gen/core';
import { assertFiniteNumber } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { BrownianSource } from '../types.js';
import { BrownianTree } from './brownian-tree.js';
import { compareGridPoints, type GridPoint, gridPoint, SNAP } from './dyadic-grid.js';
import { type BrownianPathOptions, validateBrownianPathOptions } from './options.js';

/**
 * A seeded Brownian motion on [t0, t1] of any shape, queried by increments W(tb) − W(ta) and space-time Lévy
 * areas, consistent with one sample path whatever the order, the times or the step sizes of the queries.
 *
 * @remarks
 * A virtual Brownian tree: W(t0) = 0, the root holds W_{t0,t1} ~ N(0, (t1 − t0)·I) and its space-time Lévy area
 * H ~ N(0, (t1 − t0)/12·I), independent; each dyadic node [s, u] is refined by drawing its halves' (W, H) from
 * their exact law given (W_su, H_su) (derived in `bridge-split.ts`). The root's random numbers come from
 * `deriveSeed(seed, 0, 0)`, those of the two children at level ℓ of the node (ℓ − 1, i) from
 * `deriveSeed(seed, ℓ, i)`, so every node is a pure function of the seed and the node. Nodes are halved down to
 * the leaf level L, the first whose width (t1 − t0)·2⁻ᴸ is ≤ `tolerance`.

 * Queries. An interval [ta, tb] is cut into whole leaves, covered exactly by the fewest dyadic nodes, and at most
 * two partial leaves. On a partial leaf of width Δ with values (w, η) the path is replaced by its conditional mean
 * W(s + θΔ) − W(s) ≈ θw + 6θ(1 − θ)η (derived in `interval-algebra.ts`), whose conditional variance error is
 * Δθ(1 − θ)(1 − 3θ(1 − θ)) ≤ Δ/16 ≤ tolerance/16. So every answer is an exact functional of one continuous path
 * Ŵ: a true Brownian sample at every multiple of the leaf width (and exact W and H over every dyadic node), and
 * within a leaf the bridge mean given that leaf's W and H. Consequences:
 *
 * - Increments and Lévy areas between dyadic times (multiples of the leaf width, e.g. every step of a uniform grid
 *   of 2ᵏ steps with k ≤ L) are exact samples; unions of dyadic nodes are combined exactly with
 *   H_ac = (h₁H_ab + h₂H_bc)/h + (h₂W_ab − h₁W_bc)/(2h) (h₁ = b − a, h₂ = c − b, h = h₁ + h₂).
 * - At other times W(t) has variance t − t0 minus at most tolerance/16, an increment W(tb) − W(ta) variance
 *   tb − ta minus at most tolerance/8 (tolerance/4 when both lie in one leaf), and the Lévy area is approximate
 *   to the same order.
 * - Increments add up (W_ac = W_ab + W_bc) for any times, up to float64 rounding before the float32 cast.
 * - Times within 10⁻⁶ leaf widths of a leaf boundary (or of t0, t1) are snapped onto it, absorbing the rounding of
 *   accumulated grids t + dt + … + dt.
 *
 * Orientation: `increment(tb, ta) = −increment(ta, tb)`; the Lévy area, by its definition with h = tb − ta, is
 * unchanged by swapping ta and tb (the bridge and the sign of h both flip).
 *
 * Cost. Values are computed on the host in float64 (Float64Array per node) and cast to float32 only for the
 * returned tensor. Splitting a node draws 2·prod(shape) normals. A sweep over a uniform grid of 2ᵏ steps splits
 * each node above level k once (amortised one split per step); a non-dyadic grid also descends to the leaf level
 * at every new endpoint, about log₂(dt/tolerance) splits per step, so dyadic steps or a coarser tolerance are
 * much faster. Returned tensors are owned by the caller; the path itself holds no tensors (nothing to dispose),
 * only host arrays in a bounded cache of about (2L + 8)·4·prod(shape)·8 bytes (15 MB for shape [10000], L = 20).
 *
 * @example
 * ```ts
 * const bm = new BrownianPath({ shape: [1000, 1], t0: 0, t1: 1, seed: 42 });
 * const dW = bm.increment(0.25, 0.5);          // [1000, 1], variance 0.25
 * const H = bm.spaceTimeLevyArea(0.25, 0.5);   // [1000, 1], variance 0.25 / 12
 * tf.dispose([dW, H]);
 * ```
 * @see Li, Wong, Chen & Duvenaud, "Scalable gradients for stochastic differential equations", AISTATS 2020 (the
 *   virtual Brownian tree); Foster, Lyons & Oberhauser, "An optimal polynomial approximation of Brownian motion",
 *   SIAM J. Numer. Anal. 2020, and Kidger, "On neural differential equations", PhD thesis 2021 (space-time Lévy
 *   area).
 */
export class BrownianPath implements BrownianSource {
  /** The shape of W(t). */
  readonly shape: readonly number[];
  /** The start of the time span; W(t0) = 0. */
  readonly t0: number;
  /** The end of the time span. */
  readonly t1: number;
  /** The seed: equal seeds give equal paths. */
  readonly seed: Seed;
  /** The largest leaf width (the resolution of the tree). */
  readonly tolerance: number;
  /**
   * The leaf level L: the leaves have width (t1 − t0)·2⁻ᴸ ≤ `tolerance`, and the times t0 + j·(t1 − t0)·2⁻ᴸ
   * (j = 0 … 2ᴸ) are the dyadic times at which increments and Lévy areas are exact.
   */
  readonly depth: number;
  private readonly tree: BrownianTree;

  /**
   * @param options - Shape, time span, seed and tolerance.
   * @throws `InvalidArgumentError` (from `@gen/core`) naming `options`, `options.shape` (or `options.shape[i]`),
   *   `options.t0`, `options.t1` (not finite, or not greater than t0), `options.seed` (not a non-negative safe
   *   integer) or `options.tolerance` (not positive, or below (t1 − t0)·2⁻⁴⁸).
   */
  constructor(options: BrownianPathOptions) {
    const { shape, size, t0, t1, seed, tolerance, depth } = validateBrownianPathOptions(options);
    this.shape = shape;
    this.t0 = t0;
    this.t1 = t1;
    this.seed = seed;
    this.tolerance = tolerance;
    this.depth = depth;
    this.tree = new BrownianTree(size, t1 - t0, depth, seed);
  }

  /**
   * The Brownian increment W(tb) − W(ta).
   *
   * @param ta - Start time in [t0, t1].
   * @param tb - End time in [t0, t1]; when tb < ta the result is −(W(ta) − W(tb)).
   * @returns A new float32 tensor of `shape`, owned by the caller.
   * @throws `InvalidArgumentError` (from `@gen/core`) naming `ta` or `tb` when it is not a finite number in [t0, t1].
   * @example
   * ```ts
   * const dW = bm.increment(t, t + dt);
   * ```
   */
  increment(ta: number, tb: number): tf.Tensor {
    const a = this.gridPoint('ta', ta);
    const b = this.gridPoint('tb', tb);
    const reversed = compareGridPoints(b, a) < 0;
    const { w } = reversed ? this.tree.interval(b, a) : this.tree.interval(a, b);
    const values = new Float32Array(w.length);
    const sign = reversed ? -1 : 1;
    for (let k = 0; k < w.length; k += 1) values[k] = sign * (w[k] as number);
    return tf.tensor(values, [...this.shape], 'float32');
  }

  /**
   * The space-time Lévy area H = (1/h)∫ (W(r) − W(ta) − (r − ta)/h·(W(tb) − W(ta))) dr over [ta, tb], h = tb − ta.
   *
   * @remarks
   * Exact when ta and tb are multiples of the leaf width from t0 (dyadic times); otherwise see the class remarks.
   * Over an interval of length h it has variance h/12 and is independent of the increment over the same
   * interval. Symmetric: `spaceTimeLevyArea(tb, ta)` equals `spaceTimeLevyArea(ta, tb)`; zero when ta = tb.
   *
   * @param ta - Start time in [t0, t1].
   * @param tb - End time in [t0, t1].
   * @returns A new float32 tensor of `shape`, owned by the caller.
   * @throws `InvalidArgumentError` (from `@gen/core`) naming `ta` or `tb` when it is not a finite number in [t0, t1].
   * @example
   * ```ts
   * const H = bm.spaceTimeLevyArea(t, t + dt); // for the order-1.5 additive-noise solver
   * ```
   */
  spaceTimeLevyArea(ta: number, tb: number): tf.Tensor {
    const a = this.gridPoint('ta', ta);
    const b = this.gridPoint('tb', tb);
    const { h } = compareGridPoints(b, a) < 0 ? this.tree.interval(b, a) : this.tree.interval(a, b);
    return tf.tensor(Float32Array.from(h), [...this.shape], 'float32');
  }

  /** Validates a query time and places it on the leaf grid. */
  private gridPoint(parameter: string, t: number): GridPoint {
    assertFiniteNumber(parameter, t);
    const leaves = 2 ** this.tree.depth;
    const x = ((t - this.t0) / (this.t1 - this.t0)) * leaves;
    if (x < -SNAP || x > leaves + SNAP) {
      throw new InvalidArgumentError(parameter, `a time in [t0, t1] = [${this.t0}, ${this.t1}]`, t);
    }
    return gridPoint(Math.min(Math.max(x, 0), leaves));
  }
}
