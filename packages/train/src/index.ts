/**
 * Train, sample and evaluate flow and diffusion models: the MLP vector field, flow-matching / score-matching /
 * maximum-likelihood objectives and their registry, the trainer (Adam, EMA, clipping, atomic checkpoints, exact
 * resume), toy and user data sets, evaluation, and figures drawn on an RGBA canvas.
 *
 * This entry runs in browsers and Node: nothing it imports statically comes from `node:`. The functions that also
 * take a file path (`loadModel`, `saveModel`, `loadMlpVectorField` / `saveMlpVectorField` with `file://`, and
 * `train` with `checkpointDir` / `resumeFrom`) import Node's file system only when given one, by names bundlers
 * leave alone. Node-only code (the `gen` command line, checkpoint files, CSV / NPY file loaders, the file-system
 * model handler, PNG encoding) lives in `@gen/train/node`.
 *
 * Time convention everywhere: t = 0 is data, t = 1 is the prior.
 *
 * @packageDocumentation
 */
export {
  type ClassifierOutputs,
  MNIST_CLASSES,
  MNIST_FEATURES,
  MnistClassifier,
  mnistClassifier,
} from './classifier/mnist-classifier.js';
export * from './conditioning/index.js';
export * from './data/index.js';
export { type EvaluateOptions, type EvaluationReport, evaluate } from './evaluate.js';
export {
  type EvaluateImagesOptions,
  evaluateImages,
  type ImageEvaluationReport,
  type ImageModel,
} from './evaluation/evaluate-images.js';
export { type ImageBitsPerDim, type ImageBitsPerDimOptions, imageBitsPerDim } from './evaluation/image-bits-per-dim.js';
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
export type { ForwardOptions, TrainableField } from './types.js';
