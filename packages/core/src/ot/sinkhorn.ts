import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NumericalError } from '../errors/numerical-error.js';
import { ShapeError } from '../errors/shape-error.js';
import { assertInteger, assertPositive } from '../validation/numbers.js';
import { type HostMatrix, toMatrixArray } from './host-matrix.js';

/** Options of {@link sinkhorn}. */
export interface SinkhornOptions {
  /** The entropic regularisation ε > 0, in the units of the cost (nothing is normalised implicitly). */
  epsilon: number;
  /** Source weights a (length N, positive); default uniform 1/N. */
  a?: Float64Array | readonly number[];
  /** Target weights b (length M, positive, same total as `a`); default uniform 1/M. */
  b?: Float64Array | readonly number[];
  /** The most Sinkhorn sweeps (one f and one g update each); default 1000. */
  maxIterations?: number;
  /** Stop when the L1 error of the row marginal is at most this; default 1e-9. */
  tolerance?: number;
  /** Throw a `NumericalError('not-converged')` instead of returning `converged: false`; default false. */
  throwOnNoConvergence?: boolean;
  /**
   * ε-scaling: solve first at ε₀ = the largest cost entry, then at ε₀·q, ε₀·q², … down to `epsilon`, each stage
   * warm-started from the previous potentials. q in (0, 1), e.g. 0.5; default off. Cuts the sweeps needed at small ε
   * (relative to the cost's spread) by orders of magnitude; the answer is the same fixed point.
   */
  epsilonScaling?: number;
  /**
   * Over-relaxation ω of the sweeps at the final ε: f ← (1 − ω)·f + ω·T(g) and likewise g, with ω in [1, 2), or
   * `'auto'` (ω = 2/(1 + √(1 − θ)), with plain Sinkhorn's contraction θ per sweep estimated from the observed one and
   * refined every 20 sweeps). Default 1 (plain sweeps). Where plain Sinkhorn contracts slowly (small ε), the sweeps
   * needed fall from about 1/δ to about 1/√δ for θ = 1 − δ; the answer is the same fixed point.
   */
  overrelaxation?: number | 'auto';
}

/** The entropic transport plan and dual potentials returned by {@link sinkhorn}. */
export interface SinkhornResult {
  /** The plan P, row-major N×M: Pᵢⱼ = exp((fᵢ + gⱼ − Cᵢⱼ)/ε). */
  readonly plan: Float64Array;
  /** The source potential f, length N. */
  readonly f: Float64Array;
  /** The target potential g, length M. */
  readonly g: Float64Array;
  /** The number of sweeps run. */
  readonly iterations: number;
  /** ‖P·1 − a‖₁ + ‖Pᵀ·1 − b‖₁, measured on the returned plan. */
  readonly marginalError: number;
  /** Whether the row-marginal error reached `tolerance` within `maxIterations`. */
  readonly converged: boolean;
}

