/**
 * U-Net speed next to PyTorch (GitHub issue 14, "Speed"), run by `pnpm bench` (from packages/train:
 * `node --import tsx bench/unet-speed.ts [backends, default cpu,wasm] [iterations]`); results in
 * bench-results/train-unet-speed.json. Timed calls per case: the iterations given, else 3 on wasm and 1 on cpu
 * (whose pure-JavaScript convolutions take minutes per training step; PyTorch gets 3).
 *
 * The larger MNIST U-Net documented in `UnetVectorFieldOptions` (`LARGER_MNIST` below: base 32, multipliers
 * [1, 2, 2], one res block per level, attention at 7×7: 1.1 M parameters; the default before the small one) at
 * batch 64:
 * - a training step: the conditional-flow-matching loss on fixed random data (x_t = (1 − t)·x + t·z, target
 *   z − x, the batch mean of ‖u(t, x_t) − (z − x)‖²), its gradients and one Adam(1e-3) update;
 * - sampling throughput: forward passes u(t, x) per second at batch 64 (what one step of any sampler costs).
 * On each tfjs backend given (cpu and wasm by default; where a training step fails, e.g. for want of a gradient
 * kernel such as wasm's `Conv2DBackpropFilter`, only the forward pass is timed and the output says why), next to the same architecture in PyTorch on
 * one thread, measured in the same invocation by bench/unet_speed_torch.py (the twin in python/gen_torch.py). Where
 * `/usr/bin/python3` cannot import torch, the figures recorded in bench/torch-unet-speed.json are used and marked
 * `torchSource: "recorded"`. Each result's `meta.ratio` is gen's time over PyTorch's (> 1: gen is slower).
 *
 * One profiled training step and forward pass per backend (`tf.profile`) lists the kernels that take the time,
 * printed and stored as `meta.topKernels` ("name ms share", summed over the kernel's calls).
 *
 * Measured 2026-12-05 on this kind of machine (2 cores shared with other jobs, load average about 10, so every
 * figure is slower than on a quiet machine, where PyTorch takes 1.86 s per step and 0.60 s per forward pass):
 * PyTorch 1.13 on one thread 4.13 s per training step and 1.38 s per forward pass (0.72 passes/s); gen on wasm
 * 18.9 s per step (4.6×) and 3.38 s per forward pass (0.30 passes/s, 2.4×); gen on cpu 542 s per step (131×) and
 * 131 s per forward pass (95×), its Conv2D and elementwise kernels being plain JavaScript loops (use wasm: gen's
 * `initBackend('auto')` prefers it and warns on cpu). What takes the time on wasm: Conv2D
 * (XNNPACK on one thread with 128-bit SIMD, where PyTorch runs oneDNN's AVX2 kernels) is about two thirds of the
 * forward pass, GroupNorm's composite (Mean, Sub, Multiply, Add: several full passes over each activation) about a
 * sixth, the attention's and dense layers' BatchMatMul a few percent. In a training step Conv2D is about half: the
 * U-Net's backward pass runs as forward convolutions (its `paddedConv2d`), the kernel gradient as one convolution
 * of the batch-transposed input by a 28×28 "filter" (dy), which XNNPACK handles poorly, plus the Transposes that
 * set it up; Sum (bias and GroupNorm gradients), Multiply, SplitV follow. Before that custom backward pass, wasm
 * could not train at all (tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter) and tfjs's cpu Conv2DBackpropFilter
 * took about 70× the forward convolution. Cheap candidates, measured alone on wasm at [64, 28, 28, 32]: conv + bias
 * as one `tf.fused.conv2d` saves about 10% of each convolution; GroupNorm folded into x·a + b (a = γ/√(σ² + ε),
 * b = β − μ·a) about 30% of each GroupNorm; together roughly a tenth of the forward pass.
 */
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initBackend, randomNormal, randomUniform } from '@gen/core';
import { type BenchResult, benchmark, writeBenchResults } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { type UnetVectorField, unetVectorField } from '../src/models/index.js';

/** The larger MNIST model of `UnetVectorFieldOptions`' remarks; the rest of its options are the defaults. */
const LARGER_MNIST = { baseChannels: 32, channelMultipliers: [1, 2, 2], attentionResolutions: [7], groups: 8 };
const BATCH = 64;
const IMAGE: [number, number, number] = [28, 28, 1];
const PYTHON = '/usr/bin/python3';
const backends = (process.argv[2] ?? 'cpu,wasm').split(',');
const ITERATIONS: Record<string, number> = { cpu: 1, wasm: 3 };
const given = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const iterationsOn = (backend: string) => given ?? ITERATIONS[backend] ?? 3;

/** PyTorch's figures: `unet_speed_torch.py`'s JSON, measured now or as recorded. */
interface TorchFigures {
  torch: string;
  threads: number;
  trainStepMs: number;
  forwardMs: number;
  forwardsPerSecond: number;
  source: 'measured now' | 'recorded';
}

