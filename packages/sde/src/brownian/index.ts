export { BrownianPath } from './brownian-path.js';
export type { BrownianPathOptions } from './options.js';
