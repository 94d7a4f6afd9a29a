import { InvalidArgumentError, randomNormal } from '@gen/core';
import { assertPositive } from '@gen/core/internal';
import type { DiffusionProcess } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { assertLossArgs } from './checks.js';
import { type Objective, TRAINING } from './objective.js';
import { Stream, streamSeed, uniformTimes } from './random-streams.js';
import { meanSquaredError, scaleRows } from './tensors.js';

/** Options of {@link denoisingScoreMatching}. */
export interface DenoisingScoreMatchingOptions {
  /** The forward process, e.g. `new VPSDE()`, `new SubVPSDE()` or `new VESDE()`. */
  process: DiffusionProcess;
  /** Weight each time by g(t)²/σ_t² (Song et al. 2021b), a bound on the negative log-likelihood (default false). */
  likelihoodWeighting?: boolean;
  /** The smallest training time, in (0, 1) (default 1e-5). */
  tEnd?: number;
}

/**
 * Denoising score matching with an ε-prediction model, for the VP, sub-VP and VE SDEs (Song et al. 2021).
 *
 * @remarks
 * With the process's perturbation kernel x_t = α_t·x + σ_t·ε (`process.marginal(t)`), ε ~ N(0, I) and
 * t ~ U[tEnd, 1), the model ε_θ(t, x_t) predicts the noise; its score is s_θ = −ε_θ/σ_t. The loss is
 *
 *   L(θ) = (1/N)·Σᵢ λ(tᵢ)·‖ε_θ(tᵢ, x_tᵢ) − εᵢ‖²,   λ(t) = 1, or λ(t) = g(t)²/σ_t² with likelihood weighting.
 *
 * Unweighted, this is score matching with Song et al.'s weighting σ_t²: σ_t²·‖s_θ − ∇log p(x_t | x)‖² =
 * ‖ε_θ − ε‖². Weighted, it is g(t)²·‖s_θ − ∇log p(x_t | x)‖² (score_sde's `likelihood_weighting`, summed over
 * dimensions and without its ½): then ½·(1 − tEnd)·L is, in expectation and up to a θ-independent constant, the
 * score-matching part of the bound KL(p_data ‖ p_θ^SDE) ≤ ½∫ E g(t)²‖s_θ − ∇log p_t‖² dt + KL(p_1 ‖ prior) of
 * Song et al. 2021b (Theorem 1). The weight grows like 1/t near t = 0 (VP), so this loss has a large variance;
 * raise `tEnd` to tame it. The minimum over θ is E[λ(t)·tr Cov(ε | x_t)]: for data N(m, s²·I) in ℝᴰ,
 * tr Cov(ε | x_t) = D·α_t²s²/(α_t²s² + σ_t²), attained by ε*(t, x_t) = σ_t·(x_t − α_t·m)/(α_t²s² + σ_t²). Batches of
 * any shape work (the kernel's α_t, σ_t broadcast per sample), and class labels go to the model (in a training pass:
 * dropout on).
 *
 * @param options - The process, the weighting and tEnd.
 * @returns The objective (`name` `"dsm"`).
 * @throws `InvalidArgumentError` naming `options.process` (no `marginal`/`diffusion`), `options.tEnd` (not in
 *   (0, 1)) or `options.likelihoodWeighting` (not a boolean).
 * @example
 * ```ts
 * const objective = denoisingScoreMatching({ process: new VPSDE(), likelihoodWeighting: true });
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Song, Durkan, Murray & Ermon, "Maximum Likelihood Training of Score-Based Diffusion Models", NeurIPS 2021.
 * @see Ho, Jain & Abbeel, "Denoising Diffusion Probabilistic Models", NeurIPS 2020 (ε-prediction).
 */
export function denoisingScoreMatching(options: DenoisingScoreMatchingOptions): Objective {
  const { process, likelihoodWeighting = false, tEnd = 1e-5 } = options ?? {};
  if (typeof process?.marginal !== 'function' || typeof process.diffusion !== 'function') {
    throw new InvalidArgumentError('options.process', 'a diffusion process (VPSDE, SubVPSDE or VESDE)', process);
  }
  if (!(assertPositive('options.tEnd', tEnd) < 1))
    throw new InvalidArgumentError('options.tEnd', 'a time in (0, 1)', tEnd);
  if (typeof likelihoodWeighting !== 'boolean') {
    throw new InvalidArgumentError('options.likelihoodWeighting', 'a boolean', likelihoodWeighting);
  }
  return {
    name: 'dsm',
    loss(model, batch, seed, labels) {
      const [n] = assertLossArgs(model, batch, seed, labels);
      const times = uniformTimes(n, seed, tEnd);
      const kernels = Array.from(times, (t) => process.marginal(t));
      const weights = likelihoodWeighting
        ? Array.from(times, (t, i) => process.diffusion(t) ** 2 / (kernels[i]?.std as number) ** 2)
        : undefined;
      return tf.tidy(() => {
        const epsilon = randomNormal(batch.shape, streamSeed(seed, Stream.noise));
        const xt = tf.add(
          scaleRows(
            batch,
            kernels.map((k) => k.mean),
          ),
          scaleRows(
            epsilon,
            kernels.map((k) => k.std),
          ),
        );
        return meanSquaredError(model.forwardTimes(tf.tensor1d(times), xt, labels, TRAINING), epsilon, weights);
      });
    },
  };
}
