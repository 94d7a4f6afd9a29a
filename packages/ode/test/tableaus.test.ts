import { InvalidArgumentError } from '@gen/core';
import { describe, expect, it } from 'vitest';
import {
  type ButcherTableau,
  type ButcherTableauSpec,
  bosh3,
  defineTableau,
  dopri5,
  dopri8,
  euler,
  heun,
  midpoint,
  rk4,
  tsit5,
} from '../src/tableaus/index.js';

const TABLEAUS: readonly ButcherTableau[] = [euler, midpoint, heun, rk4, bosh3, dopri5, tsit5, dopri8];

/** Tolerance of the algebraic checks: the coefficients are exact rationals (or 16-digit decimals) in float64. */
const TOLERANCE = 1e-12;

// ---------------------------------------------------------------------------------------------------------------
// Rooted trees and Butcher's order conditions
// ---------------------------------------------------------------------------------------------------------------

/** A rooted tree: the multiset of the root's subtrees, in canonical (non-decreasing index) order. */
interface Tree {
  readonly children: readonly Tree[];
  /** Number of vertices |t|. */
  readonly order: number;
  /** Density γ(t) = |t|·Π γ(children). */
  readonly density: number;
}

/** All rooted trees of order 1…maxOrder, generated as multisets of smaller trees; grouped by order. */
function rootedTrees(maxOrder: number): Tree[][] {
  const all: Tree[] = [];
  const byOrder: Tree[][] = [[]];
  for (let n = 1; n <= maxOrder; n++) {
    const trees: Tree[] = [];
    const extend = (start: number, remaining: number, children: Tree[]): void => {
      if (remaining === 0) {
        const density = children.reduce((g, child) => g * child.density, n);
        trees.push({ children: [...children], order: n, density });
        return;
      }
      for (let i = start; i < all.length; i++) {
        const child = all[i] as Tree;
        if (child.order <= remaining) extend(i, remaining - child.order, [...children, child]);
      }
    };
    extend(0, n - 1, []);
    byOrder.push(trees);
    all.push(...trees);
  }
  return byOrder;
}

const MAX_TREE_ORDER = 9;
const TREES = rootedTrees(MAX_TREE_ORDER);

/** Trees of order n. */
function treesOfOrder(n: number): readonly Tree[] {
  return TREES[n] ?? [];
}

/** The stage vector Φᵢ(t): 1 for the single vertex, Πⱼ (A·Φ(childⱼ))ᵢ otherwise. */
function elementaryWeights(tableau: ButcherTableauSpec, tree: Tree, cache: Map<Tree, number[]>): number[] {
  const cached = cache.get(tree);
  if (cached !== undefined) return cached;
  const s = tableau.c.length;
  const phi = new Array<number>(s).fill(1);
  for (const child of tree.children) {
    const childPhi = elementaryWeights(tableau, child, cache);
    for (let i = 0; i < s; i++) {
      const row = tableau.a[i] ?? [];
      let sum = 0;
      for (const [j, aij] of row.entries()) sum += aij * (childPhi[j] as number);
      phi[i] = (phi[i] as number) * sum;
    }
  }
  cache.set(tree, phi);
  return phi;
}

/** Residual Σᵢ wᵢΦᵢ(t) − 1/γ(t) of the order condition of `tree` for the weights `weights`. */
function residual(tableau: ButcherTableauSpec, weights: readonly number[], tree: Tree, cache: Map<Tree, number[]>) {
  const phi = elementaryWeights(tableau, tree, cache);
  return weights.reduce((sum, w, i) => sum + w * (phi[i] as number), 0) - 1 / tree.density;
}

/** Largest |residual| over the trees of order n. */
function maxResidual(tableau: ButcherTableauSpec, weights: readonly number[], n: number): number {
  const cache = new Map<Tree, number[]>();
  return Math.max(...treesOfOrder(n).map((tree) => Math.abs(residual(tableau, weights, tree, cache))));
}

/** The embedded weights b̂ = b − e. */
function embeddedWeights(tableau: ButcherTableau): number[] {
  const bError = tableau.bError ?? [];
  return tableau.b.map((b, i) => b - (bError[i] as number));
}

