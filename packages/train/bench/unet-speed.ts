/**
 * U-Net speed next to PyTorch (GitHub issue 14, "Speed"), run by `pnpm bench` (from packages/train:
 * `node --import tsx bench/unet-speed.ts [backends, default wasm,cpu,webgl] [iterations] [configuration label]`);
 * a label given runs only that configuration, on every backend given; results in
 * bench-results/train-unet-speed.json.
 *
 * A training step (the conditional-flow-matching loss on fixed random data, its gradients and one Adam(1e-3)
 * update) and a forward pass u(t, x) (what one step of any sampler costs; reported as forward passes per second) at
 * batch 64 on 28×28×1 images (bench/unet-speed-measure.ts), for the U-Net configurations below: `UNET_DEFAULTS`,
 * the 1.1 M-parameter model (base 32, multipliers [1, 2, 2], attention at 7×7) and a small one (base 16, [1, 2]),
 * each once (configurations equal to the defaults are dropped). wasm runs every configuration; cpu (plain
 * JavaScript kernels: minutes per step) and webgl run `UNET_DEFAULTS` only. webgl runs in headless Chromium
 * (/usr/bin/chromium; bench/unet-speed-page.ts, served as @gen/backend-webgl's benchmark page is, with that
 * package's faster Conv2DBackpropFilter), where there is no GPU on SwiftShader, a CPU rasteriser: not GPU numbers.
 *
 * Next to each, the same architecture in PyTorch on one thread, measured in the same invocation by
 * bench/unet_speed_torch.py (the twin in python/gen_torch.py, given the same options). Where `/usr/bin/python3`
 * cannot import torch, the figures recorded in bench/torch-unet-speed.json for that configuration are used and
 * marked `torchSource: "recorded"`. Each result's `meta.ratio` is gen's time over PyTorch's (> 1: gen is slower).
 * On wasm and cpu one profiled training step and forward pass (`tf.profile`) list the kernels that take the time,
 * printed and stored as `meta.stepKernels` / `meta.forwardKernels` ("name ms share", summed over calls).
 *
 * Measured 2026-12-05 on this kind of machine (2 cores shared by several jobs, load average 10–16: absolute times
 * vary by up to 2× between runs, PyTorch's included; compare within one run), batch 64:
 * - base 32, [1, 2, 2] (1.1 M parameters): PyTorch 3.53 s per step and 0.47 s per forward pass; wasm 21.5 s per
 *   step (6.1×) and 2.77 s per forward pass (5.9×). The step's kernels: Conv2DBackpropFilter ≈ 35%,
 *   Conv2DBackpropInput ≈ 17%, Conv2D ≈ 15%, then Sum, BatchMatMul, Multiply, SplitV (the gradient of the skip
 *   concatenations), Identity, Add a few percent each; the forward pass: Conv2D 66%, BatchMatMul 9%, GroupNorm's
 *   Mean, Sub, Add and Multiply about 20% together.
 * - base 16, [1, 2] (164 k parameters): PyTorch 1.00 s and 0.14 s; wasm 5.19 s (5.2×) and 1.24 s (8.6×). Here the
 *   14×14 attention of the middle block (196 positions: tfjs-backend-wasm runs batched matrix products as a plain
 *   loop, not XNNPACK) is 23% of the forward pass and GroupNorm's Mean (8 groups of 2 channels) 20%.
 * - webgl on SwiftShader (no GPU), base 16, [1, 2]: 107 s per step and 22.7 s per forward pass (PyTorch in that run
 *   3.2 s and 0.19 s); with tfjs's own Conv2DBackpropFilter shader instead of @gen/backend-webgl's, 215 s per step.
 * What makes the ratio large is the convolutions: XNNPACK on one thread with 128-bit SIMD against oneDNN's AVX2
 * kernels, about two thirds of every pass. Before gen's conv gradient kernels (the U-Net's own forward-convolution
 * gradient, tfjs-backend-wasm's looped Conv2DBackpropInput), the same sequential runs gave wasm 22.0 s per step at
 * 1.1 M parameters and 10.5 s at base 16 (after: 14.0–21.5 s and 5.2–7.2 s), and cpu (batch 8, base 16) 21.4 s
 * (after 16.9 s); core's bench/conv-filter-gradient.ts compares the kernels themselves, interleaved.
 */
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@gen/core';
import { type BenchResult, writeBenchResults } from '@gen/core/testing';
import { UNET_DEFAULTS } from '../src/models/unet/index.js';
import { measureUnetSpeed, type UnetSpeedConfig, type UnetSpeedMeasurement } from './unet-speed-measure.js';
import type { UnetSpeedPageJob, UnetSpeedPageResult } from './unet-speed-page.js';

