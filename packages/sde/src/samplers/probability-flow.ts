import { type OdeOptions, odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess } from '../processes/process.js';
import type { DiffusionModel } from './model.js';
import { type SamplerOptions, type SamplerResult, setUpSampling } from './options.js';

/** Options of {@link probabilityFlowSampler}: the shared sampler options plus `odeint`'s solver options. */
export interface ProbabilityFlowSamplerOptions extends SamplerOptions, Omit<OdeOptions, 'event' | 'throwOnFailure'> {}

/**
 * Samples a diffusion model by integrating the probability-flow ODE dx/dt = f(t)·x − ½g(t)²·s(t, x) from t = 1
 * down to `tEnd` with `odeint` of `@gen/ode`.
 *
 * @remarks
 * Deterministic given x_T; its marginals equal the reverse SDE's. The solver defaults are `odeint`'s (`'dopri5'`,
 * rtol = atol = 1e-5); `method`, `rtol`, `atol`, `stepSize`, … are passed through. Model evaluations = the
 * solver's field evaluations.
 *
 * @param process - The diffusion process.
 * @param model - The model (see `options.prediction`).
 * @param options - Start (`n` and `dim`, or `xT`), `seed` (prior draw only), `prediction`, `tEnd`, and solver
 *   options.
 * @returns The samples [N, D] (owned by the caller; `xT` is not disposed) and the number of model evaluations.
 * @throws `InvalidArgumentError` / `ShapeError` naming the offending argument; `NumericalError` when the solve
 *   fails.
 * @example
 * ```ts
 * const { x, nfe } = await probabilityFlowSampler(new VPSDE(), scoreModel, { n: 1000, dim: 2, rtol: 1e-4 });
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export async function probabilityFlowSampler(
  process: DiffusionProcess,
  model: DiffusionModel,
  options: ProbabilityFlowSamplerOptions = {},
): Promise<SamplerResult> {
  const { n, dim, xT, seed, prediction, tEnd, ...solver } = options;
  const setup = setUpSampling(process, model, options);
  try {
    const field = process.probabilityFlow(setup.model.score());
    const { ys } = await odeint(field, setup.start, [1, setup.tEnd], solver);
    const x = tf.tidy(() => ys.slice([1], [1]).reshape(setup.start.shape));
    ys.dispose();
    return { x, nfe: setup.model.nfe };
  } finally {
    setup.start.dispose();
  }
}
