export { bitsPerDimToNats, natsToBitsPerDim } from './bits-per-dim.js';
export { energyDistance } from './energy-distance.js';
export { frechetDistance, gaussianFrechetDistance } from './frechet-distance.js';
export { GaussianMoments, type GaussianSummary } from './gaussian-moments.js';
export { type Mmd2Options, mmd2 } from './mmd.js';
export { type SlicedWassersteinOptions, slicedWasserstein2 } from './sliced-wasserstein.js';
