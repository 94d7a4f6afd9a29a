export { euler } from './euler.js';
export { heun } from './heun.js';
export { milstein } from './milstein.js';
export type { SdeSolver, StepNoise, StepResult } from './solver.js';
export { srk } from './srk.js';
export { StepStart } from './step-start.js';
