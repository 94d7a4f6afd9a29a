import * as tf from '@tensorflow/tfjs';
import { backendFloats, backendOutput, FUSED_BACKENDS } from './backend-floats.js';
import { BufferLayout, fusedRuntime } from './fused-runtime.js';
import { runFusedRows } from './fused-threads.js';

/**
 * The fused Adam kernel: one update of many parameters at once. Inputs (float32): `param{i}`, `grad{i}`, `m{i}`,
 * `v{i}` for i < count, each group of one shape; attributes {@link AdamConstants} and `count`. Outputs: the new
 * params, then the new m, then the new v, in input order.
 */
export const GEN_ADAM_UPDATE = 'GenAdamUpdate';

/**
 * The float32 constants of one Adam update, formed on the host as the optimiser being matched forms them:
 * m ← m·β₁ + g·(1 − β₁); v ← v·β₂ + g²·(1 − β₂); θ ← (m/c₁)/(√(v/c₂) + ε)·(−lr) + θ.
 */
export interface AdamConstants {
  /** β₁ and 1 − β₁ (rounded to float32 as the optimiser rounds them). */
  beta1: number;
  oneMinusBeta1: number;
  /** β₂ and 1 − β₂. */
  beta2: number;
  oneMinusBeta2: number;
  /** The bias corrections c₁ = 1 − β₁ᵏ and c₂ = 1 − β₂ᵏ of step k. */
  correction1: number;
  correction2: number;
  /** ε. */
  epsilon: number;
  /** The learning rate (the kernel multiplies by its negation). */
  learningRate: number;
}

function adamUpdate({ inputs, attrs, backend: anyBackend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const backend = anyBackend as tf.KernelBackend;
  const constants = attrs as unknown as AdamConstants & { count: number };
  const runtime = fusedRuntime();
  const groups = ['param', 'grad', 'm', 'v'] as const;
  const infos = groups.map((group) =>
    Array.from({ length: constants.count }, (_, i) => inputs[`${group}${i}`] as tf.TensorInfo),
  );
  const sizes = (infos[0] as tf.TensorInfo[]).map((info) => tf.util.sizeFromShape(info.shape));
  const total = sizes.reduce((a, b) => a + b, 0);
  const layout = new BufferLayout(runtime.callBase);
  const at = groups.map(() => layout.take(total));
  const heap = runtime.reserve(layout.end);
  for (const [g, group] of infos.entries()) {
    let offset = (at[g] as number) / 4;
    for (const [i, info] of group.entries()) {
      heap.set(backendFloats(backend, info), offset);
      offset += sizes[i] as number;
    }
  }
  const f = Math.fround;
  const args = [
    at[0] as number,
    at[1] as number,
    at[2] as number,
    at[3] as number,
    f(constants.beta1),
    f(constants.oneMinusBeta1),
    f(constants.beta2),
    f(constants.oneMinusBeta2),
    f(constants.correction1),
    f(constants.correction2),
    f(constants.epsilon),
    -f(constants.learningRate),
  ];
  // About a dozen float operations per element.
  runFusedRows('gen_adam_update', total, 16, () => args);
  const outputs: tf.TensorInfo[] = [];
  for (const g of [0, 2, 3]) {
    let offset = (at[g] as number) / 4;
    for (const [i, info] of (infos[0] as tf.TensorInfo[]).entries()) {
      const size = sizes[i] as number;
      outputs.push(backendOutput(backend, info.shape, heap.subarray(offset, offset + size)));
      offset += size;
    }
  }
  return outputs;
}

/** The fused Adam kernel for each backend it runs on (`wasm`, `cpu`). */
export const FUSED_ADAM_KERNEL_CONFIGS: readonly tf.KernelConfig[] = FUSED_BACKENDS.map((backendName) => ({
  kernelName: GEN_ADAM_UPDATE,
  backendName,
  kernelFunc: adamUpdate as unknown as tf.KernelFunc,
}));

/**
 * Whether the active backend has the fused Adam kernel.
 *
 * @returns `true` when {@link fusedAdamUpdate} can run.
 * @example
 * ```ts
 * if (fusedAdamAvailable()) fusedAdamUpdate(params, grads, m, v, constants);
 * ```
 */
export function fusedAdamAvailable(): boolean {
  return tf.getKernel(GEN_ADAM_UPDATE, tf.getBackend()) !== undefined;
}

/**
 * One Adam update of many parameters in a single fused kernel call, in the float32 operation order of tfjs's
 * composite (so the results equal it bit for bit given the same constants).
 *
 * @param params - The parameters θ; not disposed.
 * @param grads - Their gradients, same shapes; not disposed.
 * @param m - First moments, same shapes; not disposed.
 * @param v - Second moments, same shapes; not disposed.
 * @param constants - β₁, β₂, their complements, the bias corrections, ε and the learning rate.
 * @returns The new parameters, first moments and second moments (new tensors owned by the caller; assign them).
 * @example
 * ```ts
 * const next = fusedAdamUpdate(variables, grads, m, v, constants);
 * variables.forEach((w, i) => w.assign(next.params[i]));
 * ```
 */
export function fusedAdamUpdate(
  params: readonly tf.Tensor[],
  grads: readonly tf.Tensor[],
  m: readonly tf.Tensor[],
  v: readonly tf.Tensor[],
  constants: AdamConstants,
): { params: tf.Tensor[]; m: tf.Tensor[]; v: tf.Tensor[] } {
  const inputs: tf.NamedTensorMap = {};
  for (let i = 0; i < params.length; i += 1) {
    inputs[`param${i}`] = params[i] as tf.Tensor;
    inputs[`grad${i}`] = grads[i] as tf.Tensor;
    inputs[`m${i}`] = m[i] as tf.Tensor;
    inputs[`v${i}`] = v[i] as tf.Tensor;
  }
  const attrs = { ...constants, count: params.length } as unknown as tf.NamedAttrMap;
  const outputs = tf.engine().runKernel(GEN_ADAM_UPDATE, inputs, attrs) as tf.Tensor[];
  const count = params.length;
  return { params: outputs.slice(0, count), m: outputs.slice(count, 2 * count), v: outputs.slice(2 * count) };
}
