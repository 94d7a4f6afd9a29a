/**
 * The U-Net speed measurement shared by bench/unet-speed.ts (wasm and cpu, in Node) and bench/unet-speed-page.ts
 * (webgl, in headless Chromium): one training step and one forward pass of a U-Net, in PyTorch's recipe
 * (bench/unet_speed_torch.py). Browser-safe: no Node imports.
 */
import { randomNormal, randomUniform } from '@gen/core';
import { type BenchResult, benchmark } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { type UnetVectorField, type UnetVectorFieldOptions, unetVectorField } from '../src/models/unet/index.js';

/** One U-Net configuration of the bench: its label and the options given to `unetVectorField` (besides the shape). */
export interface UnetSpeedConfig {
  readonly label: string;
  readonly options: Omit<UnetVectorFieldOptions, 'imageShape'>;
}

/** What one backend measured for one configuration. */
export interface UnetSpeedMeasurement {
  readonly step: BenchResult;
  readonly forward: BenchResult;
  readonly parameters: number;
  /** "name ms share%" of the kernels of one profiled training step and forward pass, when profiled. */
  readonly stepKernels?: string;
  readonly forwardKernels?: string;
}

/** The images of the bench: MNIST's shape. */
export const UNET_SPEED_IMAGE: readonly [number, number, number] = [28, 28, 1];

/**
 * The kernels that took the time in one profiled call: "name ms share%" for the top `count`, by total time. Only
 * registered kernels count (a `tf.customGrad` op is profiled as an "unnamed scope" holding the kernels it runs).
 */
async function topKernels(run: () => tf.TensorContainer, count = 10): Promise<string> {
  const profile = await tf.profile(() => run());
  tf.dispose(profile.result as tf.TensorContainer);
  const totals = new Map<string, number>();
  for (const kernel of profile.kernels.filter(({ name }) => tf.getKernel(name, tf.getBackend()) !== undefined)) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    totals.set(kernel.name, (totals.get(kernel.name) ?? 0) + ms);
  }
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms ${((100 * ms) / all).toFixed(0)}%`)
    .join(', ');
}

/** One Adam step of the CFM loss on fixed data; returns the loss (so the step has finished once it is read). */
function trainingStep(model: UnetVectorField, optimizer: tf.Optimizer, t: tf.Tensor, xt: tf.Tensor, target: tf.Tensor) {
  const loss = () =>
    tf.tidy(
      () =>
        tf.mean(
          tf.sum(tf.square(tf.sub(model.forwardTimes(t, xt, undefined, { training: true }), target)), [1, 2, 3]),
        ) as tf.Scalar,
    );
  return optimizer.minimize(loss, true, [...model.variables]) as tf.Scalar;
}

/**
 * Times a training step (CFM loss on fixed random data x_t = (1 − t)·x + t·z, target z − x, its gradients and one
 * Adam(1e-3) update) and a forward pass u(0.5, x) of a seeded U-Net on the active backend, each call read back.
 *
 * @param config - The U-Net.
 * @param batch - Images per call.
 * @param options - Timed calls, untimed warm-up calls, the Adam ε (1e-7 as PyTorch's recipe; larger on webgl's
 *   16-bit textures) and whether to profile one call of each.
 * @returns The two results (backend `gen`) and the profiles.
 */
export async function measureUnetSpeed(
  config: UnetSpeedConfig,
  batch: number,
  options: { iterations: number; warmup: number; adamEpsilon?: number; profile: boolean },
): Promise<UnetSpeedMeasurement> {
  const model = unetVectorField({ imageShape: UNET_SPEED_IMAGE, ...config.options });
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, options.adamEpsilon ?? 1e-7);
  const shape = [batch, ...UNET_SPEED_IMAGE];
  const [x, z, t] = [randomNormal(shape, 1), randomNormal(shape, 2), randomUniform([batch], 3)];
  const [xt, target] = tf.tidy(() => {
    const tc = tf.reshape(t, [-1, 1, 1, 1]);
    return [tf.add(tf.mul(tf.sub(1, tc), x), tf.mul(tc, z)), tf.sub(z, x)];
  });
  const name = (what: string) => `U-Net ${config.label}, [${shape.join(', ')}]: ${what}`;
  try {
    const timing = { warmup: options.warmup, iterations: options.iterations };
    const step = await benchmark(
      name('CFM loss + Adam training step'),
      'gen',
      async () => {
        const loss = trainingStep(model, optimizer, t, xt, target);
        await loss.data();
        loss.dispose();
      },
      timing,
    );
    const forward = await benchmark(
      name('forward pass u(t, x) (sampling)'),
      'gen',
      async () => {
        const u = model(0.5, xt);
        await u.data();
        u.dispose();
      },
      timing,
    );
    const parameters = model.variables.reduce((n, v) => n + v.size, 0);
    if (!options.profile) return { step, forward, parameters };
    const stepKernels = await topKernels(() => trainingStep(model, optimizer, t, xt, target));
    const forwardKernels = await topKernels(() => model(0.5, xt));
    return { step, forward, parameters, stepKernels, forwardKernels };
  } finally {
    tf.dispose([x, z, t, xt, target]);
    optimizer.dispose();
    model.dispose();
  }
}
