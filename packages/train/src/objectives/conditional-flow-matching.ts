import { AffinePath, LinearSchedule, randomNormal } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { assertLossArgs } from './checks.js';
import type { Objective } from './objective.js';
import { pathRegressionLoss } from './path-regression.js';
import { Stream, streamSeed } from './random-streams.js';

/** Options of {@link conditionalFlowMatching}. */
export interface ConditionalFlowMatchingOptions {
  /** Noise scale σ_min left at t = 0, in [0, 1) (default 0). */
  sigmaMin?: number;
}

/**
 * Conditional flow matching (Lipman et al. 2023) on the linear path with independent data–noise pairs.
 *
 * @remarks
 * For data x (the batch), z ~ N(0, I) and t ~ U[0, 1), with gen's time convention (t = 0 data, t = 1 prior):
 *
 *   x_t = (1 − t)·x + (σ_min + (1 − σ_min)·t)·z,   u_t = dx_t/dt = (1 − σ_min)·z − x,
 *   L(θ) = (1/N)·Σᵢ ‖u_θ(tᵢ, x_tᵢ) − u_tᵢ‖²,
 *
 * built from the core `AffinePath` of a {@link LinearSchedule} (u_t = σ̇_t·z + α̇_t·x). Its minimiser is the
 * marginal velocity u(t, x_t) = E[u_t | x_t], whose flow carries N(0, I) at t = 1 to the data at t = 0; sample by
 * integrating from t = 1 to t = 0. The minimum is not 0: it is the conditional variance E‖u_t − E[u_t | x_t]‖²
 * (e.g. D·π/2 for standard normal data with σ_min = 0). Batches of any shape ([N, D], [N, H, W, C]) and optional class
 * labels (passed to the model, as in torchcfm's conditional examples) work unchanged.
 *
 * @param options - `sigmaMin` (default 0, the rectified-flow path).
 * @returns The objective (`name` `"cfm"`); its loss holds no tensors between calls.
 * @throws `InvalidArgumentError` naming `options.sigmaMin` when it is not in [0, 1).
 * @example
 * ```ts
 * const objective = conditionalFlowMatching({ sigmaMin: 1e-4 });
 * const loss = objective.loss(model, batch, 0);
 * ```
 * @see Lipman et al., "Flow Matching for Generative Modeling", ICLR 2023.
 */
export function conditionalFlowMatching(options: ConditionalFlowMatchingOptions = {}): Objective {
  const path = new AffinePath(new LinearSchedule({ sigmaMin: options.sigmaMin ?? 0 }));
  return {
    name: 'cfm',
    loss(model, batch, seed, labels) {
      assertLossArgs(model, batch, seed, labels);
      return tf.tidy(() => {
        const z = randomNormal(batch.shape, streamSeed(seed, Stream.noise));
        return pathRegressionLoss(model, path, batch, z, seed, undefined, labels);
      });
    },
  };
}

/**
 * Rectified flow (Liu et al. 2023): conditional flow matching on the straight path x_t = (1 − t)·x + t·z with
 * independent pairs, target z − x.
 *
 * @remarks
 * The same loss as {@link conditionalFlowMatching} with σ_min = 0, named `"rectified-flow"`. Its flow is the
 * 1-rectified flow; {@link reflowPairs} and {@link reflow} straighten it further.
 *
 * @returns The objective.
 * @example
 * ```ts
 * const objective = rectifiedFlow();
 * ```
 * @see Liu, Gong & Liu, "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow",
 *   ICLR 2023.
 */
export function rectifiedFlow(): Objective {
  return { ...conditionalFlowMatching(), name: 'rectified-flow' };
}
