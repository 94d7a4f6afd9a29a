import type { KernelCase } from '../kernel-case.js';
import { ATTENTION_CASES } from './attention.js';
import { BINARY_CASES } from './binary.js';
import { CONV_CASES } from './conv.js';
import { CREATION_CASES } from './creation.js';
import { ELEMENTWISE_CASES } from './elementwise.js';
import { EMBEDDING_CASES } from './embedding.js';
import { FUSED_MLP_CASES } from './fused-mlp.js';
import { GRADIENT_CASES } from './gradients.js';
import { LINEAR_COMBINATION_CASES } from './linear-combination.js';
import { LOGICAL_CASES } from './logical.js';
import { MATMUL_CASES } from './matmul.js';
import { NORMALISATION_CASES } from './normalisation.js';
import { REDUCTION_CASES } from './reduction.js';
import { RESIZE_CASES } from './resize.js';
import { SHAPE_CASES } from './shape.js';

/**
 * Every case of the kernel conformance suite, family by family: elementwise, creation and casts, binary
 * arithmetic with broadcasting, comparisons and logic, reductions, shape kernels, matrix products, gradients,
 * `GenLinearCombination`, and the kernels of gen's U-Net with their gradients: convolutions, nearest-neighbour
 * resizing, GroupNorm's pieces, softmax attention and the class embedding; and gen's fused MLP and Adam kernels.
 *
 * @example
 * ```ts
 * const matMulCases = KERNEL_CASES.filter((c) => c.kernels.includes('BatchMatMul'));
 * ```
 */
export const KERNEL_CASES: readonly KernelCase[] = [
  ...ELEMENTWISE_CASES,
  ...CREATION_CASES,
  ...BINARY_CASES,
  ...LOGICAL_CASES,
  ...REDUCTION_CASES,
  ...SHAPE_CASES,
  ...MATMUL_CASES,
  ...GRADIENT_CASES,
  ...LINEAR_COMBINATION_CASES,
  ...CONV_CASES,
  ...RESIZE_CASES,
  ...NORMALISATION_CASES,
  ...ATTENTION_CASES,
  ...EMBEDDING_CASES,
  ...FUSED_MLP_CASES,
];

/**
 * The kernels gen's packages run (a measured census of their kernel calls): what a backend must implement for
 * gen to run on it. {@link KERNEL_CASES} covers each of them.
 */
export const GEN_KERNEL_CENSUS: readonly string[] = (
  'Abs Add AddN All BatchMatMul Cast Concat Cos Elu EluGrad Exp ExpandDims Fill GatherV2 GenLinearCombination ' +
  'Greater Identity IsFinite Log Max Maximum Mean Multiply Neg OneHot OnesLike Pack PadV2 Pow Prod RealDiv Relu ' +
  'Reshape Select Sigmoid Sin Slice SplitV Sqrt Square Sub Sum Tanh Tile Transpose Unpack ZerosLike'
).split(' ');

/**
 * The kernel names the given cases exercise, sorted and without repeats: a backend checks that every kernel it
 * registers is tested by the suite.
 *
 * @param cases - The cases (default {@link KERNEL_CASES}).
 * @returns The sorted kernel names.
 * @example
 * ```ts
 * const covered = new Set(kernelsCovered());
 * const untested = tf.getKernelsForBackend('cuda').map((k) => k.kernelName).filter((k) => !covered.has(k));
 * ```
 */
export function kernelsCovered(cases: readonly KernelCase[] = KERNEL_CASES): string[] {
  return [...new Set(cases.flatMap((c) => c.kernels))].sort();
}
