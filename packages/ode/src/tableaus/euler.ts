import { defineTableau } from './tableau.js';

/**
 * The forward Euler method: one stage, first order, fixed step.
 *
 * @remarks
 * Order 1, 1 stage, not FSAL, no error estimate (fixed step only). y1 = y0 + h·f(t0, y0). Dense output is the cubic
 * Hermite default through y0, y1, f(t0, y0) and f(t1, y1). Mostly useful as a baseline and for tests.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'euler', stepSize: 0.01 });
 * ```
 * @see Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer 1993, §I.7.
 */
export const euler = defineTableau({
  name: 'euler',
  order: 1,
  c: [0],
  a: [[]],
  b: [1],
  fsal: false,
});
