export { deriveSeed, type Seed } from './hash.js';
export { Rng } from './rng.js';
export { randomNormal, randomRademacher, randomUniform } from './tensors.js';