const BATCH = 64;
const PYTHON = '/usr/bin/python3';
const backends = (process.argv[2] ?? 'wasm,cpu,webgl').split(',');
const given = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const ITERATIONS: Record<string, number> = { cpu: 1, wasm: 3, webgl: 1 };
const iterationsOn = (backend: string) => given ?? ITERATIONS[backend] ?? 3;

/** The larger MNIST model documented in `UnetVectorFieldOptions` (the default before the small one). */
const LARGER_MNIST = {
  ...UNET_DEFAULTS,
  baseChannels: 32,
  channelMultipliers: [1, 2, 2],
  attentionResolutions: [7],
  groups: 8,
};
const CONFIGS: UnetSpeedConfig[] = [
  { label: 'UNET_DEFAULTS', options: { ...UNET_DEFAULTS } },
  { label: 'base 32, [1, 2, 2], attention at 7', options: LARGER_MNIST },
  { label: 'base 16, [1, 2]', options: { ...LARGER_MNIST, baseChannels: 16, channelMultipliers: [1, 2] } },
].filter((config, i, all) => all.findIndex((c) => JSON.stringify(c.options) === JSON.stringify(config.options)) === i);
const chosen = process.argv[4] === undefined ? undefined : CONFIGS.filter((c) => c.label === process.argv[4]);
if (chosen?.length === 0)
  throw new Error(
    `bench: no configuration "${process.argv[4]}"; there are ${CONFIGS.map((c) => `"${c.label}"`).join(', ')}.`,
  );
const configsOn = (backend: string) => chosen ?? (backend === 'wasm' ? CONFIGS : CONFIGS.slice(0, 1));

/** PyTorch's figures for one configuration: `unet_speed_torch.py`'s JSON, measured now or as recorded. */
interface TorchFigures {
  torch: string;
  threads: number;
  trainStepMs: number;
  forwardMs: number;
  forwardsPerSecond: number;
  parameters?: number;
  source: 'measured now' | 'recorded';
}

function torchFigures(config: UnetSpeedConfig): TorchFigures | undefined {
  const script = fileURLToPath(new URL('./unet_speed_torch.py', import.meta.url));
  const options = JSON.stringify(config.options);
  const args = [script, '--batch', String(BATCH), '--iterations', String(given ?? 3), '--config', options];
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', timeout: 900_000 });
  const line = run.status === 0 ? run.stdout.trim().split('\n').at(-1) : undefined;
  if (line !== undefined) return { ...(JSON.parse(line) as TorchFigures), source: 'measured now' };
  const recorded = JSON.parse(readFileSync(new URL('./torch-unet-speed.json', import.meta.url), 'utf8')) as {
    figures: (TorchFigures & { config: object; batch: number })[];
  };
  const why = (run.error?.message ?? run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`).slice(0, 200);
  const match = recorded.figures.find((f) => JSON.stringify(f.config) === options && f.batch === BATCH);
  console.log(`PyTorch not measured for ${config.label} (${why}): ${match ? 'recorded figures' : 'none recorded'}`);
  return match === undefined ? undefined : { ...match, source: 'recorded' };
}

/**
 * What this bench uses of @gen/backend-webgl's browser-bench tooling (its `launchChromium` and the page server of
 * its own benchmark, bench/run.ts), loaded from that package's sources at run time: @gen/train does not depend on
 * @gen/backend-webgl, and the tooling needs its dev dependencies (esbuild, playwright-core).
 */
interface BrowserBench {
  launchChromium(): Promise<{ close(): Promise<void> }>;
  bundlePage(entry: string): Promise<string>;
  servePage(
    script: string,
    options: { title: string; files: Record<string, string> },
  ): Promise<{ url: string; close(): Promise<void> }>;
  runPage<T>(
    browser: unknown,
    url: string,
    options: { timeoutMs: number; onConsole: (line: string) => void },
  ): Promise<{ result: T }>;
}

async function browserBench(): Promise<BrowserBench> {
  const from = (path: string) => import(new URL(`../../backend-webgl/${path}`, import.meta.url).href);
  const [launch, serve] = await Promise.all([from('src/testing/index.ts'), from('test/support/serve-page.ts')]);
  return { ...launch, ...serve } as BrowserBench;
}

/** Runs the webgl configurations in headless Chromium through bench/unet-speed-page.ts. */
async function measureOnWebgl(configs: UnetSpeedConfig[]): Promise<UnetSpeedMeasurement[]> {
  const { launchChromium, bundlePage, servePage, runPage } = await browserBench();
  const wasmDist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  const files = Object.fromEntries(
    ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => [`/wasm/${f}`, join(wasmDist, f)]),
  );
  const page = await bundlePage(fileURLToPath(new URL('./unet-speed-page.ts', import.meta.url)));
  const served = await servePage(page, { title: 'gen U-Net speed', files });
  const browser = await launchChromium();
  try {
    const job: UnetSpeedPageJob = { configs, batch: BATCH, iterations: iterationsOn('webgl') };
    const url = `${served.url}#${encodeURIComponent(JSON.stringify(job))}`;
    const { result } = await runPage<UnetSpeedPageResult>(browser, url, {
      timeoutMs: 3_600_000,
      onConsole: (line) => {
        if (!line.includes('GPU stall due to ReadPixels')) console.log(line);
      },
    });
    if (!result.ok) throw new Error(`the webgl page failed: ${result.error}`);
    console.log(`webgl renderer: ${result.renderer}`);
    return result.measurements;
  } finally {
    await browser.close();
    await served.close();
  }
}

