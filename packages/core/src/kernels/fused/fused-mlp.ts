import * as tf from '@tensorflow/tfjs';
import {
  type FusedMlpForwardAttrs,
  fusedTapeIsCurrent,
  GEN_MLP_BACKWARD,
  GEN_MLP_DIVERGENCE,
  GEN_MLP_FORWARD,
} from './mlp-kernels.js';
import type { FusedActivation, FusedMlpAttrs } from './mlp-layout.js';

/** One dense layer of a {@link FusedMlp}: y = x·kernel + bias. */
export interface FusedMlpLayer {
  /** Kernel [in, out], float32. */
  readonly kernel: tf.Tensor;
  /** Bias [out], float32. */
  readonly bias: tf.Tensor;
}

/**
 * An MLP vector field as the fused kernels compute it: h₀ = [x, e(t)], z_l = h_l·W_l + b_l, h_{l+1} = σ(z_l),
 * u = z_L, with e(t) = t, or [sin(2π f t), cos(2π f t)] given Fourier frequencies f.
 */
export interface FusedMlp {
  /** The dense layers in order; the last maps to D outputs (no activation). */
  readonly layers: readonly FusedMlpLayer[];
  /** σ of the hidden layers. */
  readonly activation: FusedActivation;
  /** The Fourier frequencies [K] of the time embedding, or undefined for e(t) = t. */
  readonly frequencies?: tf.Tensor | undefined;
}

/**
 * Whether gen's fused MLP kernels can serve the next forward pass: the active backend has them (registered by
 * `registerGenKernels` on `wasm` and `cpu` where WebAssembly shared memory is available) and at most one gradient
 * tape is recording.
 *
 * @remarks
 * The fused backward kernel is not itself differentiable, so under nested tapes (a gradient of a gradient, e.g. a
 * likelihood loss that takes vector–Jacobian products of the field) the composite must run instead.
 *
 * @returns `true` when {@link fusedMlpForward} and {@link fusedMlpDivergence} can run.
 * @example
 * ```ts
 * const u = fusedMlpAvailable() ? fusedMlpForward(mlp, t, x, false) : composite(t, x);
 * ```
 */
export function fusedMlpAvailable(): boolean {
  return tf.engine().state.gradientDepth <= 1 && tf.getKernel(GEN_MLP_FORWARD, tf.getBackend()) !== undefined;
}

/**
 * Whether {@link fusedMlpDivergence} can serve the next divergence: the backend has the fused kernels and no
 * gradient tape is recording (the fused divergence has no gradient; a loss that differentiates the divergence, such
 * as maximum likelihood with the closed form, needs the composite).
 *
 * @returns `true` when the fused divergence may run.
 * @example
 * ```ts
 * const div = fusedMlpDivergenceAvailable() ? fusedMlpDivergence(mlp, t, x) : composite(t, x);
 * ```
 */
export function fusedMlpDivergenceAvailable(): boolean {
  return !tf.engine().isTapeOn() && fusedMlpAvailable();
}

function attrsOf(mlp: FusedMlp): FusedMlpAttrs {
  return { activation: mlp.activation, layerCount: mlp.layers.length, fourier: mlp.frequencies !== undefined };
}

function inputsOf(mlp: FusedMlp, tensors: readonly tf.Tensor[]): tf.NamedTensorMap {
  const named: tf.NamedTensorMap = { t: tensors[0] as tf.Tensor, x: tensors[1] as tf.Tensor };
  let next = 2;
  if (mlp.frequencies !== undefined) named.frequencies = tensors[next++] as tf.Tensor;
  for (let l = 0; l < mlp.layers.length; l += 1) {
    named[`kernel${l}`] = tensors[next++] as tf.Tensor;
    named[`bias${l}`] = tensors[next++] as tf.Tensor;
  }
  return named;
}

/** ∂L/∂t and ∂L/∂f from ∂L/∂e(t) (the time-feature columns of ∂L/∂h₀). */
function timeGradients(
  t: tf.Tensor,
  frequencies: tf.Tensor | undefined,
  dFeatures: tf.Tensor,
): [tf.Tensor, tf.Tensor | undefined] {
  if (frequencies === undefined) return [tf.reshape(dFeatures, [-1]), undefined];
  const count = frequencies.shape[0] as number;
  const scaled = tf.mul(frequencies, 2 * Math.PI); // 2πf, as the embedding forms it
  const angles = tf.mul(tf.reshape(t, [-1, 1]), tf.reshape(scaled, [1, -1]));
  const [dSin, dCos] = tf.split(dFeatures, [count, count], 1) as [tf.Tensor, tf.Tensor];
  // ∂/∂angle of sin and cos, times the incoming gradients: dSin·cos a − dCos·sin a, [N, K].
  const dAngle = tf.sub(tf.mul(dSin, tf.cos(angles)), tf.mul(dCos, tf.sin(angles)));
  const dt = tf.sum(tf.mul(dAngle, tf.reshape(scaled, [1, -1])), 1);
  const dFrequencies = tf.mul(tf.sum(tf.mul(dAngle, tf.reshape(t, [-1, 1])), 0), 2 * Math.PI);
  return [dt, dFrequencies];
}

