/**
 * Train, sample and evaluate flow and diffusion models: the MLP vector field, flow-matching / score-matching /
 * maximum-likelihood objectives, the trainer (Adam, EMA, clipping, atomic checkpoints, exact resume), toy and user
 * data sets, evaluation, PNG plotting, and the `gen` command line.
 *
 * Time convention everywhere: t = 0 is data, t = 1 is the prior.
 *
 * @packageDocumentation
 */
export type { CliIo } from './cli/io.js';
export { runCli } from './cli/main.js';
export * from './data/index.js';
export { type EvaluateOptions, type EvaluationReport, evaluate } from './evaluate.js';
export { readCheckpoint, type TrainingCheckpoint, writeCheckpoint } from './io/checkpoint.js';
export * from './io/safetensors/index.js';
export * from './models/index.js';
export * from './objectives/index.js';
export { Adam, type AdamOptions, type AdamState } from './optim/adam.js';
export { type ClippedGradients, clipByGlobalNorm } from './optim/clip.js';
export { Ema } from './optim/ema.js';
export { type LearningRateSchedule, learningRateAt } from './optim/schedule.js';
export * from './plot/index.js';
export { type TrainStepOptions, trainStep } from './train-step.js';
export { assignWeights, type TrainOptions, type TrainProgress, type TrainResult, train } from './trainer.js';
export type { TrainableField } from './types.js';
