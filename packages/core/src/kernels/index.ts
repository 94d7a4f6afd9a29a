export { fusedKernelThreads, startFusedKernelThreads, stopFusedKernelThreads } from './fused/fused-threads.js';
export { linearCombination } from './linear-combination.js';
