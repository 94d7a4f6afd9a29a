/**
 * The benchmark page of @gen/backend-webgl, bundled by esbuild and driven in headless Chromium by `bench/run.ts`;
 * writes a {@link BenchPageResult} to `window.__result` and logs its progress to the console.
 *
 * Fused (`GenLinearCombination` registered) and composite (the kernel unregistered: `linearCombination` falls back
 * to k `mul`s and one `addN`) run alternately, round by round, so both see the same load. Timings are wall time
 * with readback: query timers (`tf.time`'s `kernelMs`) are missing on SwiftShader, where tfjs then reports CPU-side
 * dispatch time instead of GPU work, while `await data()` waits for every queued shader to finish.
 */
import { linearCombination, randomNormal } from '@gen/core';
import { GEN_LINEAR_COMBINATION } from '@gen/core/internal';
import { type BenchResult, benchmark, benchmarkVariants, randomMlpField } from '@gen/core/testing';
import { odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initWebgl, webglCapabilities, webglPrecisionSettings } from '../src/index.js';
import { genLinearCombinationConfig } from '../src/internal.js';

/** What the page reports: the results, and the device they ran on. */
export type BenchPageResult =
  | { ok: true; renderer: string; timerQuery: boolean; results: BenchResult[] }
  | { ok: false; error: string };

/** Combinations chained per timed call (then one readback), so the readback's fixed cost is spread over them. */
const CHAIN = 16;
const results: BenchResult[] = [];
let meta: Record<string, string | number | boolean> = {};

/** Runs `fn` with the fused kernel unregistered, so `linearCombination` takes its composite path. */
async function composite(fn: () => Promise<void>): Promise<void> {
  tf.unregisterKernel(GEN_LINEAR_COMBINATION, 'webgl');
  try {
    await fn();
  } finally {
    tf.registerKernel(genLinearCombinationConfig);
  }
}

/** Kernels `fn` dispatches through the engine (the fused kernel's internal reshapes are not dispatched). */
async function kernelCount(fn: () => tf.Tensor | Promise<tf.Tensor>): Promise<number> {
  const info = await tf.profile(fn);
  tf.dispose(info.result as tf.Tensor);
  return info.kernels.length;
}

async function stageCombinations(): Promise<void> {
  for (const n of [4096, 65536]) {
    const base = randomNormal([n, 2], 10);
    const all = Array.from({ length: 6 }, (_, i) => randomNormal([n, 2], 11 + i));
    for (let k = 1; k <= 6; k += 1) {
      const terms = all.slice(0, k);
      // h·aᵢⱼ-like coefficients: irregular, none 0 or 1 (linearCombination skips 0 and does not scale by 1).
      const coefficients = terms.map((_, i) => (0.01 * (i % 2 === 0 ? 1 : -1) * (i + 1.37)) / 7.3);
      const run = async () => {
        let y = base;
        for (let c = 0; c < CHAIN; c += 1) {
          const next = linearCombination(y, terms, coefficients);
          if (y !== base) y.dispose();
          y = next;
        }
        await y.data();
        y.dispose();
      };
      const name = `y + Σcᵢkᵢ, k = ${k}, [${n}, 2], ${CHAIN} chained + 1 readback`;
      const once = () => linearCombination(base, terms, coefficients);
      const kernels = { fused: await kernelCount(once), composite: 0 };
      await composite(async () => {
        kernels.composite = await kernelCount(once);
      });
      const pair = await benchmarkVariants(
        name,
        [
          ['fused', run],
          ['composite', () => composite(run)],
        ],
        { warmup: 3, rounds: n > 4096 ? 9 : 15, meta },
      );
      for (const r of pair) {
        const kernelsPerCombination = r.variant === 'fused' ? kernels.fused : kernels.composite;
        r.meta = { ...r.meta, terms: k, elements: 2 * n, chain: CHAIN, kernelsPerCombination };
      }
      results.push(...pair);
      const [fused, comp] = pair as [BenchResult, BenchResult];
      console.log(
        `${name}: fused ${fused.medianMs.toFixed(2)} ms, composite ${comp.medianMs.toFixed(2)} ms (${(comp.medianMs / fused.medianMs).toFixed(2)}×)`,
      );
    }
    tf.dispose([base, ...all]);
  }
}

