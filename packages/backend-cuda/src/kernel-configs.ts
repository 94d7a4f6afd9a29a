import { genLinearCombinationGradConfig } from '@gen/core/internal';
import type * as tf from '@tensorflow/tfjs';
import { absConfig } from './kernels/abs.js';
import { addConfig } from './kernels/add.js';
import { addNConfig } from './kernels/add-n.js';
import { allConfig } from './kernels/all.js';
import { anyConfig } from './kernels/any.js';
import { batchMatMulConfig } from './kernels/batch-mat-mul.js';
import { castConfig } from './kernels/cast.js';
import { ceilConfig } from './kernels/ceil.js';
import { concatConfig } from './kernels/concat.js';
import { conv2DConfig } from './kernels/conv2d.js';
import { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './kernels/conv2d-backprop-input.js';
import { cosConfig } from './kernels/cos.js';
import { eluConfig } from './kernels/elu.js';
import { eluGradConfig } from './kernels/elu-grad.js';
import { equalConfig } from './kernels/equal.js';
import { expConfig } from './kernels/exp.js';
import { expandDimsConfig } from './kernels/expand-dims.js';
import { expm1Config } from './kernels/expm1.js';
import { fillConfig } from './kernels/fill.js';
import { floorConfig } from './kernels/floor.js';
import { fusedMatMulConfig } from './kernels/fused-mat-mul.js';
import { gatherV2Config } from './kernels/gather-v2.js';
import { genLinearCombinationConfig } from './kernels/gen-linear-combination.js';
import { greaterConfig } from './kernels/greater.js';
import { greaterEqualConfig } from './kernels/greater-equal.js';
import { identityConfig } from './kernels/identity.js';
import { isFiniteConfig } from './kernels/is-finite.js';
import { leakyReluConfig } from './kernels/leaky-relu.js';
import { lessConfig } from './kernels/less.js';
import { lessEqualConfig } from './kernels/less-equal.js';
import { logConfig } from './kernels/log.js';
import { log1pConfig } from './kernels/log1p.js';
import { logicalAndConfig } from './kernels/logical-and.js';
import { logicalNotConfig } from './kernels/logical-not.js';
import { logicalOrConfig } from './kernels/logical-or.js';
import { maxConfig } from './kernels/max.js';
import { maximumConfig } from './kernels/maximum.js';
import { meanConfig } from './kernels/mean.js';
import { minConfig } from './kernels/min.js';
import { minimumConfig } from './kernels/minimum.js';
import { multiplyConfig } from './kernels/multiply.js';
import { negConfig } from './kernels/neg.js';
import { notEqualConfig } from './kernels/not-equal.js';
import { oneHotConfig } from './kernels/one-hot.js';
import { onesLikeConfig } from './kernels/ones-like.js';
import { packConfig } from './kernels/pack.js';
import { padV2Config } from './kernels/pad-v2.js';
import { powConfig } from './kernels/pow.js';
import { prodConfig } from './kernels/prod.js';
import { rangeConfig } from './kernels/range.js';
import { realDivConfig } from './kernels/real-div.js';
import { reciprocalConfig } from './kernels/reciprocal.js';
import { reluConfig } from './kernels/relu.js';
import { reshapeConfig } from './kernels/reshape.js';
import { resizeNearestNeighborConfig } from './kernels/resize-nearest-neighbor.js';
import { resizeNearestNeighborGradConfig } from './kernels/resize-nearest-neighbor-grad.js';
import { rsqrtConfig } from './kernels/rsqrt.js';
import { selectConfig } from './kernels/select.js';
import { sigmoidConfig } from './kernels/sigmoid.js';
import { signConfig } from './kernels/sign.js';
import { sinConfig } from './kernels/sin.js';
import { sliceConfig } from './kernels/slice.js';
import { softmaxConfig } from './kernels/softmax.js';
import { softplusConfig } from './kernels/softplus.js';
import { splitVConfig } from './kernels/split-v.js';
import { sqrtConfig } from './kernels/sqrt.js';
import { squareConfig } from './kernels/square.js';
import { squaredDifferenceConfig } from './kernels/squared-difference.js';
import { stepConfig } from './kernels/step.js';
import { subConfig } from './kernels/sub.js';
import { sumConfig } from './kernels/sum.js';
import { tanhConfig } from './kernels/tanh.js';
import { tileConfig } from './kernels/tile.js';
import { transposeConfig } from './kernels/transpose.js';
import { unpackConfig } from './kernels/unpack.js';
import { unsortedSegmentSumConfig } from './kernels/unsorted-segment-sum.js';
import { zerosLikeConfig } from './kernels/zeros-like.js';

/**
 * Every kernel of the cuda backend, one per file under `kernels/`, declared for backend `'cuda'` (the internal
 * `registerNativeBackend` registers copies for another backend name, such as the tests' `'cuda-host'`).
 */
export const CUDA_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [
  absConfig,
  addConfig,
  addNConfig,
  allConfig,
  anyConfig,
  batchMatMulConfig,
  castConfig,
  ceilConfig,
  concatConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  cosConfig,
  eluConfig,
  eluGradConfig,
  equalConfig,
  expConfig,
  expandDimsConfig,
  expm1Config,
  fillConfig,
  floorConfig,
  fusedMatMulConfig,
  gatherV2Config,
  genLinearCombinationConfig,
  greaterConfig,
  greaterEqualConfig,
  identityConfig,
  isFiniteConfig,
  leakyReluConfig,
  lessConfig,
  lessEqualConfig,
  logConfig,
  log1pConfig,
  logicalAndConfig,
  logicalNotConfig,
  logicalOrConfig,
  maxConfig,
  maximumConfig,
  meanConfig,
  minConfig,
  minimumConfig,
  multiplyConfig,
  negConfig,
  notEqualConfig,
  oneHotConfig,
  onesLikeConfig,
  packConfig,
  padV2Config,
  powConfig,
  prodConfig,
  rangeConfig,
  realDivConfig,
  reciprocalConfig,
  reluConfig,
  reshapeConfig,
  resizeNearestNeighborConfig,
  resizeNearestNeighborGradConfig,
  rsqrtConfig,
  selectConfig,
  sigmoidConfig,
  signConfig,
  sinConfig,
  sliceConfig,
  softmaxConfig,
  softplusConfig,
  splitVConfig,
  sqrtConfig,
  squareConfig,
  squaredDifferenceConfig,
  stepConfig,
  subConfig,
  sumConfig,
  tanhConfig,
  tileConfig,
  transposeConfig,
  unpackConfig,
  unsortedSegmentSumConfig,
  zerosLikeConfig,
];

/** The gradients of this package's own kernels (tfjs gradients are global, not per backend). */
export const CUDA_GRADIENT_CONFIGS: readonly tf.GradConfig[] = [genLinearCombinationGradConfig];
