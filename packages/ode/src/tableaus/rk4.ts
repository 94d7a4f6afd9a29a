import { defineTableau } from './tableau.js';

/**
 * The classic fourth-order Runge–Kutta method: four stages, fixed step.
 *
 * @remarks
 * Order 4, 4 stages (c = [0, 1/2, 1/2, 1], b = [1/6, 1/3, 1/3, 1/6]), not FSAL, no error estimate (fixed step only).
 * This is Kutta's classic method, not the 3/8 rule that torchdiffeq's `rk4` uses; both are fourth order. Dense output
 * is the cubic Hermite default.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'rk4', stepSize: 0.05 });
 * ```
 * @see Kutta, Beitrag zur näherungsweisen Integration totaler Differentialgleichungen, Z. Math. Phys. 46 (1901)
 *   435–453; Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, §II.1, Table 1.2.
 */
export const rk4 = defineTableau({
  name: 'rk4',
  order: 4,
  c: [0, 1 / 2, 1 / 2, 1],
  a: [[], [1 / 2], [0, 1 / 2], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
  fsal: false,
});
