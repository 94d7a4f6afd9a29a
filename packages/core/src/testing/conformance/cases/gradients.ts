import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';

type Activation = (h: tf.Tensor) => tf.Tensor;

/** SiLU, x·σ(x), as gen's MLP vector fields use it. */
const silu: Activation = (h) => tf.mul(h, tf.sigmoid(h));

const ACTIVATIONS: readonly { name: string; kernels: readonly string[]; act: Activation }[] = [
  { name: 'sigmoid', kernels: ['Sigmoid'], act: tf.sigmoid },
  { name: 'tanh', kernels: ['Tanh'], act: tf.tanh },
  { name: 'silu', kernels: ['Sigmoid'], act: silu },
  { name: 'elu', kernels: ['Elu', 'EluGrad'], act: tf.elu },
];

/** Kernels every MLP loss and its backward pass run: the layers, the mean squared error, and broadcast sums. */
const MLP_KERNELS = ['BatchMatMul', 'Add', 'Sub', 'Square', 'Mean', 'Sum', 'Multiply'];

/** x [8, 3], target [8, 2], then W₁ [3, 16], b₁ [16], W₂ [16, 2], b₂ [2]. */
const MLP_INPUTS = [
  uniformInput([8, 3], -2, 2),
  uniformInput([8, 2]),
  uniformInput([3, 16]),
  uniformInput([16], -0.5, 0.5),
  uniformInput([16, 2]),
  uniformInput([2], -0.5, 0.5),
];

/** mean((act(x·W₁ + b₁)·W₂ + b₂ − target)²) for the weights [W₁, b₁, W₂, b₂]. */
function mlpLoss(act: Activation, x: tf.Tensor, target: tf.Tensor, weights: readonly tf.Tensor[]): tf.Scalar {
  const [w1, b1, w2, b2] = weights as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const hidden = act(tf.add(tf.matMul(x, w1), b1));
  return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(hidden, w2), b2), target)));
}

/**
 * Backward kernels as training runs them: `tf.grad` of `elu` (`EluGrad`) and `relu` (`Step`), and the loss and
 * gradients of a 2-layer MLP with sigmoid, tanh, SiLU and ELU activations through `tf.valueAndGrads`, and through
 * `tf.variableGrads` with variables as an optimiser uses them.
 */
export const GRADIENT_CASES: readonly KernelCase[] = [
  {
    name: 'EluGrad: tf.grad of Σ w·elu(x), x in [−3, 3)',
    kernels: ['Elu', 'EluGrad'],
    inputs: [uniformInput([4, 5], -3, 3), uniformInput([4, 5])],
    run: (x, w) => tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.elu(z), w)))(x),
  },
  {
    name: 'Step: tf.grad of Σ w·relu(x)',
    kernels: ['Relu', 'Step'],
    inputs: [uniformInput([4, 5], -2, 2), uniformInput([4, 5])],
    run: (x, w) => tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.relu(z), w)))(x),
  },
  ...ACTIVATIONS.map(
    ({ name, kernels, act }): KernelCase => ({
      name: `MLP 3 → 16 → 2 (${name}): loss and tf.valueAndGrads for W₁, b₁, W₂, b₂`,
      kernels: [...MLP_KERNELS, ...kernels],
      inputs: MLP_INPUTS,
      run: (x, target, ...weights) => {
        const { value, grads } = tf.valueAndGrads((...w: tf.Tensor[]) => mlpLoss(act, x, target, w))(weights);
        return [value, ...grads];
      },
    }),
  ),
  {
    name: 'MLP 3 → 16 → 2 (silu): loss and tf.variableGrads of its variables',
    kernels: [...MLP_KERNELS, 'Sigmoid'],
    inputs: MLP_INPUTS,
    run: (x, target, ...weights) => {
      const variables = weights.map((w) => tf.variable(w));
      try {
        const { value, grads } = tf.variableGrads(() => mlpLoss(silu, x, target, variables), variables);
        return [value, ...variables.map((v) => grads[v.name] as tf.Tensor)];
      } finally {
        tf.dispose(variables);
      }
    },
  },
];
