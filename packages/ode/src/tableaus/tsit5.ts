import { defineTableau } from './tableau.js';

/**
 * Coefficients rᵢⱼ of Tsitouras' continuous extension, bᵢ(θ) = Σⱼ rᵢⱼθʲ (j = 1…4), one row per stage; the
 * paper's polynomials, expanded and rounded to float64.
 */
const R = [
  [1, -2.763706197274826, 2.9132554618219126, -1.0530884977290216],
  [0, 0.13169999999999998, -0.2234, 0.1017],
  [0, 3.9302962368947516, -5.941033872131505, 2.490627285651253],
  [0, -12.411077166933676, 30.33818863028232, -16.548102889244902],
  [0, 37.50931341651104, -88.1789048947664, 47.37952196281928],
  [0, -27.896526289197286, 65.09189467479366, -34.87065786149661],
  [0, 1.5, -4, 2.5],
] as const;

/**
 * Tsitouras' 5(4) pair: an adaptive fifth-order method, usually a little more efficient than `dopri5`.
 *
 * @remarks
 * Order 5, 7 stages, FSAL (the seventh stage is f(t1, y1), so an accepted step costs 6 field evaluations). The error
 * estimate is the difference to the embedded fourth-order solution (errorOrder 4); the step propagates the fifth-order
 * solution. Only the first-column simplifying assumption is imposed, so the coefficients are not simple rationals:
 * they are the paper's values rounded to float64 (the row sums equal c to about 1e-15).
 *
 * Dense output is Tsitouras' own fourth-order continuous extension: quartic polynomials bᵢ(θ) with bᵢ(0) = 0 and
 * bᵢ(1) = bᵢ, y(t0 + θh) = y0 + h·Σ bᵢ(θ)kᵢ.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'tsit5', rtol: 1e-6, atol: 1e-8 });
 * ```
 * @see Tsitouras, Runge–Kutta pairs of order 5(4) satisfying only the first column simplifying assumption,
 *   Comput. Math. Appl. 62 (2011) 770–775.
 */
export const tsit5 = defineTableau({
  name: 'tsit5',
  order: 5,
  errorOrder: 4,
  c: [0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1],
  a: [
    [],
    [0.161],
    [-0.008480655492356989, 0.335480655492357],
    [2.8971530571054935, -6.359448489975075, 4.3622954328695815],
    [5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525],
    [5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383],
    [0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774],
  ],
  b: [0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774, 0],
  bError: [
    0.0017800110522257714,
    0.0008164344596567469,
    -0.007880878010261995,
    0.1447110071732629,
    -0.5823571654525552,
    0.45808210592918697,
    -1 / 66,
  ],
  fsal: true,
  interpolant: (theta) => ({
    y1Weight: 0,
    stageWeights: R.map(([r1, r2, r3, r4]) => theta * (r1 + theta * (r2 + theta * (r3 + theta * r4)))),
  }),
});
