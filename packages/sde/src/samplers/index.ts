export { type DdimSamplerOptions, ddimSampler } from './ddim.js';
export { type DpmSolverOptions, dpmSolverPlusPlus2M } from './dpm-solver.js';
export { type DiffusionModel, ModelAdapter, type ModelPrediction, type PredictionTarget } from './model.js';
export type { SamplerOptions, SamplerResult } from './options.js';
export { type PredictorCorrectorSamplerOptions, predictorCorrectorSampler } from './predictor-corrector.js';
export type { PredictorName } from './predictors.js';
export { type ProbabilityFlowSamplerOptions, probabilityFlowSampler } from './probability-flow.js';
export {
  type ProbabilityFlowLogProbOptions,
  type ProbabilityFlowLogProbResult,
  probabilityFlowLogProb,
} from './probability-flow-log-prob.js';
export { type ReverseSdeSamplerOptions, reverseSdeSampler } from './reverse-sde.js';
