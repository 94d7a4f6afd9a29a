export { allocationLimit, DEFAULT_ALLOCATION_LIMIT, setAllocationLimit } from './memory.js';
