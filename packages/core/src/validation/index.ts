export { allocationLimit, DEFAULT_ALLOCATION_LIMIT, requireMemory, setAllocationLimit } from './memory.js';
export { assertFiniteNumber, assertInteger, assertNonNegative, assertOneOf, assertPositive } from './numbers.js';
export { assertFiniteTensor, assertTensor, type TensorExpectation } from './tensors.js';
