export { GEN_LINEAR_COMBINATION, linearCombination } from './linear-combination.js';
