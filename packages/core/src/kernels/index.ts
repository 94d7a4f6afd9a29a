export { GEN_LINEAR_COMBINATION, linearCombination } from './linear-combination.js';
export { genLinearCombinationGradConfig } from './linear-combination-gradient.js';
