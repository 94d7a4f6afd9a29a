export { assertFiniteNumber, assertInteger, assertNonNegative, assertOneOf, assertPositive } from './numbers.js';
export { assertFiniteTensor, assertTensor, type TensorExpectation } from './tensors.js';