const torch = new Map<string, TorchFigures | undefined>();
for (const config of new Set(backends.flatMap(configsOn))) {
  const figures = torchFigures(config);
  torch.set(config.label, figures);
  if (figures !== undefined) {
    console.log(
      `PyTorch ${figures.torch} (${figures.threads} thread, ${figures.source}), ${config.label}: training step ` +
        `${figures.trainStepMs} ms, forward ${figures.forwardMs} ms (${figures.forwardsPerSecond.toFixed(2)}/s)`,
    );
  }
}

const results: BenchResult[] = [];
const describe = (config: UnetSpeedConfig, parameters: number) =>
  `${config.label} (${JSON.stringify(config.options)}, ${parameters} parameters)`;
for (const backend of backends) {
  const configs = configsOn(backend);
  let measurements: UnetSpeedMeasurement[];
  if (backend === 'webgl') {
    measurements = await measureOnWebgl(configs);
  } else {
    await initBackend(backend); // with the kernels gen registers on it
    measurements = [];
    for (const config of configs) {
      const options = { iterations: iterationsOn(backend), warmup: backend === 'cpu' ? 0 : 1, profile: true };
      measurements.push(await measureUnetSpeed(config, BATCH, options));
    }
  }
  for (const [i, { step, forward, parameters, stepKernels, forwardKernels }] of measurements.entries()) {
    const config = configs[i] as UnetSpeedConfig;
    const reference = torch.get(config.label);
    const common = { backend, config: JSON.stringify(config.options), parameters, batch: BATCH };
    const versus = (ms: number, torchMs: number | undefined) =>
      torchMs === undefined ? {} : { torchMs, ratio: ms / torchMs, torchSource: reference?.source ?? '' };
    step.meta = { ...common, ...versus(step.medianMs, reference?.trainStepMs) };
    forward.meta = {
      ...common,
      forwardsPerSecond: 1000 / forward.medianMs,
      ...versus(forward.medianMs, reference?.forwardMs),
    };
    if (stepKernels !== undefined) step.meta.stepKernels = stepKernels;
    if (forwardKernels !== undefined) forward.meta.forwardKernels = forwardKernels;
    step.variant = forward.variant = `gen on ${backend}`;
    results.push(step, forward);
    const ratio = (ms: number, torchMs: number | undefined) =>
      torchMs === undefined ? '' : ` (PyTorch ${torchMs} ms: ${(ms / torchMs).toFixed(2)}×)`;
    console.log(
      `${backend}, ${describe(config, parameters)}:\n` +
        `  training step ${step.medianMs.toFixed(0)} ms${ratio(step.medianMs, reference?.trainStepMs)}\n` +
        `  forward ${forward.medianMs.toFixed(0)} ms = ${(1000 / forward.medianMs).toFixed(2)} passes/s` +
        `${ratio(forward.medianMs, reference?.forwardMs)}` +
        (stepKernels === undefined ? '' : `\n  step kernels: ${stepKernels}\n  forward kernels: ${forwardKernels}`),
    );
  }
}
for (const [label, figures] of torch) {
  if (figures === undefined) continue;
  for (const [what, ms] of [
    ['CFM loss + Adam training step', figures.trainStepMs],
    ['forward pass u(t, x) (sampling)', figures.forwardMs],
  ] as const) {
    results.push({
      name: `U-Net ${label}, [${BATCH}, 28, 28, 1]: ${what}`,
      variant: 'PyTorch twin',
      backend: `pytorch-cpu-${figures.threads}-thread`,
      medianMs: ms,
      opsPerSec: 1000 / ms,
      iterations: 1,
      samples: [ms],
      meta: { batch: BATCH, torch: figures.torch, torchSource: figures.source },
    });
  }
}
await writeBenchResults('train-unet-speed', results);
