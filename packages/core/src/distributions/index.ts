export { DiagonalGaussian, type DiagonalGaussianOptions } from './diagonal-gaussian.js';
export type { Distribution } from './distribution.js';
export { GaussianMixture, type GaussianMixtureOptions } from './gaussian-mixture.js';
export { StandardNormal } from './standard-normal.js';
