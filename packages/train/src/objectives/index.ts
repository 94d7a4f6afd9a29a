export {
  type ConditionalFlowMatchingOptions,
  conditionalFlowMatching,
  rectifiedFlow,
} from './conditional-flow-matching.js';
export { type DenoisingScoreMatchingOptions, denoisingScoreMatching } from './denoising-score-matching.js';
export { type MaximumLikelihoodOptions, maximumLikelihood } from './maximum-likelihood.js';
export type { Objective } from './objective.js';
export { type OtConditionalFlowMatchingOptions, otConditionalFlowMatching } from './ot-conditional-flow-matching.js';
export { type ReflowPairs, type ReflowPairsOptions, reflow, reflowPairs } from './reflow.js';
export {
  DIFFUSION_T_END,
  isObjectiveName,
  OBJECTIVE_NAMES,
  OBJECTIVES,
  type ObjectiveName,
  type ObjectiveSpec,
} from './registry.js';
export { type SchrodingerBridgeFlowMatchingOptions, schrodingerBridgeFlowMatching } from './schrodinger-bridge.js';