/** rtol = atol = 1e-5, floored by webglPrecisionSettings (1.19e-5 on float32 textures). */
function tolerance(): number {
  const { minRtol, minAtol } = webglPrecisionSettings();
  return Math.max(1e-5, minRtol, minAtol);
}

interface SolveOutcome {
  nfe: number;
  accepted: number;
  rejected: number;
  /** The end state y(0), [1024, 2] flattened. */
  end: Float32Array;
}

async function solves(tol: number): Promise<void> {
  const name = `dopri5 solve, 3×256 SiLU MLP field, 1024 2-D points, t = 1 → 0, rtol = atol = ${tol.toPrecision(3)}`;
  const mlp = randomMlpField({ dim: 2, seed: 1 });
  const x0 = randomNormal([1024, 2], 3);
  const outcomes = new Map<string, SolveOutcome>();
  const outcome = (variant: string): SolveOutcome => {
    const o = outcomes.get(variant);
    if (o === undefined) throw new Error(`no ${variant} solve ran`);
    return o;
  };
  const solve = (variant: string) => async () => {
    const { ys, stats } = await odeint(mlp.field, x0, [1, 0], { method: 'dopri5', rtol: tol, atol: tol });
    const data = (await ys.data()) as Float32Array;
    outcomes.set(variant, { ...stats, end: data.subarray(data.length / 2) });
    ys.dispose();
  };
  // The solve's field evaluations alone (as many as the fused solve made; the last one read back).
  const bare = async () => {
    const nfe = outcome('fused').nfe;
    for (let i = 1; i < nfe; i += 1) tf.dispose(mlp.field(1 - i / nfe, x0));
    const y = mlp.field(0, x0);
    await y.data();
    y.dispose();
  };
  if (tf.getBackend() === 'webgl') {
    const once = async () => (await odeint(mlp.field, x0, [1, 0], { method: 'dopri5', rtol: tol, atol: tol })).ys;
    const kernels: Record<string, number> = { fused: await kernelCount(once) };
    await composite(async () => {
      kernels.composite = await kernelCount(once);
    });
    const timed = await benchmarkVariants(
      name,
      [
        ['fused', solve('fused')],
        ['composite', () => composite(solve('composite'))],
        ['NFE bare field evaluations', bare],
      ],
      { warmup: 2, rounds: 7, meta },
    );
    const fused = outcome('fused');
    const comp = outcome('composite');
    const difference = fused.end.reduce((m, v, i) => Math.max(m, Math.abs(v - (comp.end[i] as number))), 0);
    for (const r of timed) {
      const { nfe, accepted, rejected } = outcomes.get(r.variant) ?? fused;
      r.meta = { ...r.meta, nfe, accepted, rejected, maxEndDifferenceFusedVsComposite: difference };
      if (kernels[r.variant] !== undefined) r.meta.kernelsPerSolve = kernels[r.variant] as number;
    }
    results.push(...timed);
    const [f, c, b] = timed as [BenchResult, BenchResult, BenchResult];
    console.log(
      `webgl solve: fused ${f.medianMs.toFixed(0)} ms, composite ${c.medianMs.toFixed(0)} ms ` +
        `(${(c.medianMs / f.medianMs).toFixed(2)}×), ${fused.nfe} bare evaluations ${b.medianMs.toFixed(0)} ms; ` +
        `NFE ${fused.nfe} / ${comp.nfe}, kernels ${kernels.fused} / ${kernels.composite}, ` +
        `end states differ by ≤ ${difference.toExponential(1)}`,
    );
  } else {
    const cheap = tf.getBackend() === 'wasm';
    // No fused kernel on this backend: linearCombination takes the composite path.
    const r = await benchmark(name, 'composite', solve('fused'), {
      warmup: cheap ? 1 : 0,
      iterations: cheap ? 3 : 1,
      meta,
    });
    const { nfe, accepted, rejected } = outcome('fused');
    r.meta = { ...r.meta, nfe, accepted, rejected };
    results.push(r);
    console.log(`${tf.getBackend()} solve: ${r.medianMs.toFixed(0)} ms, NFE ${nfe}`);
  }
  tf.dispose(x0);
  mlp.dispose();
}

