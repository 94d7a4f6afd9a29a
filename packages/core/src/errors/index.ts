export { BackendUnavailableError } from './backend-unavailable-error.js';
export { describeValue, formatShape } from './describe.js';
export { GenError } from './gen-error.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export { NumericalError, type NumericalFailure } from './numerical-error.js';
export { formatBytes, ResourceLimitError } from './resource-limit-error.js';
export { ShapeError } from './shape-error.js';
