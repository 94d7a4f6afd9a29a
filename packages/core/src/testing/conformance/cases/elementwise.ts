import * as tf from '@tensorflow/tfjs';
import type { BackendTolerance, KernelCase } from '../kernel-case.js';
import { fixedInput, integerInput, uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';

const SHAPE = [4, 5];

/** GLSL's sin and cos are not float32-accurate: WebGL guarantees no precision for them. */
const GLSL_TRIGONOMETRY: Readonly<Record<string, BackendTolerance>> = {
  webgl: {
    atol: 5e-4,
    rtol: 0,
    reason:
      'GLSL sin/cos (SwiftShader, and GPUs generally) have an absolute error near 2⁻¹², not a few float32 ulps: ' +
      'measured 1.9e-4 on [−2π, 2π) in headless Chromium',
  },
};

/**
 * Unary elementwise kernels on float32 inputs from the domain where each is well defined (positive arguments for
 * `log`, `sqrt` and `rsqrt`, arguments above −1 for `log1p`), plus the int32 variants tfjs allows.
 */
export const ELEMENTWISE_CASES: readonly KernelCase[] = [
  caseOf('Abs', 'float32 in [−2, 2)', [uniformInput(SHAPE, -2, 2)], tf.abs),
  caseOf('Abs', 'int32 in [−5, 5)', [integerInput(SHAPE, -5, 5)], tf.abs),
  caseOf('Neg', 'float32 in [−2, 2)', [uniformInput(SHAPE, -2, 2)], tf.neg),
  caseOf('Neg', 'int32 in [−5, 5)', [integerInput(SHAPE, -5, 5)], tf.neg),
  caseOf('Square', 'float32 in [−3, 3)', [uniformInput(SHAPE, -3, 3)], tf.square),
  caseOf('Sqrt', 'float32 in [0.01, 4)', [uniformInput(SHAPE, 0.01, 4)], tf.sqrt),
  caseOf('Rsqrt', 'float32 in [0.01, 4)', [uniformInput(SHAPE, 0.01, 4)], tf.rsqrt),
  caseOf('Reciprocal', 'float32 in [0.1, 4)', [uniformInput(SHAPE, 0.1, 4)], tf.reciprocal),
  caseOf('Exp', 'float32 in [−4, 4)', [uniformInput(SHAPE, -4, 4)], tf.exp),
  caseOf('Expm1', 'float32 in [−2, 2)', [uniformInput(SHAPE, -2, 2)], tf.expm1),
  caseOf('Log', 'float32 in [0.01, 10)', [uniformInput(SHAPE, 0.01, 10)], tf.log),
  caseOf('Log1p', 'float32 in [−0.9, 4)', [uniformInput(SHAPE, -0.9, 4)], tf.log1p),
  caseOf('Sin', 'float32 in [−2π, 2π)', [uniformInput(SHAPE, -2 * Math.PI, 2 * Math.PI)], tf.sin, {
    backendTolerances: GLSL_TRIGONOMETRY,
  }),
  caseOf('Cos', 'float32 in [−2π, 2π)', [uniformInput(SHAPE, -2 * Math.PI, 2 * Math.PI)], tf.cos, {
    backendTolerances: GLSL_TRIGONOMETRY,
  }),
  caseOf('Tanh', 'float32 in [−4, 4)', [uniformInput(SHAPE, -4, 4)], tf.tanh),
  caseOf('Sigmoid', 'float32 in [−6, 6)', [uniformInput(SHAPE, -6, 6)], tf.sigmoid),
  caseOf('Softplus', 'float32 in [−6, 6)', [uniformInput(SHAPE, -6, 6)], tf.softplus),
  caseOf('Relu', 'float32 in [−2, 2)', [uniformInput(SHAPE, -2, 2)], tf.relu),
  caseOf('Elu', 'float32 in [−3, 3)', [uniformInput(SHAPE, -3, 3)], tf.elu),
  caseOf('LeakyRelu', 'alpha 0.2, float32 in [−2, 2)', [uniformInput(SHAPE, -2, 2)], (x) => tf.leakyRelu(x, 0.2)),
  caseOf('Step', 'integer-valued float32 in [−2, 3), zeros included', [integerInput(SHAPE, -2, 3, 'float32')], (x) =>
    tf.step(x),
  ),
  caseOf('Step', 'alpha 0.25, float32 in [−1, 1)', [uniformInput(SHAPE)], (x) => tf.step(x, 0.25)),
  caseOf('Sign', 'integer-valued float32 in [−2, 3), zeros included', [integerInput(SHAPE, -2, 3, 'float32')], tf.sign),
  caseOf('Sign', 'float32 in [−1, 1)', [uniformInput(SHAPE)], tf.sign),
  caseOf('Floor', 'float32 in [−5, 5)', [uniformInput(SHAPE, -5, 5)], tf.floor),
  caseOf(
    'IsFinite',
    'zeros, ±Infinity, NaN and extreme finite values',
    [fixedInput([2, 4], [0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -2, 3e38, -1e-30])],
    tf.isFinite,
  ),
];
