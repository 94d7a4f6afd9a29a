/**
 * Browser conformance page for the fused webgl kernels, bundled by esbuild into an IIFE and driven by
 * `test/webgl.test.ts` in headless Chromium. Writes a {@link ConformanceResult} to `window.__result` (and renders
 * it into the page for the screenshot).
 */
import { GEN_LINEAR_COMBINATION, linearCombination } from '@gen/core';
import { odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { genLinearCombinationConfig, initWebgl, type WebglCapabilities, webglCapabilities } from '../../src/index.js';
import type { CaseResult, ConformanceResult, GradientResult, OrderResult } from './result.js';

declare global {
  interface Window {
    __result?: ConformanceResult;
  }
}

/** Fused-kernel invocations, counted by wrapping the registered kernel. */
let fusedCalls = 0;

function countFusedCalls(): void {
  tf.unregisterKernel(GEN_LINEAR_COMBINATION, 'webgl');
  tf.registerKernel({
    ...genLinearCombinationConfig,
    kernelFunc: (args) => {
      fusedCalls += 1;
      return genLinearCombinationConfig.kernelFunc(args);
    },
  });
}

/** Deterministic values in [−1, 1) (a 32-bit LCG), exactly representable in float32. */
function randomValues(n: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** The composite tfjs computes without a fused kernel: addN of scaled terms (as in `@gen/core`'s fallback). */
function composite(base: tf.Tensor, terms: tf.Tensor[], coefficients: number[]): tf.Tensor {
  return tf.tidy(() => tf.addN([base, ...terms.map((t, i) => tf.mul(t, coefficients[i] as number))]));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 1) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

function memory(): { tensors: number; buffers: number } {
  const m = tf.memory();
  return { tensors: m.numTensors, buffers: m.numDataBuffers };
}

async function forwardCase(shape: number[], termCount: number, seed: number): Promise<CaseResult> {
  const size = tf.util.sizeFromShape(shape);
  const baseValues = randomValues(size, seed);
  const termValues = Array.from({ length: termCount }, (_, i) => randomValues(size, seed * 31 + i + 1));
  // Irregular coefficients such as h·aᵢⱼ of a Runge–Kutta tableau (none 0 or 1, so every term is scaled).
  const coefficients = Array.from({ length: termCount }, (_, i) => ((i % 2 === 0 ? 1 : -1) * (i + 1.37)) / 7.3);
  const base = tf.tensor(baseValues, shape);
  const terms = termValues.map((v) => tf.tensor(v, shape));

  const before = memory();
  const callsBefore = fusedCalls;
  const fused = linearCombination(base, terms, coefficients);
  const calls = fusedCalls - callsBefore;
  const fusedData = await fused.data();
  fused.dispose();
  const after = memory();
  const reference = composite(base, terms, coefficients);
  const compositeData = await reference.data();
  reference.dispose();

  // float64 host reference, and the magnitude scale |base| + Σ|cᵢ||termᵢ| the rounding error is relative to.
  const exact = new Float64Array(size);
  let scale = 0;
  for (let j = 0; j < size; j += 1) {
    let v = baseValues[j] as number;
    let s = Math.abs(v);
    for (let i = 0; i < termCount; i += 1) {
      const t = (termValues[i] as Float32Array)[j] as number;
      v += (coefficients[i] as number) * t;
      s += Math.abs((coefficients[i] as number) * t);
    }
    exact[j] = v;
    scale = Math.max(scale, s);
  }
  tf.dispose([base, ...terms]);
  return {
    shape,
    termCount,
    fusedCalls: calls,
    scale,
    fusedVsComposite: maxAbsDiff(fusedData, compositeData),
    fusedVsExact: maxAbsDiff(fusedData, exact),
    compositeVsExact: maxAbsDiff(compositeData, exact),
    leakedTensors: after.tensors - before.tensors,
    leakedBuffers: after.buffers - before.buffers,
  };
}

async function gradientCase(): Promise<GradientResult> {
  const shape = [4, 6];
  const size = 24;
  const coefficients = [0.375, -1.25, 2.5];
  const base = tf.tensor(randomValues(size, 7), shape);
  const terms = [11, 12, 13].map((s) => tf.tensor(randomValues(size, s), shape));
  const weights = tf.tensor(randomValues(size, 99), shape);
  const loss =
    (combine: (b: tf.Tensor, ts: tf.Tensor[]) => tf.Tensor) =>
    (...xs: tf.Tensor[]) =>
      tf.sum(tf.mul(tf.square(combine(xs[0] as tf.Tensor, xs.slice(1))), weights));

  const before = memory();
  const callsBefore = fusedCalls;
  const fusedGrads = tf.grads(loss((b, ts) => linearCombination(b, ts, coefficients)))([base, ...terms]);
  const calls = fusedCalls - callsBefore;
  const fusedData = await Promise.all(fusedGrads.map((g) => g.data()));
  tf.dispose(fusedGrads);
  const after = memory();
  const compositeGrads = tf.grads(loss((b, ts) => composite(b, ts, coefficients)))([base, ...terms]);
  const compositeData = await Promise.all(compositeGrads.map((g) => g.data()));
  tf.dispose(compositeGrads);

  let maxAbsError = 0;
  let maxAbsGradient = 0;
  for (const [i, g] of fusedData.entries()) {
    maxAbsError = Math.max(maxAbsError, maxAbsDiff(g, compositeData[i] as ArrayLike<number>));
    for (const v of g) maxAbsGradient = Math.max(maxAbsGradient, Math.abs(v));
  }
  tf.dispose([base, ...terms, weights]);
  return {
    fusedCalls: calls,
    maxAbsError,
    maxAbsGradient,
    leakedTensors: after.tensors - before.tensors,
    leakedBuffers: after.buffers - before.buffers,
  };
}

/**
 * Global error of a fixed-step solve of the harmonic oscillator y'' = −y (state [N, 2], exact solution a rotation)
 * over [0, T] for several step counts, and the least-squares slope of log error against log h.
 */
async function orderCase(
  method: string,
  expected: number,
  horizon: number,
  stepCounts: number[],
): Promise<OrderResult> {
  const phases = [0, 0.7, 1.9, 3.1];
  const y0 = tf.tensor2d(phases.map((p) => [Math.cos(p), Math.sin(p)]));
  const rotation = tf.tensor2d([
    [0, -1],
    [1, 0],
  ]);
  const f = (_t: number, y: tf.Tensor) => tf.matMul(y, rotation);
  const exact = phases.flatMap((p) => [Math.cos(p - horizon), Math.sin(p - horizon)]);
  const hs: number[] = [];
  const errors: number[] = [];
  const before = memory();
  const callsBefore = fusedCalls;
  for (const n of stepCounts) {
    const h = horizon / n;
    const { ys } = await odeint(f, y0, [0, horizon], { method, stepSize: h });
    const final = ys.slice([1], [1]);
    const data = await final.data();
    tf.dispose([ys, final]);
    hs.push(h);
    errors.push(maxAbsDiff(data, exact));
  }
  const calls = fusedCalls - callsBefore;
  const after = memory();
  tf.dispose([y0, rotation]);
  const xs = hs.map(Math.log);
  const ls = errors.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ls.reduce((a, b) => a + b, 0) / ls.length;
  let num = 0;
  let den = 0;
  for (const [i, x] of xs.entries()) {
    num += (x - mx) * ((ls[i] as number) - my);
    den += (x - mx) ** 2;
  }
  return {
    method,
    expected,
    horizon,
    hs,
    errors,
    slope: num / den,
    fusedCalls: calls,
    leakedTensors: after.tensors - before.tensors,
  };
}

async function main(): Promise<ConformanceResult> {
  await initWebgl();
  countFusedCalls();
  const capabilities: WebglCapabilities = webglCapabilities();
  const cases: CaseResult[] = [];
  const plan: Array<[number[], number]> = [
    [[], 1],
    [[7], 1],
    [[7], 2],
    [[3, 5], 3],
    [[2, 3, 4, 5], 4],
    [[64, 33], 6],
    [[2, 2, 2, 2, 2, 3], 7],
    [[1000], 12],
    [[129, 257], 13],
  ];
  for (const [i, [shape, k]] of plan.entries()) cases.push(await forwardCase(shape, k, i + 1));
  const gradient = await gradientCase();
  const orders = [
    // Float32 textures resolve errors down to ~1e-6, so rk4 can use asymptotic step sizes (h = 0.5 … 0.125);
    // half-float textures (~1e-3) need larger steps and errors, where the slope is pre-asymptotic (≈ 3.8).
    capabilities.textureFloatBits === 32
      ? await orderCase('rk4', 4, 10, [20, 28, 40, 56, 80])
      : await orderCase('rk4', 4, 20, [16, 20, 24, 32, 40]),
    await orderCase('midpoint', 2, 4, [16, 24, 32, 48, 64]),
    await orderCase('euler', 1, 2, [32, 48, 64, 96, 128]),
  ];
  return {
    ok: true,
    backend: tf.getBackend(),
    capabilities,
    cases,
    gradient,
    orders,
    finalTensors: tf.memory().numTensors,
  };
}

function show(result: ConformanceResult): void {
  const pre = document.createElement('pre');
  pre.style.font = '12px monospace';
  pre.textContent = JSON.stringify(result, null, 1);
  document.body.replaceChildren(pre);
}

main()
  .then((result) => {
    show(result);
    window.__result = result;
  })
  .catch((error: unknown) => {
    const result: ConformanceResult = {
      ok: false,
      error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error),
    };
    show(result);
    window.__result = result;
  });
