/**
 * Benchmarks of @gen/backend-webgl, run by `pnpm bench` (from packages/backend-webgl: `node --import tsx
 * bench/run.ts`); results go to bench-results/backend-webgl.json at the repository root.
 *
 * Runs `bench/page.ts` in headless Chromium (WebGL 2 on SwiftShader, a CPU rasteriser, where there is no GPU: those
 * are not GPU numbers, but the ratios of variants measured alternately in the same run are meaningful), comparing
 * the fused `GenLinearCombination` kernel with `linearCombination`'s composite fallback (the kernel unregistered):
 * - the Runge–Kutta stage combination y + Σ cᵢkᵢ, k = 1…6, on [4096, 2] and [65536, 2] float32 tensors;
 * - a dopri5 solve of the 3×256 SiLU MLP field of `@gen/core/testing`, 1024 2-D points, t = 1 → 0, rtol = atol =
 *   1e-5 floored by `webglPrecisionSettings` (1.19e-5), with the bare cost of its field evaluations, and the same
 *   solve on wasm and cpu in the page;
 * - an Adam training step of that MLP at batch 256 on webgl, wasm and cpu.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, writeBenchResults } from '@gen/core/testing';
import { launchChromium } from '../src/testing/index.js';
import { bundlePage, runPage, servePage } from '../test/support/serve-page.js';
import type { BenchPageResult } from './page.js';

/** tfjs's wasm binaries (the package's `main` is in dist/, next to them), served where the page's setWasmPaths looks. */
const wasmDist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
const files = Object.fromEntries(
  ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => [
    `/wasm/${f}`,
    join(wasmDist, f),
  ]),
);

const served = await servePage(await bundlePage(fileURLToPath(new URL('./page.ts', import.meta.url))), {
  title: 'gen webgl benchmark',
  files,
});
const browser = await launchChromium();
let outcome: BenchPageResult;
try {
  ({ result: outcome } = await runPage<BenchPageResult>(browser, served.url, {
    timeoutMs: 1_800_000,
    // SwiftShader's "GPU stall due to ReadPixels" notes are expected: every timed call ends in a readback.
    onConsole: (line) => {
      if (!line.includes('GPU stall due to ReadPixels')) console.log(line);
    },
  }));
} finally {
  await browser.close();
  await served.close();
}
if (!outcome.ok) throw new Error(`The benchmark page failed: ${outcome.error}`);

console.log(
  `\nwebgl renderer: ${outcome.renderer}; GPU timer queries ${outcome.timerQuery ? 'available' : 'unavailable'}.` +
    (/swiftshader/i.test(outcome.renderer)
      ? '\nSwiftShader rasterises on the CPU: these are not GPU numbers, but the fused / composite ratios of this run are meaningful.'
      : ''),
);
const byName = new Map<string, Map<string, BenchResult>>();
for (const r of outcome.results) {
  const key = `${r.backend}: ${r.name}`;
  byName.set(key, (byName.get(key) ?? new Map()).set(r.variant, r));
}
for (const [name, variants] of byName) {
  const fused = variants.get('fused');
  const composite = variants.get('composite');
  if (fused && composite)
    console.log(`composite / fused = ${(composite.medianMs / fused.medianMs).toFixed(2)}×  ${name}`);
}
await writeBenchResults('backend-webgl', outcome.results);
