export { eulerMaruyama } from './euler-maruyama.js';
export { milstein } from './milstein.js';
export type { SdeSolver, StepNoise, StepResult } from './solver.js';
export { srk } from './srk.js';
export { StepStart } from './step-start.js';
export { stochasticHeun } from './stochastic-heun.js';
