/**
 * A noise schedule: the coefficients (α_t, σ_t) of an affine Gaussian path x_t = α_t·x_data + σ_t·z, z ~ N(0, I),
 * with their exact time derivatives and log signal-to-noise ratio, all as float64 host numbers.
 *
 * @remarks
 * Time convention: t = 0 is data, t = 1 is the prior. So α_0 = 1 and σ_0 = 0 (or a small σ_min), and at t = 1
 * α_1 ≈ 0, σ_1 ≈ 1 (variance-preserving and linear paths) or α ≡ 1 with σ_1 = σ_max (variance-exploding).
 *
 * The log-SNR is λ_t = log(α_t² / σ_t²) and must decrease strictly in t; then
 * dλ/dt = 2·(α̇_t/α_t − σ̇_t/σ_t) < 0.
 *
 * Every method takes t ∈ [0, 1] and throws `InvalidArgumentError` otherwise (a discrete step index such as
 * t = 500 is a common mistake). Derivatives are closed forms, never finite differences or autodiff.
 *
 * Edge values are explicit, never NaN: where σ_t = 0 (t = 0 on paths without σ_min), `logSnr` is `+Infinity`;
 * where α_t = 0 (t = 1 on linear and cosine paths), `logSnr` is `-Infinity`; a derivative that diverges at an
 * endpoint (e.g. dσ/dt = +∞ at t = 0 where σ_t ∝ √t, or dλ/dt = −∞ wherever λ is infinite) is returned as
 * `±Infinity`. Solvers that need finite values should stay inside (0, 1).
 *
 * @example
 * ```ts
 * const schedule: NoiseSchedule = new VPSchedule();
 * const t = 0.3;
 * const xt = schedule.alpha(t) * x + schedule.sigma(t) * z;                 // one coordinate, on the host
 * const lambda = schedule.logSnr(t);                                        // log(α² / σ²)
 * const tBack = timeAtLogSnr(schedule, lambda);                             // ≈ 0.3
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Kingma et al., "Variational Diffusion Models", NeurIPS 2021 (the log-SNR view).
 * @see Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
 *   NeurIPS 2022 (samplers in λ).
 */
export interface NoiseSchedule {
  /** A short identifier for messages and logs, e.g. `"vp"`. */
  readonly name: string;
  /**
   * The data coefficient α_t.
   *
   * @param t - Time in [0, 1].
   * @returns α_t ≥ 0.
   */
  alpha(t: number): number;
  /**
   * The noise coefficient σ_t.
   *
   * @param t - Time in [0, 1].
   * @returns σ_t ≥ 0.
   */
  sigma(t: number): number;
  /**
   * The exact derivative dα_t/dt.
   *
   * @param t - Time in [0, 1].
   * @returns dα/dt (may be ±Infinity at an endpoint).
   */
  dAlpha(t: number): number;
  /**
   * The exact derivative dσ_t/dt.
   *
   * @param t - Time in [0, 1].
   * @returns dσ/dt (may be +Infinity at t = 0).
   */
  dSigma(t: number): number;
  /**
   * The log signal-to-noise ratio λ_t = log(α_t² / σ_t²).
   *
   * @param t - Time in [0, 1].
   * @returns λ_t; `+Infinity` where σ_t = 0, `-Infinity` where α_t = 0.
   */
  logSnr(t: number): number;
  /**
   * The exact derivative dλ_t/dt = 2·(α̇_t/α_t − σ̇_t/σ_t), negative.
   *
   * @param t - Time in [0, 1].
   * @returns dλ/dt; `-Infinity` where λ_t is infinite.
   */
  dLogSnr(t: number): number;
  /**
   * Optional closed-form inverse of {@link NoiseSchedule.logSnr}: the t with λ_t = `lambda`.
   *
   * @remarks
   * A hook for {@link timeAtLogSnr}, which validates `lambda`, handles the endpoints, clamps the result to
   * [0, 1], and bisects when a schedule has no closed form. Call `timeAtLogSnr` rather than this method: it is
   * only required to be correct for finite `lambda` strictly between λ_1 and λ_0.
   *
   * @param lambda - A finite log-SNR strictly inside (λ_1, λ_0).
   * @returns The time t with λ_t = `lambda`, up to rounding.
   */
  inverseLogSnr?(lambda: number): number;
}
