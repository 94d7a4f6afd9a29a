export { linearCombination } from './linear-combination.js';