async function trainingStep(adamEpsilon: number): Promise<void> {
  const source = randomMlpField({ dim: 2, seed: 1 });
  const variables = source.weights.map((w) => tf.variable(w));
  source.dispose();
  const x = randomNormal([256, 3], 4);
  const target = randomNormal([256, 2], 5);
  const optimizer: tf.Optimizer = tf.train.adam(1e-3, 0.9, 0.999, adamEpsilon);
  const loss = () =>
    tf.tidy(() => {
      let h: tf.Tensor = x;
      for (let l = 0; l < variables.length; l += 2) {
        h = tf.add(tf.matMul(h, variables[l] as tf.Tensor), variables[l + 1] as tf.Tensor);
        if (l + 2 < variables.length) h = tf.mul(h, tf.sigmoid(h));
      }
      return tf.mean(tf.square(tf.sub(h, target))) as tf.Scalar;
    });
  const cpu = tf.getBackend() === 'cpu';
  const r = await benchmark(
    'training step (forward + backward + Adam), 3×256 SiLU MLP, batch 256',
    'adam',
    async () => {
      const { value, grads } = tf.variableGrads(loss, variables);
      optimizer.applyGradients(grads);
      await value.data();
      tf.dispose([value, ...Object.values(grads)]);
    },
    { warmup: cpu ? 1 : 3, iterations: cpu ? 3 : 10, meta: { ...meta, adamEpsilon } },
  );
  results.push(r);
  console.log(`${tf.getBackend()} training step: ${r.medianMs.toFixed(1)} ms`);
  optimizer.dispose();
  tf.dispose([x, target, ...variables]);
}

async function wasmFlavour(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threads' : 'one thread: the page is not cross-origin isolated'})`;
}

function rendererName(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
}

async function main(): Promise<BenchPageResult> {
  setWasmPaths('/wasm/');
  await initWebgl();
  const renderer = rendererName();
  const timerQuery = tf.env().getNumber('WEBGL_DISJOINT_QUERY_TIMER_EXTENSION_VERSION') > 0;
  const gpu = !/swiftshader|llvmpipe|software/i.test(renderer);
  const bits = webglCapabilities().textureFloatBits;
  meta = { device: `WebGL ${tf.env().getNumber('WEBGL_VERSION')} on ${renderer}`, gpu, textureFloatBits: bits };
  console.log(`webgl: ${meta.device}${gpu ? '' : ' (a CPU rasteriser: not GPU numbers; ratios within this run hold)'}`);
  await stageCombinations();
  const tol = tolerance();
  const adamEpsilon = webglPrecisionSettings().adamEpsilon;
  await solves(tol);
  await trainingStep(adamEpsilon);
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    meta = { device: backend === 'wasm' ? await wasmFlavour() : 'cpu (plain JS)', gpu: false };
    await solves(tol);
    await trainingStep(webglPrecisionSettings(32).adamEpsilon);
  }
  return { ok: true, renderer, timerQuery, results };
}

main()
  .then((result) => {
    (window as { __result?: BenchPageResult }).__result = result;
  })
  .catch((error: unknown) => {
    (window as { __result?: BenchPageResult }).__result = {
      ok: false,
      error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
    };
  });
