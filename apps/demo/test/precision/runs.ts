/** The runs `page.ts` makes on cpu and webgl, shared with `precision.test.ts` to derive its tolerances. */

/** The small MLP both backends train and solve with. */
export const MODEL = { dim: 2, hidden: [32, 32], seed: 11 };

/** Training: CFM on moons with Adam. */
export const TRAIN = { steps: 50, batchSize: 128, lr: 1e-2, seed: 5 };

/** The dopri5 solve: prior points from t = 1 to t = 0 through the cpu-trained field. */
export const SOLVE = { points: 256, seed: 3, ts: [1, 0] };

/** The dopri5 tolerance asked for before the floors of `webglPrecisionSettings` (raised to 1.19e-5). */
export const REQUESTED_TOLERANCE = 1e-6;

/** The looser control solve multiplies both tolerances by this. */
export const LOOSE_FACTOR = 100;
