import * as tf from '@tensorflow/tfjs';
import { fusedAdamAvailable, fusedAdamUpdate, GEN_ADAM_UPDATE } from '../../../kernels/fused/adam-kernel.js';
import {
  type FusedMlp,
  fusedMlpAvailable,
  fusedMlpDivergence,
  fusedMlpDivergenceAvailable,
  fusedMlpForward,
} from '../../../kernels/fused/fused-mlp.js';
import { GEN_MLP_BACKWARD, GEN_MLP_DIVERGENCE, GEN_MLP_FORWARD } from '../../../kernels/fused/mlp-kernels.js';
import type { FusedActivation } from '../../../kernels/fused/mlp-layout.js';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';

/** Rows 37 (a block of 32 and a remainder), D = 2, widths 24 and 13 (tiles of 8, then 4, then single columns). */
const [ROWS, DIM, WIDTHS] = [37, 2, [3, 24, 13, 2]] as const;

function mlpOf(activation: FusedActivation, weights: readonly tf.Tensor[]): FusedMlp {
  const layers = [];
  for (let l = 0; l + 1 < weights.length; l += 2) {
    layers.push({ kernel: weights[l] as tf.Tensor, bias: weights[l + 1] as tf.Tensor });
  }
  return { layers, activation };
}

/** The composite the fused MLP kernels replace: h₀ = [x, t], dense layers, σ between them. */
function composite(mlp: FusedMlp, t: tf.Tensor, x: tf.Tensor): tf.Tensor {
  let h = tf.concat([x, tf.reshape(t, [-1, 1])], 1);
  for (const [l, { kernel, bias }] of mlp.layers.entries()) {
    h = tf.add(tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D), bias);
    if (l + 1 < mlp.layers.length) {
      if (mlp.activation === 'tanh') h = tf.tanh(h);
      else if (mlp.activation === 'elu') h = tf.elu(h);
      else h = tf.mul(h, tf.sigmoid(h));
    }
  }
  return h;
}

/** The fused forward pass where the backend has it, the composite elsewhere (as gen's models dispatch). */
function forward(mlp: FusedMlp, t: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return fusedMlpAvailable() ? fusedMlpForward(mlp, t, x, true) : composite(mlp, t, x);
}

const MLP_INPUTS = [
  uniformInput([ROWS]),
  uniformInput([ROWS, DIM], -2, 2),
  ...WIDTHS.slice(1).flatMap((width, l) => [
    uniformInput([WIDTHS[l] as number, width], -0.5, 0.5),
    uniformInput([width]),
  ]),
];

/** Sums of up to 24 products of order one, rounded differently (blocked vs sequential): a few ulps of the sum. */
const MLP_TOLERANCE = { atol: 2e-6, rtol: 2e-6 };

/**
 * gen's fused kernels (`GenMlpForward`, `GenMlpBackward`, `GenMlpDivergence`, `GenAdamUpdate`; registered on wasm
 * and cpu) against the composite tfjs ops they replace, on the reference backend; a backend without them runs the
 * composite on both sides.
 */
