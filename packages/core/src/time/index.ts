export { assertFixedGrid, type FixedGridNames } from './fixed-grid.js';
export { type GridStep, gridPieces, gridStep } from './grid-step.js';
export { assertMonotoneTimes } from './monotone-times.js';
