import { defineTableau } from './tableau.js';

/**
 * The explicit midpoint method: two stages, second order, fixed step.
 *
 * @remarks
 * Order 2, 2 stages, not FSAL, no error estimate (fixed step only). k₂ = f(t0 + h/2, y0 + (h/2)·k₁), y1 = y0 + h·k₂.
 * Dense output is the cubic Hermite default.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'midpoint', stepSize: 0.01 });
 * ```
 * @see Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer 1993, §II.1 (Runge 1895).
 */
export const midpoint = defineTableau({
  name: 'midpoint',
  order: 2,
  c: [0, 1 / 2],
  a: [[], [1 / 2]],
  b: [0, 1],
  fsal: false,
});
