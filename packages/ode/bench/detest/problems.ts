/**
 * The non-stiff DETEST problem set, classes A–E (25 problems on t ∈ [0, 20]).
 *
 * @remarks
 * Hull, Enright, Fellen & Sedgwick, "Comparing numerical methods for ordinary differential equations",
 * SIAM J. Numer. Anal. 9 (1972) 603–637, as coded in the Toronto test package of Enright & Pryce,
 * "Two FORTRAN packages for assessing initial value methods", ACM TOMS 13 (1987) 1–27 (Algorithm 648, NSDTST).
 * Every right-hand side, constant and initial value below was checked against the Algorithm 648 routines
 * `IVALU`/`FCN` (the unscaled problems, `IWT < 0`). Class F (discontinuous problems) is not included.
 *
 * Each problem carries the right-hand side twice: `rhsHost`, in float64 on the host, and `field`, the same function
 * built from tfjs ops on a batch [N, dim]. Where the solution is known in closed form, `exact` evaluates it.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, ShapeError, type VectorField } from '@gen/core';
import * as tf from '@tensorflow/tfjs';

/** The names of the 25 problems, in the order of {@link DETEST_PROBLEMS}. */
export type DetestName =
  | 'A1'
  | 'A2'
  | 'A3'
  | 'A4'
  | 'A5'
  | 'B1'
  | 'B2'
  | 'B3'
  | 'B4'
  | 'B5'
  | 'C1'
  | 'C2'
  | 'C3'
  | 'C4'
  | 'C5'
  | 'D1'
  | 'D2'
  | 'D3'
  | 'D4'
  | 'D5'
  | 'E1'
  | 'E2'
  | 'E3'
  | 'E4'
  | 'E5';

/**
 * A float64 right-hand side on the host: writes f(t, y) into `out`.
 *
 * @remarks
 * dy/dt = f(t, y) with y, out ∈ ℝ^dim. `out` never aliases `y`.
 *
 * @example
 * ```ts
 * const decay: HostRhs = (_t, y, out) => { out[0] = -(y[0] as number); };
 * ```
 */
export type HostRhs = (t: number, y: Float64Array, out: Float64Array) => void;

/**
 * One DETEST problem: dy/dt = f(t, y), y(0) = y0, integrated over [0, `tEnd`].
 *
 * @remarks
 * `rhsHost` and `field` compute the same f; `field` maps a batch [N, dim] (or a single state [dim]) to a tensor of
 * the same shape inside `tf.tidy`, so it leaks nothing but its result.
 *
 * @example
 * ```ts
 * const d5 = detestProblem('D5');
 * const dy = d5.field(0, tf.tensor2d([d5.y0]));
 * ```
 */
export interface DetestProblem {
  /** The DETEST name, e.g. `'C5'`. */
  readonly name: DetestName;
  /** One line on what the problem models. */
  readonly description: string;
  /** The state dimension. */
  readonly dim: number;
  /** The initial state y(0), frozen. */
  readonly y0: number[];
  /** The end of the integration interval (20 for every problem). */
  readonly tEnd: number;
  /** f in float64 on the host. */
  readonly rhsHost: HostRhs;
  /** f in tfjs ops on a batch [N, dim]. */
  readonly field: VectorField;
  /** The closed-form solution y(t), where one is known. */
  readonly exact?: (t: number) => number[];
}

/** The end time of every DETEST problem. */
export const DETEST_T_END = 20;

/** Reads entry i of a float64 state (the arrays here always have the problem's dimension). */
function at(y: Float64Array, i: number): number {
  return y[i] as number;
}

/** Column j of a batch [N, dim], as [N, 1]. */
function col(x: tf.Tensor2D, j: number): tf.Tensor2D {
  return tf.slice(x, [0, j], [-1, 1]);
}

/**
 * Builds a {@link VectorField} from a function on batches [N, dim], accepting [dim] as a batch of one.
 *
 * @param name - The problem's name, for the shape error.
 * @param dim - The state dimension.
 * @param body - f on a batch [N, dim]; runs inside `tf.tidy`.
 * @returns The field.
 */
