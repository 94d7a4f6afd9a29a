export { BackendUnavailableError } from './backend-unavailable-error.js';
export { GenError } from './gen-error.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export { KernelThreadError } from './kernel-thread-error.js';
export { NumericalError, type NumericalFailure } from './numerical-error.js';
export { ResourceLimitError } from './resource-limit-error.js';
export { ShapeError } from './shape-error.js';
