/**
 * Browser conformance page for the webgl backend, bundled by esbuild into an IIFE and driven by
 * `test/webgl.test.ts` in headless Chromium: the kernel conformance suite of `@gen/core/testing` (cpu reference)
 * and the solver conformance suite of `@gen/ode/testing` on webgl, plus what is specific to the fused kernel (one
 * kernel call per combination, its precision against float64). Writes a {@link ConformanceResult} to
 * `window.__result` (and renders it into the page for the screenshot).
 */
import { linearCombination } from '@gen/core';
import { GEN_LINEAR_COMBINATION } from '@gen/core/internal';
import { KERNEL_CASES, measureLeaks, runKernelConformance } from '@gen/core/testing';
import { runSolverConformance } from '@gen/ode/testing';
import * as tf from '@tensorflow/tfjs';
import { initWebgl, type WebglCapabilities, webglCapabilities } from '../../src/index.js';
import { genLinearCombinationConfig } from '../../src/internal.js';
import type { ConformanceResult, FusedCaseResult, KernelCaseOutcome } from './result.js';

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

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 1) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

async function fusedCase(shape: number[], termCount: number, seed: number): Promise<FusedCaseResult> {
  const size = tf.util.sizeFromShape(shape);
  const baseValues = randomValues(size, seed);
  const termValues = Array.from({ length: termCount }, (_, i) => randomValues(size, seed * 31 + i + 1));
  // Irregular coefficients such as h·aᵢⱼ of a Runge–Kutta tableau (none 0 or 1, so every term is scaled).
  const coefficients = Array.from({ length: termCount }, (_, i) => ((i % 2 === 0 ? 1 : -1) * (i + 1.37)) / 7.3);
  const base = tf.tensor(baseValues, shape);
  const terms = termValues.map((v) => tf.tensor(v, shape));

  const callsBefore = fusedCalls;
  const {
    value: fusedData,
    leakedTensors,
    leakedDataBuffers,
  } = await measureLeaks(async () => {
    const fused = linearCombination(base, terms, coefficients);
    const data = await fused.data();
    fused.dispose();
    return data;
  });
  const calls = fusedCalls - callsBefore;

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
    fusedVsExact: maxAbsDiff(fusedData, exact),
    leakedTensors,
    leakedDataBuffers,
  };
}

/** The kernel conformance suite on webgl against cpu, one case at a time to count the fused-kernel calls of each. */
async function kernelCases(): Promise<KernelCaseOutcome[]> {
  const outcomes: KernelCaseOutcome[] = [];
  for (const kernelCase of KERNEL_CASES) {
    const before = fusedCalls;
    const [result] = await runKernelConformance({ backend: 'webgl', reference: 'cpu', cases: [kernelCase] });
    if (result === undefined) throw new Error(`runKernelConformance returned no result for ${kernelCase.name}`);
    outcomes.push({ ...result, fusedCalls: fusedCalls - before });
  }
  return outcomes;
}

async function main(): Promise<ConformanceResult> {
  await initWebgl();
  // tfjs runs small ops (< 128 entries, inputs not yet on the GPU) with its cpu code unless this is off; the suites'
  // tensors are that small, so without it many cases would test tfjs's cpu kernels instead of the shaders.
  tf.env().set('WEBGL_CPU_FORWARD', false);
  countFusedCalls();
  const capabilities: WebglCapabilities = webglCapabilities();
  const fusedCases: FusedCaseResult[] = [];
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
  for (const [i, [shape, k]] of plan.entries()) fusedCases.push(await fusedCase(shape, k, i + 1));
  const kernel = await kernelCases();
  const before = fusedCalls;
  const solver = await runSolverConformance({ backend: 'webgl' });
  return {
    ok: true,
    backend: tf.getBackend(),
    capabilities,
    fusedCases,
    kernelCases: kernel,
    solver,
    solverFusedCalls: fusedCalls - before,
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