function batchField(name: DetestName, dim: number, body: (t: number, x: tf.Tensor2D) => tf.Tensor): VectorField {
  return (t, x) => {
    const single = x.rank === 1;
    if (!(single || x.rank === 2) || x.shape[x.rank - 1] !== dim) {
      throw new ShapeError(`${name}.field x`, `[N, ${dim}] or [${dim}]`, x.shape);
    }
    return tf.tidy(() => {
      const batch = (single ? tf.reshape(x, [1, dim]) : x) as tf.Tensor2D;
      const out = body(t, batch);
      return single ? tf.reshape(out, [dim]) : out;
    });
  };
}

/** Freezes an initial state while keeping the mutable-array type tfjs constructors accept. */
function frozen(values: number[]): number[] {
  return Object.freeze(values) as number[];
}

// ───────────────────────────────────────── Class A: single equations ─────────────────────────────────────────

/** A5's solution as a logarithmic spiral r = 4·exp(π/2 − θ) in the (t, y) plane: returns y(t) for 0 ≤ t < 29.8. */
function a5Exact(t: number): number {
  if (t === 0) return 4;
  // x(θ) = r(θ)·cos θ decreases strictly from 4·e^{3π/4}/√2 ≈ 29.8 at θ = −π/4 to 0 at θ = π/2.
  const x = (theta: number) => 4 * Math.exp(Math.PI / 2 - theta) * Math.cos(theta);
  let lo = -Math.PI / 4;
  let hi = Math.PI / 2;
  for (let k = 0; k < 200 && hi - lo > 1e-15; k++) {
    const mid = 0.5 * (lo + hi);
    if (x(mid) > t) lo = mid;
    else hi = mid;
  }
  let theta = 0.5 * (lo + hi);
  for (let k = 0; k < 3; k++) {
    const r = 4 * Math.exp(Math.PI / 2 - theta);
    theta -= (r * Math.cos(theta) - t) / (-r * (Math.cos(theta) + Math.sin(theta)));
  }
  return 4 * Math.exp(Math.PI / 2 - theta) * Math.sin(theta);
}

const A1: DetestProblem = {
  name: 'A1',
  description: 'Linear decay: y′ = −y.',
  dim: 1,
  y0: frozen([1]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    out[0] = -at(y, 0);
  },
  field: batchField('A1', 1, (_t, x) => tf.neg(x)),
  exact: (t) => [Math.exp(-t)],
};

const A2: DetestProblem = {
  name: 'A2',
  description: 'Cubic decay: y′ = −y³/2.',
  dim: 1,
  y0: frozen([1]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const v = at(y, 0);
    out[0] = -0.5 * v * v * v;
  },
  field: batchField('A2', 1, (_t, x) => tf.mul(-0.5, tf.mul(x, tf.mul(x, x)))),
  exact: (t) => [1 / Math.sqrt(1 + t)],
};

const A3: DetestProblem = {
  name: 'A3',
  description: 'Oscillating growth: y′ = y·cos t.',
  dim: 1,
  y0: frozen([1]),
  tEnd: DETEST_T_END,
  rhsHost: (t, y, out) => {
    out[0] = at(y, 0) * Math.cos(t);
  },
  field: batchField('A3', 1, (t, x) => tf.mul(x, Math.cos(t))),
  exact: (t) => [Math.exp(Math.sin(t))],
};

const A4: DetestProblem = {
  name: 'A4',
  description: 'Logistic growth: y′ = (y/4)(1 − y/20).',
  dim: 1,
  y0: frozen([1]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const v = at(y, 0);
    out[0] = (v / 4) * (1 - v / 20);
  },
  field: batchField('A4', 1, (_t, x) => tf.mul(tf.mul(x, 0.25), tf.sub(1, tf.div(x, 20)))),
  exact: (t) => [20 / (1 + 19 * Math.exp(-t / 4))],
};

const A5: DetestProblem = {
  name: 'A5',
  description: 'Spiral: y′ = (y − t)/(y + t).',
  dim: 1,
  y0: frozen([4]),
  tEnd: DETEST_T_END,
  rhsHost: (t, y, out) => {
    const v = at(y, 0);
    out[0] = (v - t) / (v + t);
  },
  field: batchField('A5', 1, (t, x) => tf.div(tf.sub(x, t), tf.add(x, t))),
  exact: (t) => [a5Exact(t)],
};

// ───────────────────────────────────────── Class B: small systems ─────────────────────────────────────────

/**
 * Jacobi elliptic functions sn, cn, dn of (u | m), 0 ≤ m < 1, by the arithmetic–geometric mean.
 *
 * @param u - The argument.
 * @param m - The parameter m = k².
 * @returns [sn, cn, dn].
 */