export const FUSED_MLP_CASES: readonly KernelCase[] = [
  ...(['silu', 'tanh', 'elu'] as const).map(
    (activation): KernelCase => ({
      name: `${GEN_MLP_FORWARD}: ${activation} MLP [3, 24, 13, 2] on ${ROWS} rows`,
      kernels: [GEN_MLP_FORWARD],
      inputs: MLP_INPUTS,
      run: (t, x, ...weights) => forward(mlpOf(activation, weights), t as tf.Tensor, x as tf.Tensor),
      reference: (t, x, ...weights) => composite(mlpOf(activation, weights), t as tf.Tensor, x as tf.Tensor),
      tolerance: MLP_TOLERANCE,
    }),
  ),
  (() => {
    const gradients =
      (u: (mlp: FusedMlp, t: tf.Tensor, x: tf.Tensor) => tf.Tensor) =>
      (w: tf.Tensor, ...rest: tf.Tensor[]) =>
        tf.grads((...ys: tf.Tensor[]) =>
          tf.sum(tf.mul(tf.square(u(mlpOf('silu', ys.slice(2)), ys[0] as tf.Tensor, ys[1] as tf.Tensor)), w)),
        )(rest);
    return {
      name: `${GEN_MLP_BACKWARD}: tf.grads of Σ w·u² for t, x and every weight of a SiLU MLP [3, 24, 13, 2]`,
      kernels: [GEN_MLP_FORWARD, GEN_MLP_BACKWARD],
      inputs: [uniformInput([ROWS, DIM]), ...MLP_INPUTS],
      run: gradients(forward),
      reference: gradients(composite),
      tolerance: { atol: 1e-5, rtol: 1e-5 },
    };
  })(),
  {
    name: `${GEN_MLP_DIVERGENCE}: ∇·u of a tanh MLP [3, 24, 13, 2] on ${ROWS} rows`,
    kernels: [GEN_MLP_DIVERGENCE],
    inputs: MLP_INPUTS,
    run: (t, x, ...weights) => {
      const mlp = mlpOf('tanh', weights);
      if (fusedMlpDivergenceAvailable()) return fusedMlpDivergence(mlp, t as tf.Tensor, x as tf.Tensor);
      return divergenceByGradients(mlp, t as tf.Tensor, x as tf.Tensor);
    },
    reference: (t, x, ...weights) => divergenceByGradients(mlpOf('tanh', weights), t as tf.Tensor, x as tf.Tensor),
    tolerance: { atol: 1e-5, rtol: 1e-5 },
  },
  {
    name: `${GEN_ADAM_UPDATE}: one update of a [5, 7] and a [7] parameter`,
    kernels: [GEN_ADAM_UPDATE],
    inputs: [
      ...[[5, 7], [7]].flatMap((shape) => [uniformInput(shape), uniformInput(shape), uniformInput(shape)]),
      uniformInput([5, 7], 0, 1),
      uniformInput([7], 0, 1),
    ],
    run: (...inputs) => adamStep(inputs, fusedAdamAvailable()),
    reference: (...inputs) => adamStep(inputs, false),
  },
];

/** tr ∂u/∂x by D vector–Jacobian products of the composite. */
function divergenceByGradients(mlp: FusedMlp, t: tf.Tensor, x: tf.Tensor): tf.Tensor {
  let trace = tf.zeros([ROWS]);
  for (let i = 0; i < DIM; i += 1) {
    const g = tf.grad((z: tf.Tensor) => tf.sum(tf.slice(composite(mlp, t, z), [0, i], [ROWS, 1])))(x);
    trace = tf.add(trace, tf.reshape(tf.slice(g, [0, i], [ROWS, 1]), [ROWS]));
  }
  return trace;
}

const ADAM = {
  beta1: 0.9,
  oneMinusBeta1: 0.1,
  beta2: 0.999,
  oneMinusBeta2: 1 - 0.999,
  correction1: 0.271,
  correction2: 0.00299,
  epsilon: 1e-7,
  learningRate: 0.01,
};

/** One Adam step: params, grads, m per parameter, then v per parameter (≥ 0); fused or as tfjs's composite. */
function adamStep(inputs: tf.Tensor[], fused: boolean): tf.Tensor[] {
  const [p0, g0, m0, p1, g1, m1, v0, v1] = inputs as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
  if (fused) {
    const next = fusedAdamUpdate([p0, p1], [g0, g1], [m0, m1], [v0, v1], ADAM);
    return [...next.params, ...next.m, ...next.v];
  }
  const params: tf.Tensor[] = [];
  const ms: tf.Tensor[] = [];
  const vs: tf.Tensor[] = [];
  for (const [p, g, m, v] of [
    [p0, g0, m0, v0],
    [p1, g1, m1, v1],
  ] as const) {
    const mNext = tf.add(tf.mul(m, ADAM.beta1), tf.mul(g, ADAM.oneMinusBeta1));
    const vNext = tf.add(tf.mul(v, ADAM.beta2), tf.mul(tf.square(g), ADAM.oneMinusBeta2));
    const step = tf.div(
      tf.div(mNext, ADAM.correction1),
      tf.add(tf.sqrt(tf.div(vNext, ADAM.correction2)), ADAM.epsilon),
    );
    params.push(tf.add(tf.mul(step, -ADAM.learningRate), p));
    ms.push(mNext);
    vs.push(vNext);
  }
  return [...params, ...ms, ...vs];
}
