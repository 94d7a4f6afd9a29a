import * as tf from '@tensorflow/tfjs';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { ModelAdapter } from './model.js';
import { diffusionSpan } from './options.js';
import { finishedSamples, iterate } from './step-loop.js';
import { logSnrTimeGrid } from './time-grid.js';

/**
 * `'dpm-solver++'`: DPM-Solver++(2M), the multistep second-order solver of the probability-flow ODE in data
 * prediction (Lu et al. 2022b, Algorithm 2; default 20 steps).
 *
 * @remarks
 * With λ_t = log(α_t/σ_t) and x̂_0 the model's data prediction (x_t − σ_t·ε̂)/α_t, on a grid uniform in λ
 * (times from `timeAtLogSnr` of `@gen/core`) t_0 = t1 > … > t_K = t0, with h_i = λ_{t_i} − λ_{t_{i−1}}:
 *
 * - first step (DPM-Solver++1, which equals DDIM): x_{t_1} = (σ_{t_1}/σ_{t_0})·x_{t_0} − α_{t_1}·(e^{−h_1} − 1)·x̂_0(t_0);
 * - then, with r_i = h_{i−1}/h_i and D_i = (1 + 1/(2r_i))·x̂_0(t_{i−1}) − (1/(2r_i))·x̂_0(t_{i−2}):
 *   x_{t_i} = (σ_{t_i}/σ_{t_{i−1}})·x_{t_{i−1}} − α_{t_i}·(e^{−h_i} − 1)·D_i.
 *
 * Deterministic; K model evaluations; every step runs in `tf.tidy` and only the previous x̂_0 is kept; the samples
 * are checked finite once. No settings.
 *
 * @example
 * ```ts
 * const problem = diffusionProblem(new VPSDE(), epsModel, { prediction: 'noise' });
 * const { x, stats } = await sample(problem, z, { method: 'dpm-solver++', steps: 20 });
 * ```
 * @see Lu et al., "DPM-Solver++: Fast Solver for Guided Sampling of Diffusion Probabilistic Models", 2022.
 * @see Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
 *   NeurIPS 2022.
 */
export const DPM_SOLVER_PLUS_PLUS: DiffusionSampler = {
  name: 'dpm-solver++',
  description: 'DPM-Solver++ (2M)',
  adaptive: false,
  stochastic: false,
  needsDiffusion: true,
  defaults: { steps: 20 },
  settings: [],
  async sample(problem, z, { timeSpan, steps }) {
    const span = diffusionSpan(timeSpan);
    const { process } = problem;
    const model = new ModelAdapter(process, problem.model, problem.prediction);
    const ts = logSnrTimeGrid(process, steps, span);
    const lambdas = ts.map((t) => 0.5 * process.schedule.logSnr(t)); // DPM-Solver's λ = log(α/σ)
    let previous: tf.Tensor | undefined;
    try {
      const x = iterate(z, steps, (x, i) => {
        const t = ts[i] as number;
        const s = ts[i + 1] as number;
        const h = (lambdas[i + 1] as number) - (lambdas[i] as number);
        const data = model.predict('data', t, x);
        let direction = data;
        if (previous !== undefined) {
          const r = ((lambdas[i] as number) - (lambdas[i - 1] as number)) / h;
          direction = tf.sub(tf.mul(data, 1 + 1 / (2 * r)), tf.mul(previous, 1 / (2 * r)));
          previous.dispose();
        }
        previous = tf.keep(data);
        const now = process.marginal(t);
        const next = process.marginal(s);
        return tf.add(tf.mul(x, next.std / now.std), tf.mul(direction, -next.mean * Math.expm1(-h)));
      });
      return await finishedSamples(x, 'dpm-solver++', span[0], model.nfe, steps);
    } finally {
      previous?.dispose();
    }
  },
};
