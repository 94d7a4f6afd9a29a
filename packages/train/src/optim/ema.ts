import * as tf from '@tensorflow/tfjs';

/**
 * An exponential moving average of a model's weights: shadow ← dₖ·shadow + (1 − dₖ)·θ after update k.
 *
 * @remarks
 * Sampling from the averaged weights is the standard way to get smoother, better samples from flow and diffusion
 * models (score_sde uses d = 0.999). The shadow starts equal to the weights, and the decay warms up as
 * dₖ = min(d, (1 + k)/(10 + k)) (as TensorFlow's `ExponentialMovingAverage` with `num_updates`), so that short runs
 * are not dominated by the random initialisation.
 *
 * @example
 * ```ts
 * const ema = new Ema(model.variables, 0.999);
 * // after each optimiser step:
 * ema.update();
 * // to sample with the averaged weights:
 * ema.copyTo(model.variables);
 * ```
 * @see Polyak & Juditsky 1992; Song et al. 2021 (score-SDE, EMA 0.999).
 */
export class Ema {
  private readonly shadow: tf.Variable[];
  private updates = 0;

  /**
   * Starts the average at the variables' current values.
   *
   * @param variables - The weights to track (not owned).
   * @param decay - d ∈ [0, 1).
   */
  constructor(
    private readonly variables: readonly tf.Variable[],
    readonly decay: number,
  ) {
    this.shadow = tf.tidy(() => variables.map((w) => tf.variable(w.clone(), false)));
  }

  /** Folds the variables' current values into the average. */
  update(): void {
    const decay = Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
    this.updates += 1;
    tf.tidy(() => {
      this.shadow.forEach((s, i) => {
        s.assign(tf.add(tf.mul(s, decay), tf.mul(this.variables[i] as tf.Variable, 1 - decay)));
      });
    });
  }

  /**
   * Copies the averaged weights into `targets` (e.g. the model's own variables, to sample with them).
   *
   * @param targets - Variables of the same shapes, in order.
   */
  copyTo(targets: readonly tf.Variable[]): void {
    targets.forEach((t, i) => {
      t.assign(this.shadow[i] as tf.Variable);
    });
  }

  /**
   * The averaged weights, for a checkpoint.
   *
   * @returns Copies, one flat array per variable.
   */
  getValues(): Float32Array[] {
    return this.shadow.map((s) => s.dataSync() as Float32Array);
  }

  /**
   * Restores averaged weights read by {@link Ema.getValues}, and the number of updates they average.
   *
   * @param values - One flat array per variable.
   * @param updates - Updates folded in so far (sets the warm-up of the decay).
   */
  setValues(values: readonly Float32Array[], updates: number): void {
    this.updates = updates;
    tf.tidy(() => {
      this.shadow.forEach((s, i) => {
        s.assign(tf.tensor(values[i] as Float32Array, s.shape));
      });
    });
  }

  /** Frees the shadow variables. */
  dispose(): void {
    tf.dispose(this.shadow);
  }
}
