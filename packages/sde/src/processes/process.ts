import type { Distribution, NoiseSchedule, Seed, VectorField } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';
import type { Sde } from '../types.js';

/**
 * The Gaussian perturbation kernel of a diffusion process at one time: x_t | x_0 ~ N(mean·x_0, std²·I).
 *
 * @example
 * ```ts
 * const { mean, std } = new VPSDE().marginal(0.5); // α_0.5 and σ_0.5
 * ```
 */
export interface Marginal {
  /** The data coefficient α_t (the kernel's mean is α_t·x_0). */
  readonly mean: number;
  /** The noise standard deviation σ_t. */
  readonly std: number;
}

/**
 * A score model s(t, x) ≈ ∇ₓ log p_t(x) on a batch ([N, D] or [N, H, W, C]); returns a new tensor shaped like
 * `x`, owned by the caller, and never disposes `x`.
 *
 * @example
 * ```ts
 * const score: ScoreFunction = (t, x) => tf.neg(x); // the score of N(0, I)
 * ```
 */
export type ScoreFunction = (t: number, x: tf.Tensor) => tf.Tensor;

/**
 * A forward diffusion process dx = f(t)·x dt + g(t) dW with a linear drift and a state-independent diffusion,
 * together with the reverse-time SDE and the probability-flow ODE built from a score model.
 *
 * @remarks
 * Time convention: t = 0 is data, t = 1 is the prior. Processes are dimension-free: every method takes a
 * batch x of shape [N, D] for any D (`drift` accepts any shape). With a linear drift the transition from a
 * noise-free x_0 is Gaussian, x_t | x_0 ~ N(α_t·x_0, σ_t²·I) with α̇ = f·α and d(σ²)/dt = 2f·σ² + g²
 * ({@link DiffusionProcess.marginal}).
 *
 * - Reverse-time SDE (Anderson 1982): dx = [f(t)·x − g(t)²·∇log p_t(x)] dt + g(t) dW̄, integrated with
 *   decreasing t from the prior to the data.
 * - Probability-flow ODE (Song et al. 2021): dx/dt = f(t)·x − ½g(t)²·∇log p_t(x), whose marginals equal the
 *   SDE's at every t.
 *
 * Every returned tensor is new and owned by the caller; inputs are never disposed.
 *
 * @example
 * ```ts
 * const process: DiffusionProcess = new VPSDE();
 * const x1 = process.priorSample([1024, 2], 0);                 // x_1 ~ N(0, I)
 * const field = process.probabilityFlow((t, x) => tf.neg(x));   // for odeint, from t = 1 to t = 1e-3
 * x1.dispose();
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Anderson, "Reverse-time diffusion equation models", Stochastic Processes and their Applications, 1982.
 */
export interface DiffusionProcess {
  /** A short identifier for messages, e.g. `"vp"`. */
  readonly name: string;

  /**
   * The `@gen/core` schedule of the perturbation kernel: `schedule.alpha(t)` = α_t and `schedule.sigma(t)` = σ_t
   * of x_t | x_0 ~ N(α_t·x_0, σ_t²·I), with their exact derivatives and log-SNR. Samplers convert between
   * predictions (score, noise, data) through it with `conversionCoefficients`, as `AffinePath` does.
   */
  readonly schedule: NoiseSchedule;

  /**
   * The perturbation kernel x_t | x_0 ~ N(α_t·x_0, σ_t²·I): {@link DiffusionProcess.schedule}'s α_t and σ_t.
   *
   * @param t - Time in [0, 1].
   * @returns α_t (`mean`) and σ_t (`std`), float64.
   * @throws `InvalidArgumentError` naming `t` for a time outside [0, 1].
   */
  marginal(t: number): Marginal;

  /**
   * The forward drift f(t)·x.
   *
   * @param t - Time in [0, 1].
   * @param x - A float32 tensor of any shape (typically [N, D]); not disposed.
   * @returns f(t)·x, shaped like `x`, owned by the caller.
   * @throws `InvalidArgumentError` naming `t` or `x`.
   */
  drift(t: number, x: tf.Tensor): tf.Tensor;

  /**
   * The scalar diffusion coefficient g(t) of the forward SDE.
   *
   * @param t - Time in [0, 1].
   * @returns g(t) ≥ 0, float64.
   * @throws `InvalidArgumentError` naming `t` for a time outside [0, 1].
   */
  diffusion(t: number): number;

  /**
   * Draws from the prior at t = 1.
   *
   * @param shape - [N, D], two positive integers.
   * @param seed - A non-negative safe integer.
   * @returns A float32 tensor [N, D], owned by the caller.
   * @throws `InvalidArgumentError` naming `shape`, `shape[i]` or `seed`.
   */
  priorSample(shape: readonly [number, number], seed: Seed): tf.Tensor;

  /**
   * The prior log-density of each row.
   *
   * @param x - A float32 batch [N, D]; not disposed.
   * @returns log p_prior(x), shape [N], owned by the caller.
   * @throws `InvalidArgumentError` / `ShapeError` naming `x`.
   */
  priorLogProb(x: tf.Tensor): tf.Tensor;

  /**
   * The prior at t = 1 as a distribution on ℝᴰ.
   *
   * @param dim - The dimension D, a positive integer.
   * @returns A new distribution.
   * @throws `InvalidArgumentError` naming `dim`.
   */
  prior(dim: number): Distribution;

  /**
   * The forward SDE dx = f(t)·x dt + g(t) dW as an {@link Sde} with `'additive'` noise (g(t) broadcast to
   * [N, D]).
   *
   * @returns A new SDE object.
   */
  sde(): Sde;

  /**
   * The reverse-time SDE dx = [f(t)·x − g(t)²·s(t, x)] dt + g(t) dW̄ (Anderson 1982), to be integrated with
   * decreasing t; `'additive'` noise.
   *
   * @param score - The score model s(t, x) ≈ ∇log p_t(x).
   * @returns A new SDE object.
   * @throws `InvalidArgumentError` naming `score` when it is not a function.
   */
  reverse(score: ScoreFunction): Sde;

  /**
   * The probability-flow ODE field u(t, x) = f(t)·x − ½g(t)²·s(t, x).
   *
   * @param score - The score model s(t, x) ≈ ∇log p_t(x).
   * @returns A vector field for `odeint` / `logProb` of `@gen/ode`.
   * @throws `InvalidArgumentError` naming `score` when it is not a function.
   */
  probabilityFlow(score: ScoreFunction): VectorField;
}