/**
 * u(tₙ, xₙ) of an MLP in one fused kernel call, differentiable with respect to every input by the fused backward
 * kernel.
 *
 * @remarks
 * Runs {@link GEN_MLP_FORWARD} (all layers, time embedding included, in one pass over row blocks). Under a
 * gradient tape the forward pass keeps its pre-activations and activations (the tape, in the fused kernels' memory:
 * no copy out and back), and the gradient runs
 * {@link GEN_MLP_BACKWARD} on them: ∂L/∂W_l = h_lᵀ·∂L/∂z_l, ∂L/∂b_l = Σ_rows ∂L/∂z_l, ∂L/∂h_l = ∂L/∂z_l·W_lᵀ,
 * then ∂L/∂x, ∂L/∂t and ∂L/∂f from ∂L/∂h₀. Equal to the composite (matMul, add, activation per layer) to float32
 * rounding. Only where {@link fusedMlpAvailable}.
 *
 * @param mlp - The network; its tensors are not disposed.
 * @param t - Times [N], float32; not disposed.
 * @param x - Points [N, D], float32; not disposed.
 * @param keepTape - Whether to keep the tape for a backward pass (training) in the fused kernels' memory; without
 *   it, or when a later forward pass with a tape replaced it, the gradient recomputes it.
 * @returns u [N, D], owned by the caller.
 * @example
 * ```ts
 * const u = fusedMlpForward({ layers: [{ kernel, bias }], activation: 'silu' }, t, x, false);
 * ```
 */
export function fusedMlpForward(mlp: FusedMlp, t: tf.Tensor, x: tf.Tensor, keepTape: boolean): tf.Tensor {
  const weights = mlp.layers.flatMap(({ kernel, bias }) => [kernel, bias]);
  const tensors = [t, x, ...(mlp.frequencies === undefined ? [] : [mlp.frequencies]), ...weights];
  const attrs = attrsOf(mlp);
  const run = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const inputs = args as tf.Tensor[];
    const forwardAttrs: FusedMlpForwardAttrs = { ...attrs, tape: keepTape };
    const [u, tape] = tf
      .engine()
      .runKernel(GEN_MLP_FORWARD, inputsOf(mlp, inputs), forwardAttrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    // Variables (the weights) are read by reference at the backward pass, as tfjs's own kernels keep them; `save`
    // would copy each one on wasm. The other inputs, and the tape's token, are saved.
    const kept = inputs.filter((input) => !(input instanceof tf.Variable));
    save(tape === undefined ? kept : [...kept, tape]);
    tape?.dispose();
    return {
      value: u as tf.Tensor,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        if (tf.engine().isTapeOn()) {
          throw new Error('fusedMlpForward: its gradient is not differentiable; check fusedMlpAvailable() first.');
        }
        let next = 0;
        const given = inputs.map((input) => (input instanceof tf.Variable ? input : (saved[next++] as tf.Tensor)));
        const named = inputsOf(mlp, given);
        let savedTape = saved[next];
        // No tape kept, or a later forward pass replaced it in the kernels' memory: run the forward pass again.
        if (savedTape === undefined || !fusedTapeIsCurrent(savedTape)) {
          const again = tf
            .engine()
            .runKernel(GEN_MLP_FORWARD, named, { ...attrs, tape: true } as unknown as tf.NamedAttrMap) as tf.Tensor[];
          savedTape = again[1] as tf.Tensor;
        }
        const gradients = tf
          .engine()
          .runKernel(
            GEN_MLP_BACKWARD,
            { ...named, tape: savedTape, dy: dy as tf.Tensor },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        const dInput = gradients.pop() as tf.Tensor;
        const [rows, dim] = (given[1] as tf.Tensor).shape as [number, number];
        const dx = tf.slice(dInput, [0, 0], [rows, dim]);
        const dFeatures = tf.slice(dInput, [0, dim], [rows, -1]);
        const [dt, dFrequencies] = timeGradients(given[0] as tf.Tensor, named.frequencies, dFeatures);
        return [dt, dx, ...(dFrequencies === undefined ? [] : [dFrequencies]), ...gradients];
      },
    };
  });
  return run(...tensors);
}

/**
 * The exact divergence ∇·u(t, xₙ) = tr ∂u/∂x of an MLP per point, fused: forward-mode Jacobian (the tangents
 * T_{l+1} = σ'(z_l) ⊙ (T_l·W_l) from T₀ = [I_D, 0], then Σ_{i,k} T_L[i, k]·W_L[k, i]) with the forward pass in one
 * kernel call ({@link GEN_MLP_DIVERGENCE}). Not differentiable: only where {@link fusedMlpDivergenceAvailable}.
 *
 * @param mlp - The network; not disposed.
 * @param t - Times [N], float32; not disposed.
 * @param x - Points [N, D], float32; not disposed.
 * @returns ∇·u [N], owned by the caller.
 * @example
 * ```ts
 * const div = fusedMlpDivergence(mlp, tf.fill([n], 0.5), x);
 * ```
 */
export function fusedMlpDivergence(mlp: FusedMlp, t: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const weights = mlp.layers.flatMap(({ kernel, bias }) => [kernel, bias]);
  const tensors = [t, x, ...(mlp.frequencies === undefined ? [] : [mlp.frequencies]), ...weights];
  return tf
    .engine()
    .runKernel(GEN_MLP_DIVERGENCE, inputsOf(mlp, tensors), attrsOf(mlp) as unknown as tf.NamedAttrMap) as tf.Tensor;
}