function jacobiSnCnDn(u: number, m: number): [number, number, number] {
  const as: number[] = [1];
  const cs: number[] = [Math.sqrt(m)];
  let a = 1;
  let b = Math.sqrt(1 - m);
  let c = Math.sqrt(m);
  while (Math.abs(c) > 1e-17 && as.length < 20) {
    const next = 0.5 * (a + b);
    c = 0.5 * (a - b);
    b = Math.sqrt(a * b);
    a = next;
    as.push(a);
    cs.push(c);
  }
  const n = as.length - 1;
  let phi = 2 ** n * (as[n] as number) * u;
  let phiAbove = phi;
  for (let k = n; k >= 1; k--) {
    phiAbove = phi;
    phi = 0.5 * (phi + Math.asin(((cs[k] as number) / (as[k] as number)) * Math.sin(phi)));
  }
  return [Math.sin(phi), Math.cos(phi), Math.cos(phi) / Math.cos(phiAbove - phi)];
}

const B1: DetestProblem = {
  name: 'B1',
  description: 'Growth of two conflicting populations (Lotka–Volterra).',
  dim: 2,
  y0: frozen([1, 3]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const y1 = at(y, 0);
    const y2 = at(y, 1);
    out[0] = 2 * (y1 - y1 * y2);
    out[1] = -(y2 - y1 * y2);
  },
  field: batchField('B1', 2, (_t, x) => {
    const y1 = col(x, 0);
    const y2 = col(x, 1);
    const y1y2 = tf.mul(y1, y2);
    return tf.concat([tf.mul(2, tf.sub(y1, y1y2)), tf.sub(y1y2, y2)], 1);
  }),
};

const B2: DetestProblem = {
  name: 'B2',
  description: 'Linear chemical reaction: y′ = [[−1, 1, 0], [1, −2, 1], [0, 1, −1]]·y.',
  dim: 3,
  y0: frozen([2, 0, 1]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const y1 = at(y, 0);
    const y2 = at(y, 1);
    const y3 = at(y, 2);
    out[0] = -y1 + y2;
    out[1] = y1 - 2 * y2 + y3;
    out[2] = y2 - y3;
  },
  field: batchField('B2', 3, (_t, x) => {
    const y1 = col(x, 0);
    const y2 = col(x, 1);
    const y3 = col(x, 2);
    return tf.concat([tf.sub(y2, y1), tf.add(tf.sub(y1, tf.mul(2, y2)), y3), tf.sub(y2, y3)], 1);
  }),
  // Eigenvalues 0, −1, −3 with eigenvectors (1, 1, 1), (1, 0, −1), (1, −2, 1).
  exact: (t) => {
    const e1 = 0.5 * Math.exp(-t);
    const e3 = 0.5 * Math.exp(-3 * t);
    return [1 + e1 + e3, 1 - 2 * e3, 1 - e1 + e3];
  },
};

const B3: DetestProblem = {
  name: 'B3',
  description: 'Nonlinear chemical reaction: y1′ = −y1, y2′ = y1 − y2², y3′ = y2².',
  dim: 3,
  y0: frozen([1, 0, 0]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const y1 = at(y, 0);
    const y2sq = at(y, 1) * at(y, 1);
    out[0] = -y1;
    out[1] = y1 - y2sq;
    out[2] = y2sq;
  },
  field: batchField('B3', 3, (_t, x) => {
    const y1 = col(x, 0);
    const y2sq = tf.square(col(x, 1));
    return tf.concat([tf.neg(y1), tf.sub(y1, y2sq), y2sq], 1);
  }),
};

const B4: DetestProblem = {
  name: 'B4',
  description: 'A curve on a torus: ρ = √(y1² + y2²), y1′ = −y2 − y1·y3/ρ, y2′ = y1 − y2·y3/ρ, y3′ = y1/ρ.',
  dim: 3,
  y0: frozen([3, 0, 0]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const y1 = at(y, 0);
    const y2 = at(y, 1);
    const y3 = at(y, 2);
    const rho = Math.sqrt(y1 * y1 + y2 * y2);
    out[0] = -y2 - (y1 * y3) / rho;
    out[1] = y1 - (y2 * y3) / rho;
    out[2] = y1 / rho;
  },
  field: batchField('B4', 3, (_t, x) => {
    const y1 = col(x, 0);
    const y2 = col(x, 1);
    const y3 = col(x, 2);
    const rho = tf.sqrt(tf.add(tf.square(y1), tf.square(y2)));
    const y3OverRho = tf.div(y3, rho);
    return tf.concat(
      [tf.sub(tf.neg(y2), tf.mul(y1, y3OverRho)), tf.sub(y1, tf.mul(y2, y3OverRho)), tf.div(y1, rho)],
      1,
    );
  }),
  // In polar coordinates: θ = t, y3 = sin t, ρ′ = −y3 ⇒ ρ = 2 + cos t.
  exact: (t) => {
    const rho = 2 + Math.cos(t);
    return [rho * Math.cos(t), rho * Math.sin(t), Math.sin(t)];
  },
};

