import {
  DiagonalGaussian,
  type Distribution,
  InvalidArgumentError,
  type NoiseSchedule,
  type Seed,
  type VectorField,
} from '@gen/core';
import { assertInteger, assertTensor } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { Sde } from '../types.js';
import type { DiffusionProcess, Marginal, ScoreFunction } from './process.js';

/**
 * The shared machinery of diffusion processes with drift f(t)·x and diffusion g(t): a subclass supplies f, g,
 * the `@gen/core` schedule of its perturbation kernel (α_t, σ_t) and the prior's scale; this class builds the
 * marginal, the drift, the prior, the forward SDE, the reverse-time SDE and the probability-flow field from them.
 *
 * @remarks
 * - Reverse-time SDE (Anderson 1982): drift f(t)·x − g(t)²·s(t, x), diffusion g(t).
 * - Probability flow (Song et al. 2021): u(t, x) = f(t)·x − ½g(t)²·s(t, x).
 * - Prior: N(0, priorStd²·I) on ℝᴰ.
 *
 * Every returned tensor is new and owned by the caller; inputs are never disposed.
 *
 * @example
 * ```ts
 * // The VP SDE with constant β = 2: dx = −x dt + √2 dW, α_t = e^{−t}, σ_t² = 1 − e^{−2t}.
 * class OrnsteinUhlenbeck extends LinearDiffusionProcess {
 *   readonly name = 'ou';
 *   readonly priorStd = 1;
 *   readonly schedule = new VPSchedule({ betaMin: 2, betaMax: 2 });
 *   driftCoefficient() { return -1; }
 *   diffusion() { return Math.SQRT2; }
 * }
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Anderson, "Reverse-time diffusion equation models", Stochastic Processes and their Applications, 1982.
 */
export abstract class LinearDiffusionProcess implements DiffusionProcess {
  /** A short identifier for messages, e.g. `"vp"`. */
  abstract readonly name: string;
  /** The prior's standard deviation: x_1 is drawn from N(0, priorStd²·I). */
  abstract readonly priorStd: number;

  /** {@inheritDoc DiffusionProcess.schedule} */
  abstract readonly schedule: NoiseSchedule;

  /** {@inheritDoc DiffusionProcess.marginal} */
  marginal(t: number): Marginal {
    return { mean: this.schedule.alpha(t), std: this.schedule.sigma(t) };
  }

  /**
   * The drift coefficient f(t) of dx = f(t)·x dt + g(t) dW; equals α̇_t/α_t.
   *
   * @param t - Time in [0, 1].
   * @returns f(t), float64.
   * @throws `InvalidArgumentError` naming `t` for a time outside [0, 1].
   */
  abstract driftCoefficient(t: number): number;

  /** {@inheritDoc DiffusionProcess.diffusion} */
  abstract diffusion(t: number): number;

  /** {@inheritDoc DiffusionProcess.drift} */
  drift(t: number, x: tf.Tensor): tf.Tensor {
    assertTensor('x', x, { dtype: 'float32' });
    const f = this.driftCoefficient(t);
    return tf.tidy(() => tf.mul(x, f));
  }

  /** {@inheritDoc DiffusionProcess.prior} */
  prior(dim: number): Distribution {
    assertInteger('dim', dim, 1);
    return new DiagonalGaussian({
      mean: new Array<number>(dim).fill(0),
      std: new Array<number>(dim).fill(this.priorStd),
    });
  }

  /** {@inheritDoc DiffusionProcess.priorSample} */
  priorSample(shape: readonly [number, number], seed: Seed): tf.Tensor {
    if (!Array.isArray(shape) || shape.length !== 2) {
      throw new InvalidArgumentError('shape', 'a shape [N, D] of two positive integers', shape);
    }
    const [n, dim] = shape;
    assertInteger('shape[0]', n, 1);
    return this.prior(assertInteger('shape[1]', dim, 1)).sample(n, seed);
  }

  /** {@inheritDoc DiffusionProcess.priorLogProb} */
  priorLogProb(x: tf.Tensor): tf.Tensor {
    assertTensor('x', x, { rank: 2, dtype: 'float32' });
    return this.prior(x.shape[1] as number).logProb(x);
  }

  /** {@inheritDoc DiffusionProcess.sde} */
  sde(): Sde {
    return {
      noise: 'additive',
      drift: (t, x) => this.drift(t, x),
      diffusion: (t, x) => this.broadcastDiffusion(t, x),
    };
  }

  /** {@inheritDoc DiffusionProcess.reverse} */
  reverse(score: ScoreFunction): Sde {
    assertScore(score);
    return {
      noise: 'additive',
      drift: (t, x) => this.scoreCorrectedDrift(t, x, score, 1),
      diffusion: (t, x) => this.broadcastDiffusion(t, x),
    };
  }

  /** {@inheritDoc DiffusionProcess.probabilityFlow} */
  probabilityFlow(score: ScoreFunction): VectorField {
    assertScore(score);
    return (t, x) => this.scoreCorrectedDrift(t, x, score, 0.5);
  }

  /** f(t)·x − weight·g(t)²·s(t, x). */
  private scoreCorrectedDrift(t: number, x: tf.Tensor, score: ScoreFunction, weight: number): tf.Tensor {
    assertTensor('x', x, { dtype: 'float32' });
    const f = this.driftCoefficient(t);
    const g2 = this.diffusion(t) ** 2;
    return tf.tidy(() => tf.sub(tf.mul(x, f), tf.mul(score(t, x), weight * g2)));
  }

  /** g(t) filled into the shape of `x`. */
  private broadcastDiffusion(t: number, x: tf.Tensor): tf.Tensor {
    assertTensor('x', x, { dtype: 'float32' });
    return tf.fill(x.shape, this.diffusion(t), 'float32');
  }
}

/** Checks that a score model is a function. */
function assertScore(score: unknown): void {
  if (typeof score !== 'function') throw new InvalidArgumentError('score', 'a function (t, x) => tensor', score);
}
