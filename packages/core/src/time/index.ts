export { type GridStep, gridStep } from './grid-step.js';
export { assertMonotoneTimes } from './monotone-times.js';
