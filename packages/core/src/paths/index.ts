export { AffinePath } from './affine-path.js';
export { conversionCoefficients, type PredictionType, type RowCoefficients } from './conversion.js';
export type { PathTime } from './times.js';
