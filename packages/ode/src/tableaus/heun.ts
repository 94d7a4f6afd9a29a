import { defineTableau } from './tableau.js';

/**
 * Heun's method (the explicit trapezoidal rule, "improved Euler"): two stages, second order, fixed step.
 *
 * @remarks
 * Order 2, 2 stages (c = [0, 1]), not FSAL, no error estimate (fixed step only). k₂ = f(t0 + h, y0 + h·k₁),
 * y1 = y0 + (h/2)·(k₁ + k₂). Dense output is the cubic Hermite default.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'heun', stepSize: 0.01 });
 * ```
 * @see Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer 1993, §II.1 (Heun 1900).
 */
export const heun = defineTableau({
  name: 'heun',
  order: 2,
  c: [0, 1],
  a: [[], [1]],
  b: [1 / 2, 1 / 2],
  fsal: false,
});
