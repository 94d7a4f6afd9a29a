export { fusedKernelBuild } from './fused/fused-runtime.js';
export { fusedKernelThreads, startFusedKernelThreads, stopFusedKernelThreads } from './fused/fused-threads.js';
export type { FusedKernelBuild } from './fused/native-kernels.js';
export { linearCombination } from './linear-combination.js';
