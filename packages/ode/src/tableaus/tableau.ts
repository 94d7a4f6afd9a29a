import { InvalidArgumentError } from '@gen/core';

/**
 * Dense-output weights of a method at a fraction θ ∈ [0, 1] of an accepted step from (t0, y0) to (t1, y1):
 * y(t0 + θh) ≈ y0 + `y1Weight`·(y1 − y0) + h·Σᵢ `stageWeights[i]`·kᵢ, where k₁…k_s are the step's stages and,
 * for methods that are not FSAL, k_{s+1} = f(t1, y1) (the next step's first stage).
 */
export interface DenseWeights {
  /** Weight of (y1 − y0). */
  readonly y1Weight: number;
  /** Weights of h·kᵢ; entries past the last stage may refer to f(t1, y1) as described above. */
  readonly stageWeights: readonly number[];
}

/** How a method interpolates inside an accepted step. */
export type Interpolant = (theta: number) => DenseWeights;

/** The coefficients and properties of an explicit Runge–Kutta method, before validation. */
export interface ButcherTableauSpec {
  /** The registry name, e.g. `'dopri5'`. */
  readonly name: string;
  /** Order of the solution the method propagates. */
  readonly order: number;
  /** Order of the embedded solution used for the error estimate (adaptive methods only). */
  readonly errorOrder?: number;
  /** Nodes cᵢ, one per stage; c₁ = 0. */
  readonly c: readonly number[];
  /** Strictly lower-triangular coefficients: row i has i entries aᵢ₀…aᵢ,ᵢ₋₁ (row 0 is empty). */
  readonly a: readonly (readonly number[])[];
  /** Weights bᵢ of the propagated solution. */
  readonly b: readonly number[];
  /** Error weights eᵢ = bᵢ − b̂ᵢ (adaptive methods only): the local error estimate is h·Σ eᵢkᵢ. */
  readonly bError?: readonly number[];
  /** First Same As Last: the last stage is f(t1, y1), reused as the next step's first stage. */
  readonly fsal: boolean;
  /** The method's own dense output; omitted ⇒ cubic Hermite from y0, y1, f(t0, y0), f(t1, y1). */
  readonly interpolant?: Interpolant;
}

/** A validated Butcher tableau (see {@link defineTableau}). */
export interface ButcherTableau extends ButcherTableauSpec {
  /** Number of stages s. */
  readonly stages: number;
  /** Whether the method has an embedded error estimate and so adapts its step size. */
  readonly adaptive: boolean;
  /** The dense output (the method's own, or cubic Hermite). */
  readonly interpolant: Interpolant;
}

/** Tolerance of the consistency checks; coefficient tables are exact rationals rounded to float64. */
const CONSISTENCY_TOLERANCE = 1e-12;

/**
 * Validates a Butcher tableau once, when a method is defined, and completes it.
 *
 * @remarks
 * Checks the shape (c, b and the rows of a agree on the stage count; a is strictly lower triangular), the row-sum
 * condition Σⱼ aᵢⱼ = cᵢ, consistency Σ bᵢ = 1, Σ eᵢ = 0 for the error weights, and for FSAL methods that the last
 * row of a equals b (so the last stage is f(t1, y1)). Orders are checked empirically by the convergence tests.
 *
 * @param spec - The method's coefficients.
 * @returns The validated tableau, frozen.
 * @throws `InvalidArgumentError` naming the first violated condition.
 * @example
 * ```ts
 * const heun = defineTableau({ name: 'heun', order: 2, c: [0, 1], a: [[], [1]], b: [0.5, 0.5], fsal: false });
 * ```
 * @see Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, §II.1–II.6.
 */
export function defineTableau(spec: ButcherTableauSpec): ButcherTableau {
  const s = spec.c.length;
  const where = `tableau "${spec.name}"`;
  if (spec.a.length !== s || spec.b.length !== s) {
    throw new InvalidArgumentError(`${where}.a/b`, `${s} rows and ${s} weights (one per node)`, [
      spec.a.length,
      spec.b.length,
    ]);
  }
  for (const [i, row] of spec.a.entries()) {
    if (row.length !== i)
      throw new InvalidArgumentError(`${where}.a[${i}]`, `${i} entries (strictly lower triangular)`, row.length);
    const rowSum = row.reduce((x, y) => x + y, 0);
    if (Math.abs(rowSum - (spec.c[i] as number)) > CONSISTENCY_TOLERANCE) {
      throw new InvalidArgumentError(`${where}.a[${i}]`, `entries summing to c[${i}] = ${spec.c[i]}`, rowSum);
    }
  }
  const bSum = spec.b.reduce((x, y) => x + y, 0);
  if (Math.abs(bSum - 1) > CONSISTENCY_TOLERANCE)
    throw new InvalidArgumentError(`${where}.b`, 'weights summing to 1', bSum);
  if (spec.bError !== undefined) {
    if (spec.bError.length !== s)
      throw new InvalidArgumentError(`${where}.bError`, `${s} error weights`, spec.bError.length);
    const eSum = spec.bError.reduce((x, y) => x + y, 0);
    if (Math.abs(eSum) > CONSISTENCY_TOLERANCE)
      throw new InvalidArgumentError(`${where}.bError`, 'error weights summing to 0', eSum);
    if (spec.errorOrder === undefined)
      throw new InvalidArgumentError(`${where}.errorOrder`, 'the embedded order', undefined);
  }
  if (spec.fsal) {
    const last = spec.a[s - 1] ?? [];
    const matches =
      spec.c[s - 1] === 1 && last.every((v, j) => Math.abs(v - (spec.b[j] as number)) <= CONSISTENCY_TOLERANCE);
    if (!matches || (spec.b[s - 1] as number) !== 0) {
      throw new InvalidArgumentError(
        `${where}.fsal`,
        'a last row of a equal to b, with c = 1 and b_s = 0',
        'a last row that differs',
      );
    }
  }
  return Object.freeze({
    ...spec,
    stages: s,
    adaptive: spec.bError !== undefined,
    interpolant: spec.interpolant ?? hermiteInterpolant(s, spec.fsal),
  });
}

/**
 * The cubic Hermite interpolant through y0, y1 with slopes f0 = k₁ and f1 = f(t1, y1).
 *
 * @param stages - The method's stage count s.
 * @param fsal - Whether k_s already is f(t1, y1); otherwise f(t1, y1) is the extra entry s + 1.
 * @returns The interpolant.
 */
function hermiteInterpolant(stages: number, fsal: boolean): Interpolant {
  return (theta) => {
    const weights = new Array<number>(fsal ? stages : stages + 1).fill(0);
    weights[0] = theta * (1 - theta) * (1 - theta);
    weights[weights.length - 1] = theta * theta * (theta - 1);
    return { y1Weight: theta * theta * (3 - 2 * theta), stageWeights: weights };
  };
}
