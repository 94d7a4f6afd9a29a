import { defineTableau } from './tableau.js';

/**
 * The Bogacki–Shampine 3(2) pair: an adaptive third-order method with an embedded second-order error estimate.
 *
 * @remarks
 * Order 3, 4 stages, FSAL (the fourth stage is f(t1, y1) and is reused as the next step's first, so an accepted step
 * costs 3 field evaluations). The error estimate is the difference to the embedded second-order solution
 * b̂ = [7/24, 1/4, 1/3, 1/8] (errorOrder 2). Dense output is the cubic Hermite default through y0, y1, k₁ and k₄,
 * which is third order, as is the method. This is MATLAB's `ode23`.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'bosh3', rtol: 1e-4, atol: 1e-6 });
 * ```
 * @see Bogacki & Shampine, A 3(2) pair of Runge–Kutta formulas, Appl. Math. Lett. 2 (1989) 321–325.
 */
export const bosh3 = defineTableau({
  name: 'bosh3',
  order: 3,
  errorOrder: 2,
  c: [0, 1 / 2, 3 / 4, 1],
  a: [[], [1 / 2], [0, 3 / 4], [2 / 9, 1 / 3, 4 / 9]],
  b: [2 / 9, 1 / 3, 4 / 9, 0],
  bError: [2 / 9 - 7 / 24, 1 / 3 - 1 / 4, 4 / 9 - 1 / 3, -1 / 8],
  fsal: true,
});
