import { minibatchOtPairing, randomNormal } from '@gen/core';
import { assertPositive } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { assertLossArgs } from './checks.js';
import type { Objective } from './objective.js';
import type { PathNoise } from './path-regression.js';
import { pathRegressionLoss, STRAIGHT_PATH } from './path-regression.js';
import { Stream, streamSeed } from './random-streams.js';
import { flattenRows } from './tensors.js';

/** Options of {@link schrodingerBridgeFlowMatching}. */
export interface SchrodingerBridgeFlowMatchingOptions {
  /** The bridge's noise level σ > 0 (default 1, as torchcfm). */
  sigma?: number;
}

/** Keeps ṡ finite at t = 0 and t = 1, as torchcfm does. */
const ENDPOINT_REGULARISER = 1e-8;

/**
 * The Brownian bridge of noise level σ: s(t) = σ·√(t(1 − t)) and its derivative.
 *
 * @param sigma - The noise level.
 * @returns The path noise.
 */
function brownianBridge(sigma: number): PathNoise {
  return {
    std: (t) => sigma * Math.sqrt(t * (1 - t)),
    dStd: (t) => (sigma * (1 - 2 * t) * Math.sqrt(t * (1 - t))) / (2 * t * (1 - t) + ENDPOINT_REGULARISER),
  };
}

/**
 * Schrödinger-bridge conditional flow matching, SB-CFM (Tong et al. 2023): entropic minibatch OT couplings and
 * Brownian-bridge conditional paths, whose marginal flow is the probability flow of the Schrödinger bridge between
 * the data and N(0, I) for a Brownian motion of variance σ² per unit time.
 *
 * @remarks
 * Draws z ~ N(0, I), then N pairs (xᵢ, zᵢ) with replacement from the entropic OT plan between the batch and z
 * (core {@link minibatchOtPairing}, method `'sinkhorn'`, ε = 2σ² on the squared Euclidean cost), and with
 * t ~ U[0, 1), ε ~ N(0, I):
 *
 *   x_t = (1 − t)·x + t·z + σ·√(t(1 − t))·ε,
 *   u_t = z − x + σ·(1 − 2t)/(2√(t(1 − t)))·ε = z − x + (1 − 2t)/(2t(1 − t))·(x_t − μ_t),
 *   L(θ) = (1/N)·Σᵢ ‖u_θ(tᵢ, x_tᵢ) − u_tᵢ‖².
 *
 * Derivation for gen's convention (t = 0 data, t = 1 prior): torchcfm runs time s = 1 − t from noise x₀ = z to
 * data x₁ = x with μ_s = s·x + (1 − s)·z, std σ√(s(1 − s)) and target (1 − 2s)/(2s(1 − s))·(x_s − μ_s) + x − z.
 * The path is symmetric in s ↔ t and d/dt = −d/ds, so the target negates with 1 − 2s = −(1 − 2t): it is the
 * derivative of the conditional path, d/dt[μ_t + σ√(t(1 − t))·ε]. As in torchcfm, 2t(1 − t) + 10⁻⁸ in the
 * denominator keeps the ε-coefficient finite at the endpoints; the coefficient still grows like 1/√t there, so the
 * irreducible part of the loss (not its gradient) is large. Images are coupled as rows of D = H·W·C values; a data
 * row drawn from the plan brings its label along.
 *
 * @param options - `sigma` > 0 (default 1).
 * @returns The objective (`name` `"sb-cfm"`).
 * @throws `InvalidArgumentError` naming `options.sigma` when it is not a positive finite number.
 * @example
 * ```ts
 * const objective = schrodingerBridgeFlowMatching({ sigma: 0.5 });
 * ```
 * @see Tong et al., "Improving and generalizing flow-based generative models with minibatch optimal transport",
 *   TMLR 2024 (arXiv 2302.00482), and torchcfm's `SchrodingerBridgeConditionalFlowMatcher`.
 * @see Tong et al., "Simulation-free Schrödinger bridges via score and flow matching", AISTATS 2024.
 */
export function schrodingerBridgeFlowMatching(options: SchrodingerBridgeFlowMatchingOptions = {}): Objective {
  const sigma = assertPositive('options.sigma', options.sigma ?? 1);
  const bridge = brownianBridge(sigma);
  return {
    name: 'sb-cfm',
    loss(model, batch, seed, labels) {
      assertLossArgs(model, batch, seed, labels);
      return tf.tidy(() => {
        const z = randomNormal(batch.shape, streamSeed(seed, Stream.noise));
        const { source, target } = minibatchOtPairing(flattenRows(batch), flattenRows(z), {
          method: 'sinkhorn',
          epsilon: 2 * sigma ** 2,
          seed: streamSeed(seed, Stream.coupling),
        });
        const picked = tf.tensor1d(source, 'int32');
        const x = tf.gather(batch, picked);
        const paired = tf.gather(z, tf.tensor1d(target, 'int32'));
        const pickedLabels = labels === undefined ? undefined : tf.gather(labels, picked);
        return pathRegressionLoss(model, STRAIGHT_PATH, x, paired, seed, bridge, pickedLabels);
      });
    },
  };
}