describe('rooted trees', () => {
  it('has the known counts 1, 1, 2, 4, 9, 20, 48, 115, 286 by order', () => {
    expect(TREES.slice(1).map((trees) => trees.length)).toEqual([1, 1, 2, 4, 9, 20, 48, 115, 286]);
  });

  it('gives the textbook conditions up to order 3', () => {
    // Σb = 1; Σbc = 1/2; Σbc² = 1/3 and Σb(Ac) = 1/6.
    expect(treesOfOrder(1).map((t) => t.density)).toEqual([1]);
    expect(treesOfOrder(2).map((t) => t.density)).toEqual([2]);
    expect(
      treesOfOrder(3)
        .map((t) => t.density)
        .sort(),
    ).toEqual([3, 6]);
    expect(
      treesOfOrder(4)
        .map((t) => t.density)
        .sort((x, y) => x - y),
    ).toEqual([4, 8, 12, 24]);
  });
});

describe.each(TABLEAUS.map((tableau) => [tableau.name, tableau] as const))('tableau %s', (_, tableau) => {
  it('has a consistent shape', () => {
    const s = tableau.stages;
    expect(tableau.c).toHaveLength(s);
    expect(tableau.a).toHaveLength(s);
    expect(tableau.b).toHaveLength(s);
    expect(tableau.adaptive).toBe(tableau.bError !== undefined);
    expect(tableau.adaptive).toBe(tableau.errorOrder !== undefined);
    expect(Object.isFrozen(tableau)).toBe(true);
    expect(tableau.interpolant(0.5).stageWeights).toHaveLength(tableau.fsal ? s : s + 1);
  });

  it(`satisfies the order conditions through order ${tableau.order}`, () => {
    for (let n = 1; n <= tableau.order; n++) {
      expect(maxResidual(tableau, tableau.b, n), `trees of order ${n}`).toBeLessThan(TOLERANCE);
    }
  });

  it(`violates some order condition of order ${tableau.order + 1} (the stated order is exact)`, () => {
    expect(maxResidual(tableau, tableau.b, tableau.order + 1)).toBeGreaterThan(1e-6);
  });

  if (tableau.errorOrder !== undefined) {
    const errorOrder = tableau.errorOrder;

    it(`has embedded weights b̂ = b − bError of exact order ${errorOrder}`, () => {
      const bHat = embeddedWeights(tableau);
      for (let n = 1; n <= errorOrder; n++) {
        expect(maxResidual(tableau, bHat, n), `trees of order ${n}`).toBeLessThan(TOLERANCE);
      }
      expect(maxResidual(tableau, bHat, errorOrder + 1)).toBeGreaterThan(1e-6);
    });
  }

  it('has dense output that starts at y0 and ends at y1', () => {
    const start = tableau.interpolant(0);
    expect(Math.abs(start.y1Weight)).toBeLessThan(TOLERANCE);
    for (const w of start.stageWeights) expect(Math.abs(w)).toBeLessThan(TOLERANCE);

    // y1Weight·(y1 − y0) + h·Σ wᵢkᵢ = y1 − y0 = h·Σ bᵢkᵢ for all stages ⇔ y1Weight·bᵢ + wᵢ = bᵢ (b_{s+1} = 0).
    const end = tableau.interpolant(1);
    for (const [i, w] of end.stageWeights.entries()) {
      const b = tableau.b[i] ?? 0;
      expect(Math.abs(end.y1Weight * b + w - b), `stage ${i}`).toBeLessThan(TOLERANCE);
    }
  });
});

