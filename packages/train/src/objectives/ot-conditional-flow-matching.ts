import { minibatchOtPairing, randomNormal } from '@gen/core';
import { assertNonNegative } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { assertLossArgs } from './checks.js';
import type { Objective } from './objective.js';
import { pathRegressionLoss, STRAIGHT_PATH } from './path-regression.js';
import { Stream, streamSeed } from './random-streams.js';
import { flattenRows } from './tensors.js';

/** Options of {@link otConditionalFlowMatching}. */
export interface OtConditionalFlowMatchingOptions {
  /** Standard deviation σ ≥ 0 of the Gaussian tube around each straight path (default 0). */
  sigma?: number;
}

/**
 * Minibatch optimal-transport conditional flow matching, OT-CFM (Tong et al. 2023).
 *
 * @remarks
 * Draws z ~ N(0, I) for the batch x, re-pairs the rows by the exact optimal assignment under the squared
 * Euclidean cost (core {@link minibatchOtPairing}, method `'exact'`: every data row is matched to one noise row),
 * then regresses on the straight path between the pairs:
 *
 *   x_t = (1 − t)·x + t·z_π + σ·ε,   u_t = z_π − x,   L(θ) = (1/N)·Σᵢ ‖u_θ(tᵢ, x_tᵢ) − u_tᵢ‖²,
 *
 * with t ~ U[0, 1) and ε ~ N(0, I) (the σ-tube has constant width, so it adds nothing to the target). This is
 * torchcfm's `ExactOptimalTransportConditionalFlowMatcher` in gen's time convention (t = 0 data, t = 1 prior),
 * except that the batch is re-paired by the optimal permutation rather than resampled with replacement from the
 * plan. Paired targets cross less than independent ones, so the regression target has a much smaller variance
 * and the learned flow is straighter. Images are paired as rows of D = H·W·C values; each data row keeps its label
 * (only the noise is permuted).
 *
 * @param options - `sigma` (default 0).
 * @returns The objective (`name` `"ot-cfm"`).
 * @throws `InvalidArgumentError` naming `options.sigma` when it is negative or not finite.
 * @example
 * ```ts
 * const objective = otConditionalFlowMatching();
 * ```
 * @see Tong et al., "Improving and generalizing flow-based generative models with minibatch optimal transport",
 *   TMLR 2024 (arXiv 2302.00482).
 * @see Pooladian et al., "Multisample Flow Matching: Straightening Flows with Minibatch Couplings", ICML 2023.
 */
export function otConditionalFlowMatching(options: OtConditionalFlowMatchingOptions = {}): Objective {
  const sigma = assertNonNegative('options.sigma', options.sigma ?? 0);
  const tube = sigma > 0 ? { std: () => sigma, dStd: () => 0 } : undefined;
  return {
    name: 'ot-cfm',
    loss(model, batch, seed, labels) {
      assertLossArgs(model, batch, seed, labels);
      return tf.tidy(() => {
        const z = randomNormal(batch.shape, streamSeed(seed, Stream.noise));
        const { target } = minibatchOtPairing(flattenRows(batch), flattenRows(z), { method: 'exact' });
        const paired = tf.gather(z, tf.tensor1d(target, 'int32'));
        return pathRegressionLoss(model, STRAIGHT_PATH, batch, paired, seed, tube, labels);
      });
    },
  };
}
