import type { SolveStats } from '@gen/core';
import { InvalidArgumentError, ShapeError, type VectorField } from '@gen/core';
import { assertTensor, evaluateField, formatShape, tapeGradients } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { OdeOptions, OdeSolution } from './options.js';
import { runAsync } from './readback.js';
import { resolveSettings } from './settings.js';
import { solve } from './solve.js';

/** Options of {@link odeintAdjoint}: the forward solver options plus those of the backward (adjoint) solve. */
export interface AdjointOptions extends Omit<OdeOptions, 'event'> {
  /** Relative tolerance of the adjoint solve (default: `rtol`). */
  adjointRtol?: number;
  /** Absolute tolerance of the adjoint solve (default: `atol`). */
  adjointAtol?: number;
  /**
   * Control the adjoint solve's steps by the error of the state and its adjoint only, ignoring the parameter
   * adjoint (Kidger, Chen & Lyons 2021): usually fewer steps for the same gradient accuracy. Default false.
   */
  adjointSeminorm?: boolean;
}

/** Gradients returned by {@link AdjointSolution.backward}; the caller owns every tensor. */
export interface AdjointGradients {
  /** dL/dy0, shaped like y0. */
  dy0: tf.Tensor;
  /** dL/dθ for each parameter, in the order given, shaped like it. */
  dParams: tf.Tensor[];
  /** Counters of the backward solves, summed over the intervals. */
  stats: SolveStats;
}

/** The forward solution of {@link odeintAdjoint} plus its backward pass. */
export interface AdjointSolution extends OdeSolution {
  /**
   * Integrates the adjoint system backwards and returns the gradients.
   *
   * @param dLdys - The loss gradient with respect to `ys`, shaped like `ys` ([ts.length, ...y0.shape]); not disposed.
   * @returns dL/dy0 and dL/dθ; owned by the caller.
   */
  backward(dLdys: tf.Tensor): Promise<AdjointGradients>;
}

/**
 * Solves dy/dt = f(t, y) like `odeint` and returns a backward pass that computes dL/dy0 and dL/dθ by the continuous
 * adjoint method, with memory independent of the number of steps.
 *
 * @remarks
 * The adjoint a(t) = dL/dy(t) obeys da/dt = −aᵀ∂f/∂y and the parameter adjoint dL/dθ = ∫ aᵀ∂f/∂θ dt. The backward
 * pass integrates [y, a, a_θ] from each output time to the previous one (adding dL/dys there and restarting y from
 * the forward solution, as torchdiffeq does), with one vector–Jacobian product per evaluation and no tape across
 * steps. Gradients are accurate to the solver tolerances (optimise-then-discretise), so they differ slightly from
 * `odeintSync` under `tf.grad` (discretise-then-optimise).
 *
 * @param f - The vector field; it must read the parameters from `params` (e.g. closing over the variables).
 * @param y0 - The initial state, float32; not disposed.
 * @param ts - Output times, strictly monotone.
 * @param params - The variables to differentiate with respect to.
 * @param options - Solver options for both directions, and the adjoint's tolerances and seminorm.
 * @returns The forward solution (owned by the caller) with `backward(dLdys)`.
 * @throws As `odeint`; `InvalidArgumentError` when `params` is not an array of variables.
 * @example
 * ```ts
 * const solution = await odeintAdjoint(f, y0, [0, 1], [w, b]);
 * const dLdys = tf.onesLike(solution.ys);             // L = Σ ys
 * const { dy0, dParams } = await solution.backward(dLdys);
 * ```
 * @see Chen, Rubanova, Bettencourt & Duvenaud 2018, Neural Ordinary Differential Equations; Kidger, Chen & Lyons
 *   2021, "Hey, that's not an ODE": Faster ODE Adjoints via Seminorms.
 */
export async function odeintAdjoint(
  f: VectorField,
  y0: tf.Tensor,
  ts: readonly number[],
  params: readonly tf.Variable[],
  options: AdjointOptions = {},
): Promise<AdjointSolution> {
  if (!Array.isArray(params) || params.some((p) => !(p instanceof tf.Variable))) {
    throw new InvalidArgumentError('params', 'an array of tf.Variable', params);
  }
  const { adjointRtol, adjointAtol, adjointSeminorm = false, ...solver } = options;
  const settings = resolveSettings(f, y0, ts, solver);
  const forward = await runAsync(solve(settings));
  const stateSize = y0.size;
  const sizes = params.map((p) => p.size);
  const paramSize = sizes.reduce((a, b) => a + b, 0);
  const times = forward.ts;

  const augmented: VectorField = (t, state) =>
    tf.tidy(() => {
      const y = state.slice(0, stateSize).reshape(y0.shape);
      const a = state.slice(stateSize, stateSize).reshape(y0.shape);
      const { value, grads } = tapeGradients(() => evaluateField(f, t, y, 'f(t, y)'), [y, ...params], a);
      const [dy, ...dTheta] = grads;
      const parts = [
        value.reshape([-1]),
        tf.neg(dy as tf.Tensor).reshape([-1]),
        ...dTheta.map((g) => tf.neg(g).reshape([-1])),
      ];
      return tf.concat(parts);
    });

  async function backward(dLdys: tf.Tensor): Promise<AdjointGradients> {
    assertTensor('dLdys', dLdys, { dtype: 'float32' });
    if (!tf.util.arraysEqual(dLdys.shape, forward.ys.shape)) {
      throw new ShapeError('dLdys', `${formatShape(forward.ys.shape)} (the shape of ys)`, dLdys.shape);
    }
    const stats: SolveStats = { nfe: 0, steps: 0, accepted: 0, rejected: 0 };
    const row = (tensor: tf.Tensor, i: number): tf.Tensor => tf.tidy(() => tensor.slice(i, 1).reshape([-1]));
    const last = times.length - 1;
    let adjoint = row(dLdys, last);
    let paramAdjoint = tf.zeros([paramSize]);
    try {
      for (let i = last; i > 0; i -= 1) {
        const start = tf.tidy(() => tf.concat([row(forward.ys, i), adjoint, paramAdjoint]));
        let solution: OdeSolution;
        try {
          const adjointSettings = resolveSettings(augmented, start, [times[i] as number, times[i - 1] as number], {
            ...solver,
            rtol: adjointRtol ?? settings.rtol,
            atol: adjointAtol ?? settings.atol,
          });
          solution = await runAsync(
            solve({ ...adjointSettings, errorElements: adjointSeminorm ? 2 * stateSize : undefined }),
          );
        } finally {
          start.dispose();
        }
        for (const key of ['nfe', 'steps', 'accepted', 'rejected'] as const) stats[key] += solution.stats[key];
        const [nextAdjoint, nextParamAdjoint] = tf.tidy(() => {
          const end = solution.ys.slice(1, 1).reshape([-1]);
          return [tf.add(end.slice(stateSize, stateSize), row(dLdys, i - 1)), end.slice(2 * stateSize, paramSize)];
        });
        solution.ys.dispose();
        tf.dispose([adjoint, paramAdjoint]);
        adjoint = nextAdjoint as tf.Tensor;
        paramAdjoint = nextParamAdjoint as tf.Tensor;
      }
      const dy0 = adjoint.reshape(y0.shape);
      let offset = 0;
      const dParams = params.map((p, k) => {
        const g = tf.tidy(() => paramAdjoint.slice(offset, sizes[k]).reshape(p.shape));
        offset += sizes[k] as number;
        return g;
      });
      return { dy0, dParams, stats };
    } finally {
      tf.dispose([adjoint, paramAdjoint]);
    }
  }

  return { ...forward, backward };
}