const B5: DetestProblem = {
  name: 'B5',
  description:
    "Euler's equations of a rigid body without external forces: y1′ = y2·y3, y2′ = −y1·y3, y3′ = −0.51·y1·y2.",
  dim: 3,
  y0: frozen([0, 1, 1]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const y1 = at(y, 0);
    const y2 = at(y, 1);
    const y3 = at(y, 2);
    out[0] = y2 * y3;
    out[1] = -y1 * y3;
    out[2] = -0.51 * y1 * y2;
  },
  field: batchField('B5', 3, (_t, x) => {
    const y1 = col(x, 0);
    const y2 = col(x, 1);
    const y3 = col(x, 2);
    return tf.concat([tf.mul(y2, y3), tf.neg(tf.mul(y1, y3)), tf.mul(-0.51, tf.mul(y1, y2))], 1);
  }),
  // (sn, cn, dn)(t | m = 0.51): sn′ = cn·dn, cn′ = −sn·dn, dn′ = −m·sn·cn.
  exact: (t) => jacobiSnCnDn(t, 0.51),
};

// ───────────────────────────────────────── Class C: moderate systems ─────────────────────────────────────────

/**
 * The decay chains C1 and C2: y1′ = −w1·y1, yᵢ′ = w_{i−1}·y_{i−1} − wᵢ·yᵢ (i = 2…9), y10′ = w9·y9.
 *
 * @param name - `'C1'` (all wᵢ = 1) or `'C2'` (wᵢ = i).
 * @param w - The rates w1…w9.
 * @returns The problem's host and tfjs right-hand sides.
 */
function decayChain(name: 'C1' | 'C2', w: readonly number[]): Pick<DetestProblem, 'rhsHost' | 'field'> {
  // With w10 = 0 both cases read out = shift(w ⊙ y) − w ⊙ y, where shift moves entries one place down.
  const rates = [...w, 0];
  return {
    rhsHost: (_t, y, out) => {
      let inflow = 0;
      for (let i = 0; i < 10; i++) {
        const flow = (rates[i] as number) * at(y, i);
        out[i] = inflow - flow;
        inflow = flow;
      }
    },
    field: batchField(name, 10, (_t, x) => {
      const flow = tf.mul(x, tf.tensor1d(rates));
      return tf.sub(
        tf.pad(tf.slice(flow, [0, 0], [-1, 9]), [
          [0, 0],
          [1, 0],
        ]),
        flow,
      );
    }),
  };
}

/**
 * The heat-equation chains C3 (n = 10) and C4 (n = 51): y′ = T·y with T tridiagonal (1, −2, 1).
 *
 * @param name - `'C3'` or `'C4'`.
 * @param n - The dimension.
 * @returns The problem's host and tfjs right-hand sides and its closed-form solution.
 */
function heatChain(name: 'C3' | 'C4', n: number): Pick<DetestProblem, 'rhsHost' | 'field' | 'exact'> {
  return {
    rhsHost: (_t, y, out) => {
      for (let i = 0; i < n; i++) {
        const below = i > 0 ? at(y, i - 1) : 0;
        const above = i < n - 1 ? at(y, i + 1) : 0;
        out[i] = below - 2 * at(y, i) + above;
      }
    },
    field: batchField(name, n, (_t, x) => {
      const below = tf.pad(tf.slice(x, [0, 0], [-1, n - 1]), [
        [0, 0],
        [1, 0],
      ]);
      const above = tf.pad(tf.slice(x, [0, 1], [-1, n - 1]), [
        [0, 0],
        [0, 1],
      ]);
      return tf.add(tf.sub(below, tf.mul(2, x)), above);
    }),
    // Tail components (C4: ~1e-14 at t = 20) come out of a cancelling sum, accurate to ~1e-17 absolute only.
    // T = −2I + (shift up + shift down) has eigenpairs λₖ = −2 + 2cos(kπ/(n+1)), vₖ(i) = sin(ikπ/(n+1)), ‖vₖ‖² = (n+1)/2.
    exact: (t) => {
      const y = new Array<number>(n).fill(0);
      for (let k = 1; k <= n; k++) {
        const angle = (k * Math.PI) / (n + 1);
        const weight = (2 / (n + 1)) * Math.sin(angle) * Math.exp((-2 + 2 * Math.cos(angle)) * t);
        for (let i = 1; i <= n; i++) y[i - 1] = (y[i - 1] as number) + weight * Math.sin(i * angle);
      }
      return y;
    },
  };
}

