import { conversionCoefficients, type PredictionType } from '@gen/core';
import { evaluateField } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess, ScoreFunction } from '../processes/process.js';

/**
 * A trained diffusion model: called with a JS-number time t ∈ (0, 1] and a batch x_t ([N, D] points or
 * [N, H, W, C] images), it returns a new float32 tensor of the same shape, owned by the caller, and never disposes
 * x_t. What it predicts is given separately as a {@link ModelPrediction}.
 *
 * @example
 * ```ts
 * const model: DiffusionModel = (t, x) => network.apply(tf.concat([x, tf.fill([x.shape[0], 1], t)], 1));
 * ```
 */
export type DiffusionModel = (t: number, x: tf.Tensor) => tf.Tensor;

/**
 * What a {@link DiffusionModel} predicts: `'score'` ∇log p_t(x_t), or `'noise'` the ε of x_t = α_t·x_0 + σ_t·ε
 * (ε-prediction), related by score = −ε/σ_t.
 */
export type ModelPrediction = Extract<PredictionType, 'score' | 'noise'>;

/** Every {@link ModelPrediction}, for validation. */
export const MODEL_PREDICTIONS: readonly ModelPrediction[] = ['score', 'noise'];

/** What a sampler needs from a model: the score, the noise ε̂, or the data estimate x̂_0 = (x − σ_t·ε̂)/α_t. */
export type PredictionTarget = Extract<PredictionType, 'score' | 'noise' | 'data'>;

/**
 * Wraps a model so that samplers can ask for any {@link PredictionTarget}, and counts its evaluations.
 *
 * @remarks
 * Each target is a per-time linear map a·output + b·x_t whose float64 weights come from `conversionCoefficients`
 * of `@gen/core` on the process's {@link DiffusionProcess.schedule} (the one conversion code path, shared with
 * `AffinePath.convert`): ε̂ = output or −σ_t·output (score model), score = −ε̂/σ_t, x̂_0 = (x_t − σ_t·ε̂)/α_t.
 * The model is called through `evaluateField` of `@gen/core` (inside `tf.tidy`): its output must be a tensor
 * shaped like x_t with x_t's dtype, returned synchronously, and is disposed after the conversion.
 *
 * @example
 * ```ts
 * const adapter = new ModelAdapter(new VPSDE(), model, 'noise');
 * const x0Hat = adapter.predict('data', 0.5, xt);   // (x_t − σ·ε̂)/α
 * adapter.nfe;                                      // 1
 * ```
 */
export class ModelAdapter {
  private evaluations = 0;

  /**
   * Wraps `model` for `process`; nothing is evaluated until {@link ModelAdapter.predict} is called.
   *
   * @param process - The process whose schedule (α_t, σ_t) defines the conversions.
   * @param model - The model.
   * @param prediction - What the model predicts.
   */
  constructor(
    private readonly process: DiffusionProcess,
    private readonly model: DiffusionModel,
    private readonly prediction: ModelPrediction,
  ) {}

  /** The number of model evaluations so far. */
  get nfe(): number {
    return this.evaluations;
  }

  /**
   * Evaluates the model at (t, x) and converts its output to `target`.
   *
   * @param target - The quantity wanted.
   * @param t - Time in (0, 1].
   * @param x - The batch x_t, any shape ([N, D], [N, H, W, C]); not disposed.
   * @returns The prediction, shaped like `x`, owned by the caller.
   * @throws `ShapeError` / `InvalidArgumentError` naming `model` when its output is not a float32 tensor shaped
   *   like `x`.
   */
  predict(target: PredictionTarget, t: number, x: tf.Tensor): tf.Tensor {
    const [onOutput, onX] = conversionCoefficients(this.process.schedule, this.prediction, target, t);
    return tf.tidy(() => {
      const output = evaluateField(this.model, t, x, 'model');
      this.evaluations += 1;
      const scaled = tf.mul(output, onOutput);
      return onX === 0 ? scaled : tf.add(scaled, tf.mul(x, onX));
    });
  }

  /**
   * The model as a score function, for {@link DiffusionProcess.reverse} and
   * {@link DiffusionProcess.probabilityFlow}.
   *
   * @returns s(t, x) = `predict('score', t, x)`.
   */
  score(): ScoreFunction {
    return (t, x) => this.predict('score', t, x);
  }
}
