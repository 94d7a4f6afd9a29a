export { AffinePath } from './affine-path.js';
export type { PredictionType } from './conversion.js';
export type { PathTime } from './times.js';
