export { exactAssignment } from './exact-assignment.js';
export type { HostMatrix } from './host-matrix.js';
export { type MinibatchOtOptions, minibatchOtPairing } from './minibatch-pairing.js';
export { type OtPairs, samplePlan } from './sample-plan.js';
export { type SinkhornOptions, type SinkhornResult, sinkhorn } from './sinkhorn.js';
export { pairwiseSquaredDistances, squaredDistances } from './squared-distances.js';