/**
 * Entropy-regularised optimal transport between weighted point sets by log-domain Sinkhorn iterations.
 *
 * @remarks
 * Solves min_P ⟨P, C⟩ + ε·Σᵢⱼ Pᵢⱼ(log Pᵢⱼ − 1) subject to P·1 = a, Pᵀ·1 = b. Its dual is
 * max_{f,g} ⟨f, a⟩ + ⟨g, b⟩ − ε·Σᵢⱼ exp((fᵢ + gⱼ − Cᵢⱼ)/ε), and the optimal plan is
 * Pᵢⱼ = exp((fᵢ + gⱼ − Cᵢⱼ)/ε). Each sweep applies the two soft c-transforms
 *
 *   gⱼ ← ε·log bⱼ − ε·LSEᵢ((fᵢ − Cᵢⱼ)/ε),   fᵢ ← ε·log aᵢ − ε·LSEⱼ((gⱼ − Cᵢⱼ)/ε),
 *
 * with log-sum-exp (LSE) shifted by its maximum, so no kernel exp(−C/ε) is ever formed: small ε relative to
 * the cost scale neither underflows nor produces NaN; it only slows convergence (the number of sweeps grows
 * quickly as ε shrinks relative to the spread of C; Peyré & Cuturi §4.2). After each g update the column
 * marginal is exact; the row marginal's L1 error, obtained free from the next f update, is the stopping
 * criterion. On exit (f, g) are consistent (g is the soft c-transform of f), whether or not it converged.
 * ε is in the units of C: neither the cost (e.g. by its maximum) nor the weights are normalised implicitly, so
 * scale ε with the cost. float64 throughout; each sweep costs 2·N·M exponentials.
 *
 * @param cost - The cost C, N×M, row-major `Float64Array` or N rows of M numbers; finite. Not modified.
 * @param n - The number of rows N, an integer ≥ 1.
 * @param m - The number of columns M, an integer ≥ 1.
 * @param options - ε, marginals, iteration limit, tolerance, ε-scaling, over-relaxation.
 * @returns A new {@link SinkhornResult}; its arrays are owned by the caller.
 * @throws {@link InvalidArgumentError} for a bad `n`, `m`, `options.epsilon`, `options.maxIterations`,
 *   `options.tolerance`, or weights that are not positive or whose totals differ; {@link ShapeError} when the
 *   cost or a weight vector has the wrong size; {@link NumericalError} (`not-converged`) only when
 *   `throwOnNoConvergence` is set and the tolerance was not reached.
 * @example
 * ```ts
 * const { plan, converged } = sinkhorn(squaredDistances(x0, x1), n, m, { epsilon: 0.05 });
 * ```
 * @see Cuturi, "Sinkhorn distances: lightspeed computation of optimal transport", NeurIPS 2013.
 * @see Peyré & Cuturi, "Computational optimal transport", Foundations and Trends in ML 11, 2019 (§4.4, log
 *   domain).
 * @see Thibault, Chizat, Dossal & Papadakis, "Overrelaxed Sinkhorn–Knopp algorithm for regularized optimal
 *   transport", Algorithms 14, 2021; Lehmann, von Renesse, Sambale & Uschmajew, "A note on overrelaxation in the
 *   Sinkhorn algorithm", Optimization Letters 16, 2022.
 */
export function sinkhorn(cost: HostMatrix, n: number, m: number, options: SinkhornOptions): SinkhornResult {
  assertInteger('n', n, 1);
  assertInteger('m', m, 1);
  const c = toMatrixArray('cost', cost, n, m);
  const epsilon = assertPositive('options.epsilon', options.epsilon);
  const maxIterations = assertInteger('options.maxIterations', options.maxIterations ?? 1000, 1);
  const tolerance = assertPositive('options.tolerance', options.tolerance ?? 1e-9);
  const a = checkWeights('options.a', options.a, n);
  const b = checkWeights('options.b', options.b, m);
  const totalA = a.reduce((s, v) => s + v, 0);
  const totalB = b.reduce((s, v) => s + v, 0);
  if (Math.abs(totalA - totalB) > 1e-9 * Math.max(totalA, totalB)) {
    throw new InvalidArgumentError('options.b', `weights with the same total as options.a (${totalA})`, totalB);
  }
  const logA = a.map(Math.log);
  const logB = b.map(Math.log);
  const cT = transpose(c, n, m);
  const relaxation = checkRelaxation(options.overrelaxation);
  const sweep = new SinkhornSweeps(c, cT, a, b, logA, logB);
  let iterations = 0;
  for (const stageEpsilon of annealedEpsilons(c, epsilon, options.epsilonScaling)) {
    const budget = Math.min(STAGE_SWEEPS, maxIterations - iterations - 1);
    if (budget > 0) iterations += sweep.run(stageEpsilon, budget, STAGE_TOLERANCE).sweeps;
  }
  if (relaxation !== 1 && maxIterations - iterations > 1) {
    iterations += sweep.runRelaxed(epsilon, maxIterations - iterations - 1, tolerance, relaxation);
  }
  // Plain sweeps finish (after relaxed ones, usually one): they leave g = T(f) and measure the row marginal.
  const { sweeps, rowError } = sweep.run(epsilon, maxIterations - iterations, tolerance);
  iterations += sweeps;
  const { f, g } = sweep;
  const converged = rowError <= tolerance;
  if (!converged && options.throwOnNoConvergence === true) {
    throw new NumericalError(
      'not-converged',
      `sinkhorn: the marginal error is ${rowError} after maxIterations = ${maxIterations} sweeps, above ` +
        `tolerance = ${tolerance}. Raise options.maxIterations or options.epsilon, or set options.epsilonScaling.`,
      { t: iterations },
    );
  }
  const plan = new Float64Array(n * m);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < m; j += 1) {
      plan[i * m + j] = Math.exp(((f[i] as number) + (g[j] as number) - (c[i * m + j] as number)) / epsilon);
    }
  }
  return { plan, f, g, iterations, marginalError: marginalError(plan, a, b), converged };
}

