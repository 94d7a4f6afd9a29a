import { defineTableau } from './tableau.js';

/** Propagated (fifth-order) weights. */
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0] as const;

/** Hairer's dense-output coefficients d₁…d₇ of DOPRI5 (`CONTD5`). */
const D = [
  -12715105075 / 11282082432,
  0,
  87487479700 / 32700410799,
  -10690763975 / 1880347072,
  701980252875 / 199316789632,
  -1453857185 / 822651844,
  69997945 / 29380423,
] as const;

/**
 * The Dormand–Prince 5(4) pair: the default adaptive method, fifth order with an embedded fourth-order estimate.
 *
 * @remarks
 * Order 5, 7 stages, FSAL (the seventh stage is f(t1, y1), so an accepted step costs 6 field evaluations). The error
 * estimate is the difference to the embedded fourth-order solution b̂ = [5179/57600, 0, 7571/16695, 393/640,
 * −92097/339200, 187/2100, 1/40] (errorOrder 4); the step propagates the fifth-order solution (local extrapolation).
 *
 * Dense output is Hairer's fourth-order continuous extension (`CONTD5`):
 * y(t0 + θh) = y0 + θ(Δ + (1 − θ)(r₃ + θ(r₄ + (1 − θ)r₅))) with Δ = y1 − y0, r₃ = h·k₁ − Δ, r₄ = Δ − h·k₇ − r₃,
 * r₅ = h·Σ dᵢkᵢ. Expanded over the stages, bᵢ(θ) = (3θ² − 2θ³)·bᵢ + θ²(1 − θ)²·dᵢ, plus θ(1 − θ)² on k₁ and
 * −θ²(1 − θ) on k₇; bᵢ(0) = 0 and bᵢ(1) = bᵢ.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'dopri5', rtol: 1e-6, atol: 1e-8 });
 * ```
 * @see Dormand & Prince, A family of embedded Runge–Kutta formulae, J. Comput. Appl. Math. 6 (1980) 19–26;
 *   Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., §II.5–II.6 (DOPRI5, dense output).
 */
export const dopri5 = defineTableau({
  name: 'dopri5',
  order: 5,
  errorOrder: 4,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: B,
  bError: [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40],
  fsal: true,
  interpolant: (theta) => {
    const hermite = theta * theta * (3 - 2 * theta);
    const bubble = theta * theta * (1 - theta) * (1 - theta);
    const stageWeights = B.map((b, i) => hermite * b + bubble * (D[i] as number));
    stageWeights[0] = (stageWeights[0] as number) + theta * (1 - theta) * (1 - theta);
    stageWeights[6] = (stageWeights[6] as number) - theta * theta * (1 - theta);
    return { y1Weight: 0, stageWeights };
  },
});
