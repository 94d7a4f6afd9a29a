import { fusedAdamAvailable, fusedAdamUpdate } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';

/** Adam's hyperparameters. */
export interface AdamOptions {
  /** β₁, the decay of the first moment (default 0.9). */
  beta1?: number;
  /** β₂, the decay of the second moment (default 0.999). */
  beta2?: number;
  /** ε added to √v̂ (default 1e-7, explicit so that every backend, WebGL's 16-bit floats included, agrees). */
  epsilon?: number;
}

/** Adam's state, as plain arrays: what a checkpoint stores. */
export interface AdamState {
  /** Updates applied so far. */
  step: number;
  /** First moments, one per variable (flattened). */
  m: Float32Array[];
  /** Second moments, one per variable (flattened). */
  v: Float32Array[];
}

/**
 * The Adam optimiser with an explicit, serialisable state and a per-step learning rate.
 *
 * @remarks
 * m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵏ), v̂ = v/(1 − β₂ᵏ).
 * Unlike `tf.train.adam`, the learning rate is passed to every `apply` (so schedules need no optimiser rebuild) and
 * the moments can be read and restored exactly (so a resumed run continues bit for bit). Where the backend has gen's
 * fused kernels (wasm, cpu) one `GenAdamUpdate` call updates every variable, with the same float32 results as the
 * composite.
 *
 * @example
 * ```ts
 * const adam = new Adam(model.variables);
 * const { grads } = tf.variableGrads(() => objective.loss(model, batch, seed));
 * adam.apply(model.variables.map((v) => grads[v.name]!), 1e-3);
 * ```
 * @see Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
 */
export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private stepCount = 0;

  /**
   * Creates zeroed moments for the variables.
   *
   * @param variables - The parameters to optimise (not owned).
   * @param options - β₁, β₂, ε.
   */
  constructor(
    private readonly variables: readonly tf.Variable[],
    options: AdamOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.m = tf.tidy(() => variables.map((w) => tf.variable(tf.zerosLike(w), false)));
    this.v = tf.tidy(() => variables.map((w) => tf.variable(tf.zerosLike(w), false)));
  }

  /** The number of updates applied. */
  get step(): number {
    return this.stepCount;
  }

  /**
   * Applies one update.
   *
   * @param gradients - One gradient per variable, same order and shapes; not disposed.
   * @param learningRate - This step's learning rate.
   */
  apply(gradients: readonly tf.Tensor[], learningRate: number): void {
    this.stepCount += 1;
    const correction1 = 1 - this.beta1 ** this.stepCount;
    const correction2 = 1 - this.beta2 ** this.stepCount;
    if (fusedAdamAvailable()) {
      // One fused kernel for every variable, in the composite's float32 operation order (equal bit for bit).
      const constants = {
        beta1: this.beta1,
        oneMinusBeta1: 1 - this.beta1,
        beta2: this.beta2,
        oneMinusBeta2: 1 - this.beta2,
        correction1,
        correction2,
        epsilon: this.epsilon,
        learningRate,
      };
      tf.tidy(() => {
        const next = fusedAdamUpdate(this.variables, gradients, this.m, this.v, constants);
        this.variables.forEach((w, i) => {
          w.assign(next.params[i] as tf.Tensor);
          (this.m[i] as tf.Variable).assign(next.m[i] as tf.Tensor);
          (this.v[i] as tf.Variable).assign(next.v[i] as tf.Tensor);
        });
      });
      return;
    }
    tf.tidy(() => {
      this.variables.forEach((w, i) => {
        const g = gradients[i] as tf.Tensor;
        const m = this.m[i] as tf.Variable;
        const v = this.v[i] as tf.Variable;
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const denominator = tf.add(tf.sqrt(tf.div(v, correction2)), this.epsilon);
        w.assign(tf.sub(w, tf.mul(tf.div(tf.div(m, correction1), denominator), learningRate)));
      });
    });
  }

  /**
   * Reads the state for a checkpoint.
   *
   * @returns The step and copies of the moments.
   */
  getState(): AdamState {
    return {
      step: this.stepCount,
      m: this.m.map((t) => t.dataSync() as Float32Array),
      v: this.v.map((t) => t.dataSync() as Float32Array),
    };
  }

  /**
   * Restores a state read by {@link Adam.getState}.
   *
   * @param state - The saved step and moments (shapes must match the variables).
   */
  setState(state: AdamState): void {
    this.stepCount = state.step;
    tf.tidy(() => {
      this.m.forEach((m, i) => {
        m.assign(tf.tensor(state.m[i] as Float32Array, m.shape));
      });
      this.v.forEach((v, i) => {
        v.assign(tf.tensor(state.v[i] as Float32Array, v.shape));
      });
    });
  }

  /** Frees the moment variables. */
  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