/** Sweeps per intermediate ε-scaling stage, at most: the stage only has to land near the next stage's fixed point. */
const STAGE_SWEEPS = 20;
/** Row-marginal L1 error at which an intermediate ε-scaling stage stops early. */
const STAGE_TOLERANCE = 1e-3;

/**
 * The intermediate ε of ε-scaling, largest first: maxᵢⱼ Cᵢⱼ·qᵏ for k = 0, 1, … while above `epsilon` (none without
 * scaling, or when the cost's largest entry is already at most ε).
 */
function annealedEpsilons(cost: Float64Array, epsilon: number, factor: number | undefined): number[] {
  if (factor === undefined) return [];
  if (!(factor > 0 && factor < 1)) {
    throw new InvalidArgumentError('options.epsilonScaling', 'a factor in (0, 1), e.g. 0.5', factor);
  }
  let start = 0;
  for (const v of cost) start = Math.max(start, v);
  const stages: number[] = [];
  for (let e = start; e > epsilon; e *= factor) stages.push(e);
  return stages;
}

/** Sweeps between updates of ω (`'auto'`), and over which relaxed sweeps must make progress. */
const RELAXATION_WINDOW = 20;
/** The largest ω that `'auto'` picks. */
const MAX_AUTO_RELAXATION = 1.99;

function checkRelaxation(relaxation: number | 'auto' | undefined): number | 'auto' {
  if (relaxation === undefined) return 1;
  if (relaxation === 'auto') return relaxation;
  if (typeof relaxation !== 'number' || !(relaxation >= 1 && relaxation < 2)) {
    throw new InvalidArgumentError('options.overrelaxation', "a number in [1, 2) or 'auto'", relaxation);
  }
  return relaxation;
}

/** The potentials f, g and the sweeps that update them (shared across ε-scaling stages as a warm start). */
class SinkhornSweeps {
  readonly f: Float64Array;
  readonly g: Float64Array;
  private readonly fNext: Float64Array;
  private readonly gNext: Float64Array;

  constructor(
    private readonly c: Float64Array,
    private readonly cT: Float64Array,
    private readonly a: Float64Array,
    private readonly b: Float64Array,
    private readonly logA: Float64Array,
    private readonly logB: Float64Array,
  ) {
    this.f = new Float64Array(a.length);
    this.g = new Float64Array(b.length);
    this.fNext = new Float64Array(a.length);
    this.gNext = new Float64Array(b.length);
  }

  /**
   * Over-relaxed sweeps at `epsilon`: g ← (1 − ω)g + ω·T(f), then f ← (1 − ω)f + ω·T(g), until the L1 errors of the
   * two marginals (each read free from the transform that updates the other potential) sum to at most `tolerance`,
   * or `maxSweeps` ran. Every window of sweeps the observed contraction r per sweep updates ω (`'auto'`): plain
   * Sinkhorn's rate θ follows from r by the relation of over-relaxed to plain eigenvalues, (r + ω − 1)² = ω²·θ·r
   * (θ = r when ω = 1), and ω becomes 2/(1 + √(1 − θ)), the optimal ω for that rate (Young's SOR theory, shown to
   * carry over to Sinkhorn by Lehmann et al.); a window without progress halves ω − 1. Returns the sweeps run.
   */
  runRelaxed(epsilon: number, maxSweeps: number, tolerance: number, relaxation: number | 'auto'): number {
    const { f, g, fNext, gNext, a, b } = this;
    let omega = relaxation === 'auto' ? 1 : relaxation;
    const adapt = relaxation === 'auto';
    let windowStartError = Number.NaN;
    for (let sweeps = 1; sweeps <= maxSweeps; sweeps += 1) {
      softCTransform(gNext, f, this.cT, this.logB, epsilon);
      let error = 0;
      for (let j = 0; j < g.length; j += 1) {
        error += (b[j] as number) * Math.abs(Math.exp(((g[j] as number) - (gNext[j] as number)) / epsilon) - 1);
        g[j] = (1 - omega) * (g[j] as number) + omega * (gNext[j] as number);
      }
      softCTransform(fNext, g, this.c, this.logA, epsilon);
      for (let i = 0; i < f.length; i += 1) {
        error += (a[i] as number) * Math.abs(Math.exp(((f[i] as number) - (fNext[i] as number)) / epsilon) - 1);
        f[i] = (1 - omega) * (f[i] as number) + omega * (fNext[i] as number);
      }
      if (error <= tolerance) return sweeps;
      if (sweeps % RELAXATION_WINDOW !== 0) continue;
      // A window right after ω changed only lets the transient of the change settle; the next one is measured.
      const settling = Number.isNaN(windowStartError);
      const rate = (error / windowStartError) ** (1 / RELAXATION_WINDOW);
      const previous = omega;
      if (!settling && !(rate < 1)) {
        omega = 1 + (omega - 1) / 2;
      } else if (!settling && adapt && rate > 0) {
        const theta = Math.min((rate + omega - 1) ** 2 / (omega * omega * rate), 1);
        omega = Math.min(MAX_AUTO_RELAXATION, 2 / (1 + Math.sqrt(1 - theta)));
      }
      windowStartError = omega === previous ? error : Number.NaN;
    }
    return maxSweeps;
  }

