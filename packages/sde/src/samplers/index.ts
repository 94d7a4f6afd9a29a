export { DDIM, type DdimSettings } from './ddim.js';
export { type DiffusionProblem, type DiffusionProblemOptions, diffusionProblem } from './diffusion-problem.js';
export type { DiffusionSampler } from './diffusion-sampler.js';
export { DIFFUSION_SAMPLERS } from './diffusion-samplers.js';
export { DPM_SOLVER_PLUS_PLUS } from './dpm-solver.js';
export { type DiffusionModel, ModelAdapter, type ModelPrediction, type PredictionTarget } from './model.js';
export { PREDICTOR_CORRECTOR, type PredictorCorrectorSettings } from './predictor-corrector.js';
export type { PredictorName } from './predictors.js';
export {
  type ProbabilityFlowLogProbOptions,
  type ProbabilityFlowLogProbResult,
  probabilityFlowLogProb,
} from './probability-flow-log-prob.js';
export { getSampler, SAMPLER_NAMES, SAMPLERS } from './registry.js';
export { REVERSE_SDE, type ReverseSdeSettings } from './reverse-sde.js';