describe('own interpolants', () => {
  it('dopri5 at θ = 1 gives exactly the weights b with y1Weight 0', () => {
    const { y1Weight, stageWeights } = dopri5.interpolant(1);
    expect(y1Weight).toBe(0);
    stageWeights.forEach((w, i) => {
      expect(w).toBeCloseTo(dopri5.b[i] as number, 15);
    });
  });

  it('dopri5 matches the expanded CONTD5 polynomial of b₁(θ)', () => {
    // b₁(θ) = θ − (8048581381/2820520608)θ² + (8663915743/2820520608)θ³ − (12715105075/11282082432)θ⁴.
    for (const theta of [0.1, 0.37, 0.5, 0.9]) {
      const expected =
        theta -
        (8048581381 / 2820520608) * theta ** 2 +
        (8663915743 / 2820520608) * theta ** 3 -
        (12715105075 / 11282082432) * theta ** 4;
      expect(dopri5.interpolant(theta).stageWeights[0]).toBeCloseTo(expected, 14);
    }
  });

  it('dopri8 meets the order conditions of the continuous method through order 5, and not order 6', () => {
    // Σᵢ bᵢ(θ)·Φᵢ(t) = θ^|t| / γ(t), with f(t1, y1) as a 14th stage (c = 1, its row of a = b).
    const withEndStage: ButcherTableauSpec = { ...dopri8, c: [...dopri8.c, 1], a: [...dopri8.a, dopri8.b] };
    const cache = new Map<Tree, number[]>();
    const worst = (theta: number, n: number) => {
      const { stageWeights } = dopri8.interpolant(theta);
      return Math.max(
        ...treesOfOrder(n).map((tree) => {
          const phi = elementaryWeights(withEndStage, tree, cache);
          const sum = stageWeights.reduce((acc, w, i) => acc + w * (phi[i] as number), 0);
          return Math.abs(sum - theta ** n / tree.density);
        }),
      );
    };
    for (const theta of [0.3, 0.5, 0.8]) {
      for (let n = 1; n <= 5; n++) expect(worst(theta, n), `θ = ${theta}, order ${n}`).toBeLessThan(1e-13);
      expect(worst(theta, 6), `θ = ${theta}, order 6`).toBeGreaterThan(1e-6);
    }
  });

  it.each([dopri5, tsit5, dopri8])('$name has dense weights summing to θ (consistency)', (tableau) => {
    for (const theta of [0.25, 0.5, 0.8]) {
      const { y1Weight, stageWeights } = tableau.interpolant(theta);
      expect(y1Weight + stageWeights.reduce((x, y) => x + y, 0)).toBeCloseTo(theta, 13);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Interpolation order, with a float64 host Runge–Kutta step
// ---------------------------------------------------------------------------------------------------------------

type ScalarField = (t: number, y: number) => number;

/** One step of the method on a scalar ODE, in float64, and its dense output at θ. */
function hostStepDense(tableau: ButcherTableau, f: ScalarField, t0: number, y0: number, h: number, theta: number) {
  const k: number[] = [];
  for (const [i, row] of tableau.a.entries()) {
    const y = row.reduce((sum, aij, j) => sum + h * aij * (k[j] as number), y0);
    k.push(f(t0 + (tableau.c[i] as number) * h, y));
  }
  const y1 = tableau.b.reduce((sum, b, i) => sum + h * b * (k[i] as number), y0);
  const slopes = tableau.fsal ? k : [...k, f(t0 + h, y1)];
  const { y1Weight, stageWeights } = tableau.interpolant(theta);
  return stageWeights.reduce((sum, w, i) => sum + h * w * (slopes[i] as number), y0 + y1Weight * (y1 - y0));
}

/** Least-squares slope of log(error) against log(h). */
function logLogSlope(hs: readonly number[], errors: readonly number[]): number {
  const xs = hs.map(Math.log);
  const ys = errors.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (const [i, x] of xs.entries()) {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  }
  return num / den;
}

interface Problem {
  readonly label: string;
  readonly f: ScalarField;
  readonly exact: (t: number) => number;
}

const T0 = 0.3;
const PROBLEMS: readonly Problem[] = [
  { label: "y' = cos(t)·y", f: (t, y) => Math.cos(t) * y, exact: (t) => Math.exp(Math.sin(t) - Math.sin(T0)) },
  { label: "y' = 1 + y²", f: (_t, y) => 1 + y * y, exact: (t) => Math.tan(t) },
];
/** Step sizes of the 4th-order interpolant checks. */
const STEP_SIZES = [0.2, 0.1, 0.05, 0.025];
/** Smaller steps for the low-order methods, whose errors at the larger steps are not yet asymptotic. */
const SMALL_STEP_SIZES = [0.05, 0.025, 0.0125, 0.00625];

/** Observed local order of the dense output at θ = 1/2 over one step from T0. */
function interpolationSlope(tableau: ButcherTableau, problem: Problem, stepSizes = STEP_SIZES): number {
  const errors = stepSizes.map((h) => {
    const y = hostStepDense(tableau, problem.f, T0, problem.exact(T0), h, 0.5);
    return Math.abs(y - problem.exact(T0 + h / 2));
  });
  return logLogSlope(stepSizes, errors);
}

describe.each(PROBLEMS)('dense output on $label', (problem) => {
  it.each([dopri5, tsit5])('$name: the error at θ = 1/2 shrinks like h⁵ (4th-order interpolant)', (tableau) => {
    expect(interpolationSlope(tableau, problem)).toBeGreaterThanOrEqual(4.5);
  });

  it('dopri8: the error at θ = 1/2 shrinks like h⁶ (5th-order continuous extension)', () => {
    expect(interpolationSlope(dopri8, problem)).toBeGreaterThanOrEqual(5.5);
  });

  it.each(TABLEAUS.filter((t) => t !== dopri5 && t !== tsit5 && t !== dopri8))(
    '$name with cubic Hermite: the error at θ = 1/2 shrinks like h^min(order + 1, 4)',
    (tableau) => {
      const expected = Math.min(tableau.order + 1, 4);
      expect(interpolationSlope(tableau, problem, SMALL_STEP_SIZES)).toBeGreaterThanOrEqual(expected - 0.5);
    },
  );

  it('tells a 4th-order interpolant from cubic Hermite on the same dopri5 step', () => {
    const hermite = defineTableau({
      name: 'dopri5-hermite',
      order: dopri5.order,
      errorOrder: 4,
      c: dopri5.c,
      a: dopri5.a,
      b: dopri5.b,
      fsal: true,
    });
    expect(interpolationSlope(hermite, problem)).toBeLessThan(4.5);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const HEUN_SPEC: ButcherTableauSpec = { name: 'broken', order: 2, c: [0, 1], a: [[], [1]], b: [0.5, 0.5], fsal: false };

/** The InvalidArgumentError that `defineTableau(spec)` throws. */
function rejection(spec: ButcherTableauSpec): InvalidArgumentError {
  try {
    defineTableau(spec);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error(`defineTableau accepted ${spec.name}`);
}

describe('defineTableau validation', () => {
  it('accepts a valid tableau', () => {
    expect(defineTableau(HEUN_SPEC).stages).toBe(2);
  });

  it('rejects a row of a that does not sum to c, naming the row', () => {
    const error = rejection({ ...HEUN_SPEC, a: [[], [0.9]] });
    expect(error.parameter).toBe('tableau "broken".a[1]');
    expect(error.message).toContain('a[1]');
  });

  it('rejects weights b that do not sum to 1', () => {
    const error = rejection({ ...HEUN_SPEC, b: [0.5, 0.6] });
    expect(error.parameter).toBe('tableau "broken".b');
    expect(error.message).toContain('.b');
  });

  it('rejects error weights that do not sum to 0', () => {
    const error = rejection({ ...HEUN_SPEC, errorOrder: 1, bError: [0.5, 0] });
    expect(error.parameter).toBe('tableau "broken".bError');
  });

  it('rejects error weights without an embedded order', () => {
    const error = rejection({ ...HEUN_SPEC, bError: [0.5, -0.5] });
    expect(error.parameter).toBe('tableau "broken".errorOrder');
  });

  it('rejects a shape mismatch and a non-strictly-lower-triangular a', () => {
    expect(rejection({ ...HEUN_SPEC, b: [1] }).parameter).toBe('tableau "broken".a/b');
    expect(rejection({ ...HEUN_SPEC, a: [[], [0.5, 0.5]] }).parameter).toBe('tableau "broken".a[1]');
  });

  it('rejects an FSAL claim whose last row of a differs from b', () => {
    const bosh3Spec: ButcherTableauSpec = {
      name: 'broken',
      order: 3,
      c: bosh3.c,
      a: bosh3.a,
      b: bosh3.b,
      fsal: true,
    };
    expect(defineTableau(bosh3Spec).fsal).toBe(true);
    const wrongLastRow = [[], [1 / 2], [0, 3 / 4], [1 / 3, 1 / 3, 1 / 3]];
    expect(rejection({ ...bosh3Spec, a: wrongLastRow }).parameter).toBe('tableau "broken".fsal');
    // Heun's last stage is not f(t1, y1) with b_s = 0.
    expect(rejection({ ...HEUN_SPEC, fsal: true }).parameter).toBe('tableau "broken".fsal');
  });
});