function torchFigures(): TorchFigures {
  const script = fileURLToPath(new URL('./unet_speed_torch.py', import.meta.url));
  const run = spawnSync(PYTHON, [script, '--batch', String(BATCH), '--iterations', String(given ?? 3)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  const line = run.status === 0 ? run.stdout.trim().split('\n').at(-1) : undefined;
  if (line !== undefined) return { ...(JSON.parse(line) as TorchFigures), source: 'measured now' };
  const recorded = JSON.parse(
    readFileSync(new URL('./torch-unet-speed.json', import.meta.url), 'utf8'),
  ) as TorchFigures;
  const why = run.error?.message ?? run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`;
  console.log(`PyTorch not measured (${why.slice(0, 200)}): using the figures in bench/torch-unet-speed.json`);
  return { ...recorded, source: 'recorded' };
}

/**
 * The kernels that took the time in one profiled call: "name ms share%" for the top `count`, by total time. Only
 * registered kernels count: a `tf.customGrad` op (such as the U-Net's convolution) is profiled as an "unnamed
 * scope" that holds the kernels it runs, which are profiled too.
 */
async function topKernels(run: () => tf.TensorContainer, count = 8): Promise<string> {
  const profile = await tf.profile(() => run());
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

/** One Adam step of the CFM loss on fixed data; returns the loss (so the step has finished). */
function trainingStep(model: UnetVectorField, optimizer: tf.Optimizer, t: tf.Tensor, xt: tf.Tensor, target: tf.Tensor) {
  const loss = () =>
    tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(model.forwardTimes(t, xt), target)), [1, 2, 3])) as tf.Scalar);
  return optimizer.minimize(loss, true, [...model.variables]) as tf.Scalar;
}

const torch = torchFigures();
console.log(
  `PyTorch ${torch.torch} (${torch.threads} thread, ${torch.source}): training step ${torch.trainStepMs} ms, ` +
    `forward ${torch.forwardMs} ms (${torch.forwardsPerSecond.toFixed(2)} forward passes/s) at batch ${BATCH}`,
);
const results: BenchResult[] = [];
const name = (what: string) => `U-Net larger MNIST config, [${BATCH}, ${IMAGE.join(', ')}]: ${what}`;
const torchMeta = { torch: torch.torch, torchThreads: torch.threads, torchSource: torch.source };
for (const backend of backends) {
  await initBackend(backend); // with the kernels gen registers on it
  const model = unetVectorField({ ...LARGER_MNIST, imageShape: IMAGE, seed: 0 });
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
  const shape = [BATCH, ...IMAGE];
  const [x, z, t] = [randomNormal(shape, 1), randomNormal(shape, 2), randomUniform([BATCH], 3)];
  const [xt, target] = tf.tidy(() => {
    const tc = tf.reshape(t, [-1, 1, 1, 1]);
    return [tf.add(tf.mul(tf.sub(1, tc), x), tf.mul(tc, z)), tf.sub(z, x)];
  });

  const iterations = iterationsOn(backend);
  let step: BenchResult | undefined;
  let untrainable = '';
  try {
    step = await benchmark(
      name('CFM loss + Adam training step'),
      'gen',
      () => {
        const loss = trainingStep(model, optimizer, t, xt, target);
        loss.dataSync();
        loss.dispose();
      },
      { warmup: backend === 'cpu' ? 0 : 1, iterations },
    );
  } catch (error) {
    // e.g. tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter
    untrainable = (error instanceof Error ? error.message.split('\n')[0] : String(error))?.slice(0, 200) ?? '';
    console.log(`${backend}: no training step (${untrainable})`);
  }
  if (step !== undefined) {
    const kernels = await topKernels(() => trainingStep(model, optimizer, t, xt, target));
    step.meta = { batch: BATCH, torchMs: torch.trainStepMs, ratio: step.medianMs / torch.trainStepMs, ...torchMeta };
    step.meta.topKernels = kernels;
    results.push(step);
    console.log(
      `${backend} training step: ${step.medianMs.toFixed(0)} ms (PyTorch ${torch.trainStepMs} ms: ` +
        `${(step.medianMs / torch.trainStepMs).toFixed(1)}×)\n  kernels: ${kernels}`,
    );
  }
  const forward = await benchmark(
    name('forward pass u(t, x) (sampling)'),
    'gen',
    () => {
      const u = model(0.5, xt);
      u.dataSync();
      u.dispose();
    },
    { warmup: backend === 'cpu' ? 0 : 1, iterations },
  );
  const kernels = await topKernels(() => model(0.5, xt));
  forward.meta = {
    batch: BATCH,
    forwardsPerSecond: 1000 / forward.medianMs,
    torchForwardsPerSecond: torch.forwardsPerSecond,
    torchMs: torch.forwardMs,
    ratio: forward.medianMs / torch.forwardMs,
    trainingAvailable: step === undefined ? `no: ${untrainable}` : true,
    ...torchMeta,
    topKernels: kernels,
  };
  results.push(forward);
  console.log(
    `${backend} forward: ${forward.medianMs.toFixed(0)} ms, ${(1000 / forward.medianMs).toFixed(2)} forward passes/s ` +
      `(PyTorch ${torch.forwardsPerSecond.toFixed(2)}/s: ${(forward.medianMs / torch.forwardMs).toFixed(1)}×)\n` +
      `  kernels: ${kernels}`,
  );
  tf.dispose([x, z, t, xt, target]);
  optimizer.dispose();
  model.dispose();
}
for (const [what, ms] of [
  ['CFM loss + Adam training step', torch.trainStepMs],
  ['forward pass u(t, x) (sampling)', torch.forwardMs],
] as const) {
  results.push({
    name: name(what),
    variant: 'PyTorch twin',
    backend: `pytorch-cpu-${torch.threads}-thread`,
    medianMs: ms,
    opsPerSec: 1000 / ms,
    iterations: 1,
    samples: [ms],
    meta: { batch: BATCH, ...torchMeta },
  });
}
await writeBenchResults('train-unet-speed', results);