/** C5: k² (Gaussian gravitational constant squared, in AU³ per solar mass per (100 days)²). */
const C5_K2 = 2.95912208286;
/** C5: the mass of the Sun plus the four inner planets, in solar masses. */
const C5_M0 = 1.00000597682;
/** C5: the masses of Jupiter, Saturn, Uranus, Neptune and Pluto, in solar masses. */
const C5_MASSES = [0.000954786104043, 0.000285583733151, 0.0000437273164546, 0.0000517759138449, 0.00000277777777778];

const C1: DetestProblem = {
  name: 'C1',
  description: 'Radioactive decay chain, equal rates: y1′ = −y1, yᵢ′ = y_{i−1} − yᵢ, y10′ = y9.',
  dim: 10,
  y0: frozen([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  tEnd: DETEST_T_END,
  ...decayChain('C1', [1, 1, 1, 1, 1, 1, 1, 1, 1]),
  // yᵢ = e^{−t}·t^{i−1}/(i−1)! (i ≤ 9), y10 = 1 − e^{−t}·Σ_{k<9} t^k/k!.
  exact: (t) => {
    const y: number[] = [];
    let term = Math.exp(-t);
    let sum = 0;
    for (let i = 1; i <= 9; i++) {
      y.push(term);
      sum += term;
      term *= t / i;
    }
    y.push(1 - sum);
    return y;
  },
};

const C2: DetestProblem = {
  name: 'C2',
  description: 'Radioactive decay chain, rates 1…9: yᵢ′ = (i−1)·y_{i−1} − i·yᵢ, y10′ = 9·y9.',
  dim: 10,
  y0: frozen([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  tEnd: DETEST_T_END,
  ...decayChain('C2', [1, 2, 3, 4, 5, 6, 7, 8, 9]),
  // yᵢ = e^{−t}(1 − e^{−t})^{i−1} (i ≤ 9), y10 = (1 − e^{−t})⁹.
  exact: (t) => {
    const e = Math.exp(-t);
    const u = -Math.expm1(-t);
    return [...Array.from({ length: 9 }, (_, i) => e * u ** i), u ** 9];
  },
};

const C3: DetestProblem = {
  name: 'C3',
  description: 'Tridiagonal linear system (1, −2, 1), n = 10.',
  dim: 10,
  y0: frozen([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  tEnd: DETEST_T_END,
  ...heatChain('C3', 10),
};

const C4: DetestProblem = {
  name: 'C4',
  description: 'Tridiagonal linear system (1, −2, 1), n = 51.',
  dim: 51,
  y0: frozen([1, ...new Array<number>(50).fill(0)]),
  tEnd: DETEST_T_END,
  ...heatChain('C4', 51),
};

const C5: DetestProblem = {
  name: 'C5',
  description: 'Five outer planets about the Sun (heliocentric n-body problem), 30 equations.',
  dim: 30,
  // Positions (AU) of Jupiter, Saturn, Uranus, Neptune, Pluto, then their velocities (AU per 100 days).
  y0: frozen([
    3.42947415189, 3.35386959711, 1.35494901715, 6.6414554255, 5.97156957878, 2.18231499728, 11.2630437207,
    14.6952576794, 6.27960525067, -30.1552268759, 1.65699966404, 1.43785752721, -21.123835338, 28.4465098142,
    15.3882659679, -0.557160570446, 0.505696783289, 0.230578543901, -0.415570776342, 0.365682722812, 0.169143213293,
    -0.325325669158, 0.189706021964, 0.087726532278, -0.024047625417, -0.287659532608, -0.117219543175, -0.176860753121,
    -0.216393453025, -0.014864789309,
  ]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const invR3: number[] = [];
    for (let j = 0; j < 5; j++) {
      const r2 = at(y, 3 * j) ** 2 + at(y, 3 * j + 1) ** 2 + at(y, 3 * j + 2) ** 2;
      invR3.push(1 / (r2 * Math.sqrt(r2)));
    }
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 3; i++) {
        const yij = at(y, 3 * j + i);
        let perturbation = 0;
        for (let k = 0; k < 5; k++) {
          if (k === j) continue;
          const d2 =
            (at(y, 3 * k) - at(y, 3 * j)) ** 2 +
            (at(y, 3 * k + 1) - at(y, 3 * j + 1)) ** 2 +
            (at(y, 3 * k + 2) - at(y, 3 * j + 2)) ** 2;
          const ykj = at(y, 3 * k + i);
          perturbation += (C5_MASSES[k] as number) * ((ykj - yij) / (d2 * Math.sqrt(d2)) - ykj * (invR3[k] as number));
        }
        out[3 * j + i] = at(y, 15 + 3 * j + i);
        out[15 + 3 * j + i] = C5_K2 * (-(C5_M0 + (C5_MASSES[j] as number)) * yij * (invR3[j] as number) + perturbation);
      }
    }
  },
  // Same law, regrouped: −(m0 + mⱼ)qⱼ/rⱼ³ − Σ_{k≠j} m_k q_k/r_k³ = −m0·qⱼ/rⱼ³ − Σ_k m_k q_k/r_k³.
  field: batchField('C5', 30, (_t, x) => {
    const n = x.shape[0];
    const q = tf.reshape(tf.slice(x, [0, 0], [-1, 15]), [n, 5, 3]);
    const velocity = tf.slice(x, [0, 15], [-1, 15]);
    const masses = tf.tensor1d(C5_MASSES);
    const invR3 = tf.pow(tf.sum(tf.square(q), 2, true), -1.5); // [N, 5, 1]
    const diff = tf.sub(tf.expandDims(q, 1), tf.expandDims(q, 2)); // [N, j, k, 3] = q_k − q_j
    const d2 = tf.add(tf.sum(tf.square(diff), 3), tf.eye(5)); // the diagonal, where diff = 0, gets 1
    const pairWeight = tf.mul(tf.pow(d2, -1.5), tf.reshape(masses, [1, 1, 5])); // m_k / d_jk³
    const direct = tf.sum(tf.mul(diff, tf.expandDims(pairWeight, 3)), 2); // Σ_k m_k (q_k − q_j)/d_jk³
    const indirect = tf.sum(tf.mul(q, tf.mul(invR3, tf.reshape(masses, [1, 5, 1]))), 1, true); // Σ_k m_k q_k/r_k³
    const central = tf.mul(q, tf.mul(invR3, C5_M0));
    const acceleration = tf.mul(C5_K2, tf.sub(tf.sub(direct, central), indirect));
    return tf.concat([velocity, tf.reshape(acceleration, [n, 15])], 1);
  }),
};

// ───────────────────────────────────────── Class D: orbit equations ─────────────────────────────────────────

/**
 * The Kepler orbit problems: y1″ = −y1/r³, y2″ = −y2/r³ with eccentricity ε, as (y1, y2, y1′, y2′).
 *
 * @param name - `'D1'`…`'D5'`.
 * @param eccentricity - ε.
 * @returns The problem.
 */
function orbit(name: 'D1' | 'D2' | 'D3' | 'D4' | 'D5', eccentricity: number): DetestProblem {
  const e = eccentricity;
  return {
    name,
    description: `Kepler orbit (two-body problem), eccentricity ${e}.`,
    dim: 4,
    y0: frozen([1 - e, 0, 0, Math.sqrt((1 + e) / (1 - e))]),
    tEnd: DETEST_T_END,
    rhsHost: (_t, y, out) => {
      const y1 = at(y, 0);
      const y2 = at(y, 1);
      const r2 = y1 * y1 + y2 * y2;
      const r3 = r2 * Math.sqrt(r2);
      out[0] = at(y, 2);
      out[1] = at(y, 3);
      out[2] = -y1 / r3;
      out[3] = -y2 / r3;
    },
    field: batchField(name, 4, (_t, x) => {
      const position = tf.slice(x, [0, 0], [-1, 2]);
      const invR3 = tf.pow(tf.sum(tf.square(position), 1, true), -1.5);
      return tf.concat([tf.slice(x, [0, 2], [-1, 2]), tf.neg(tf.mul(position, invR3))], 1);
    }),
    // Eccentric anomaly E from Kepler's equation E − ε·sin E = t (period 2π, semi-major axis 1).
    exact: (t) => {
      let lo = t - e;
      let hi = t + e;
      for (let k = 0; k < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(t)); k++) {
        const mid = 0.5 * (lo + hi);
        if (mid - e * Math.sin(mid) < t) lo = mid;
        else hi = mid;
      }
      let E = 0.5 * (lo + hi);
      for (let k = 0; k < 3; k++) E -= (E - e * Math.sin(E) - t) / (1 - e * Math.cos(E));
      const s = Math.sqrt(1 - e * e);
      const denominator = 1 - e * Math.cos(E);
      return [Math.cos(E) - e, s * Math.sin(E), -Math.sin(E) / denominator, (s * Math.cos(E)) / denominator];
    },
  };
}

// ───────────────────────────────────────── Class E: higher-order equations ─────────────────────────────────────────

/** √(2/π): E1's solution is √(2/(πx))·sin x with x = t + 1. */
const SQRT_2_OVER_PI = 0.7978845608028654;

const E1: DetestProblem = {
  name: 'E1',
  description: "Bessel's equation of order 1/2 in x = t + 1: y″ + y′/x + (1 − 1/(4x²))·y = 0.",
  dim: 2,
  // Algorithm 648 writes y(0) = √(2/π)·(sin 1, cos 1 − sin 1 / 2), i.e. J_{1/2}(1) and its derivative (constants
  // .79788456080286536, .84147098480789651, .11956681346419146, here as the float64 values they round to).
  y0: frozen([SQRT_2_OVER_PI * 0.8414709848078965, SQRT_2_OVER_PI * 0.11956681346419146]),
  tEnd: DETEST_T_END,
  rhsHost: (t, y, out) => {
    const x = t + 1;
    out[0] = at(y, 1);
    out[1] = -(at(y, 1) / x + (1 - 0.25 / (x * x)) * at(y, 0));
  },
  field: batchField('E1', 2, (t, x) => {
    const s = t + 1;
    const y1 = col(x, 0);
    const y2 = col(x, 1);
    return tf.concat([y2, tf.neg(tf.add(tf.mul(y2, 1 / s), tf.mul(y1, 1 - 0.25 / (s * s))))], 1);
  }),
  exact: (t) => {
    const x = t + 1;
    const sqrtX = Math.sqrt(x);
    return [
      (SQRT_2_OVER_PI * Math.sin(x)) / sqrtX,
      SQRT_2_OVER_PI * (Math.cos(x) / sqrtX - Math.sin(x) / (2 * x * sqrtX)),
    ];
  },
};

const E2: DetestProblem = {
  name: 'E2',
  description: "Van der Pol's equation, μ = 1: y″ = (1 − y²)·y′ − y.",
  dim: 2,
  y0: frozen([2, 0]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const y1 = at(y, 0);
    const y2 = at(y, 1);
    out[0] = y2;
    out[1] = (1 - y1 * y1) * y2 - y1;
  },
  field: batchField('E2', 2, (_t, x) => {
    const y1 = col(x, 0);
    const y2 = col(x, 1);
    return tf.concat([y2, tf.sub(tf.mul(tf.sub(1, tf.square(y1)), y2), y1)], 1);
  }),
};

const E3: DetestProblem = {
  name: 'E3',
  description: "Duffing's equation, forced: y″ = y³/6 − y + 2·sin(2.78535·t).",
  dim: 2,
  y0: frozen([0, 0]),
  tEnd: DETEST_T_END,
  rhsHost: (t, y, out) => {
    const y1 = at(y, 0);
    out[0] = at(y, 1);
    out[1] = (y1 * y1 * y1) / 6 - y1 + 2 * Math.sin(2.78535 * t);
  },
  field: batchField('E3', 2, (t, x) => {
    const y1 = col(x, 0);
    const cube = tf.mul(y1, tf.square(y1));
    return tf.concat([col(x, 1), tf.add(tf.sub(tf.div(cube, 6), y1), 2 * Math.sin(2.78535 * t))], 1);
  }),
};

const E4: DetestProblem = {
  name: 'E4',
  description: 'Falling body with quadratic drag: y″ = 0.032 − 0.4·(y′)².',
  dim: 2,
  y0: frozen([30, 0]),
  tEnd: DETEST_T_END,
  rhsHost: (_t, y, out) => {
    const y2 = at(y, 1);
    out[0] = y2;
    out[1] = 0.032 - 0.4 * y2 * y2;
  },
  field: batchField('E4', 2, (_t, x) => {
    const y2 = col(x, 1);
    return tf.concat([y2, tf.sub(0.032, tf.mul(0.4, tf.square(y2)))], 1);
  }),
  // y′ = √0.08·tanh(√0.0128·t), y = 30 + 2.5·ln cosh(√0.0128·t).
  exact: (t) => {
    const rate = Math.sqrt(0.0128);
    const u = rate * t;
    // ln cosh u = u + ln((1 + e^{−2u})/2), stable for all u ≥ 0.
    return [30 + 2.5 * (u + Math.log1p(Math.exp(-2 * u)) - Math.LN2), Math.sqrt(0.08) * Math.tanh(u)];
  },
};

const E5: DetestProblem = {
  name: 'E5',
  description: 'Pursuit curve, singular at t = 25: y″ = √(1 + (y′)²)/(25 − t).',
  dim: 2,
  y0: frozen([0, 0]),
  tEnd: DETEST_T_END,
  rhsHost: (t, y, out) => {
    const y2 = at(y, 1);
    out[0] = y2;
    out[1] = Math.sqrt(1 + y2 * y2) / (25 - t);
  },
  field: batchField('E5', 2, (t, x) => {
    const y2 = col(x, 1);
    return tf.concat([y2, tf.mul(tf.sqrt(tf.add(1, tf.square(y2))), 1 / (25 - t))], 1);
  }),
  // asinh y′ = ln(25/(25 − t)) ⇒ y′ = (25/(25 − t) − (25 − t)/25)/2, y = (25·ln(25/(25 − t)) − (625 − (25 − t)²)/50)/2.
  exact: (t) => {
    const s = 25 - t;
    return [0.5 * (25 * Math.log(25 / s) - (625 - s * s) / 50), 0.5 * (25 / s - s / 25)];
  },
};

/**
 * The 25 non-stiff DETEST problems A1–E5 in order.
 *
 * @remarks
 * Class A: scalar equations; B: small nonlinear systems (2–3 equations); C: moderate linear systems (10, 10, 10, 51
 * equations) and the five-body problem C5 (30 equations); D: Kepler orbits y″ = −y/|y|³ with eccentricities
 * 0.1, 0.3, 0.5, 0.7, 0.9; E: second-order equations written as first-order systems (y, y′). All on t ∈ [0, 20].
 *
 * @example
 * ```ts
 * for (const problem of DETEST_PROBLEMS) {
 *   const ys = await odeint(problem.field, tf.tensor2d([problem.y0]), [0, problem.tEnd], { method: 'dopri5' });
 * }
 * ```
 */
export const DETEST_PROBLEMS: readonly DetestProblem[] = Object.freeze([
  A1,
  A2,
  A3,
  A4,
  A5,
  B1,
  B2,
  B3,
  B4,
  B5,
  C1,
  C2,
  C3,
  C4,
  C5,
  orbit('D1', 0.1),
  orbit('D2', 0.3),
  orbit('D3', 0.5),
  orbit('D4', 0.7),
  orbit('D5', 0.9),
  E1,
  E2,
  E3,
  E4,
  E5,
]);

/**
 * Looks a DETEST problem up by name.
 *
 * @remarks
 * The problem is dy/dt = f(t, y), y(0) = `y0`, on [0, 20]; see {@link DETEST_PROBLEMS} for the classes.
 *
 * @param name - e.g. `'C5'`.
 * @returns The problem.
 * @throws {@link InvalidArgumentError} for an unknown name.
 * @example
 * ```ts
 * const { rhsHost, y0 } = detestProblem('B5');
 * ```
 */
export function detestProblem(name: DetestName): DetestProblem {
  const problem = DETEST_PROBLEMS.find((p) => p.name === name);
  if (problem === undefined) {
    throw new InvalidArgumentError('name', `one of ${DETEST_PROBLEMS.map((p) => p.name).join(', ')}`, name);
  }
  return problem;
}