  /**
   * Sweeps at `epsilon` until the row-marginal L1 error is at most `tolerance` or `maxSweeps` (≥ 1) ran. On return
   * g is the soft c-transform of f (the column marginal is exact).
   */
  run(epsilon: number, maxSweeps: number, tolerance: number): { sweeps: number; rowError: number } {
    const { f, g, fNext, a } = this;
    let sweeps = 0;
    for (;;) {
      softCTransform(g, f, this.cT, this.logB, epsilon);
      sweeps += 1;
      softCTransform(fNext, g, this.c, this.logA, epsilon);
      let rowError = 0; // the row sums of exp((f ⊕ g − C)/ε) are aᵢ·exp((fᵢ − fNextᵢ)/ε)
      for (let i = 0; i < f.length; i += 1) {
        rowError += (a[i] as number) * Math.abs(Math.exp(((f[i] as number) - (fNext[i] as number)) / epsilon) - 1);
      }
      if (rowError <= tolerance || sweeps >= maxSweeps) return { sweeps, rowError };
      f.set(fNext);
    }
  }
}

/** out[r] = ε·logW[r] − ε·LSE_k((other[k] − cost[r, k])/ε) for a row-major cost with `other.length` columns. */
function softCTransform(
  out: Float64Array,
  other: Float64Array,
  cost: Float64Array,
  logWeights: Float64Array,
  epsilon: number,
): void {
  const cols = other.length;
  for (let r = 0; r < out.length; r += 1) {
    const offset = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < cols; k += 1) {
      const z = (other[k] as number) - (cost[offset + k] as number);
      if (z > max) max = z;
    }
    let sum = 0;
    for (let k = 0; k < cols; k += 1) {
      sum += Math.exp(((other[k] as number) - (cost[offset + k] as number) - max) / epsilon);
    }
    out[r] = epsilon * (logWeights[r] as number) - max - epsilon * Math.log(sum);
  }
}

function checkWeights(parameter: string, weights: unknown, length: number): Float64Array {
  if (weights === undefined) return new Float64Array(length).fill(1 / length);
  if (!(weights instanceof Float64Array) && !Array.isArray(weights)) {
    throw new InvalidArgumentError(parameter, 'a Float64Array or an array of numbers', weights);
  }
  if (weights.length !== length) throw new ShapeError(parameter, `[${length}]`, [weights.length]);
  const values = Float64Array.from(weights as ArrayLike<number>);
  const bad = values.findIndex((v) => !(v > 0 && Number.isFinite(v)));
  if (bad >= 0) {
    throw new InvalidArgumentError(
      parameter,
      'positive finite weights',
      `${values[bad]} at index ${bad}`,
      'Drop points of zero mass before calling sinkhorn.',
    );
  }
  return values;
}

function transpose(c: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i += 1) for (let j = 0; j < cols; j += 1) t[j * rows + i] = c[i * cols + j] as number;
  return t;
}

function marginalError(plan: Float64Array, a: Float64Array, b: Float64Array): number {
  const rows = new Float64Array(a.length);
  const cols = new Float64Array(b.length);
  for (let i = 0; i < a.length; i += 1) {
    for (let j = 0; j < b.length; j += 1) {
      const p = plan[i * b.length + j] as number;
      rows[i] = (rows[i] as number) + p;
      cols[j] = (cols[j] as number) + p;
    }
  }
  let error = 0;
  for (let i = 0; i < a.length; i += 1) error += Math.abs((rows[i] as number) - (a[i] as number));
  for (let j = 0; j < b.length; j += 1) error += Math.abs((cols[j] as number) - (b[j] as number));
  return error;
}
