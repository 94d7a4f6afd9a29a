import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GEN_LINEAR_COMBINATION } from '@gen/core/internal';
import { describeKernelFailures, KERNEL_CASES } from '@gen/core/testing';
import { describeSolverFailures } from '@gen/ode/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/testing/index.js';
import type { ConformanceResult, ConformanceSuccess } from './browser/result.js';
import { bundlePage, runPage, type ServedPage, servePage } from './support/serve-page.js';

const PAGE_ENTRY = fileURLToPath(new URL('./browser/page.ts', import.meta.url));
const OUTPUT_DIR = fileURLToPath(new URL('../../../test-output/', import.meta.url));

let served: ServedPage | undefined;
let browser: Browser | undefined;
let result: ConformanceResult | undefined;
let setupError: Error | undefined;
const consoleLines: string[] = [];

async function runConformancePage(): Promise<ConformanceResult> {
  const script = await bundlePage(PAGE_ENTRY);
  expect(script.length).toBeGreaterThan(0);
  served = await servePage(script, { title: 'gen webgl conformance' });
  browser = await launchChromium();
  const { page, result: r } = await runPage<ConformanceResult>(browser, served.url, {
    timeoutMs: 240_000,
    onConsole: (line) => consoleLines.push(line),
    viewport: { width: 900, height: 1400 },
  });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: `${OUTPUT_DIR}webgl-conformance.png`, fullPage: true });
  writeFileSync(`${OUTPUT_DIR}webgl-conformance.json`, `${JSON.stringify(r, null, 1)}\n`);
  if (r.ok) console.log(summary(r));
  return r;
}

/** The worst kernel cases by scaled error and the solver slopes, for the test log (all of it is in the JSON file). */
function summary(r: ConformanceSuccess): string {
  const worst = [...r.kernelCases].sort((a, b) => b.maxScaledError - a.maxScaledError).slice(0, 8);
  return [
    'worst kernel cases on webgl (cpu reference):',
    ...worst.map(
      (c) => `  ${c.name}: max abs error ${c.maxAbsError.toExponential(2)}, ${c.maxScaledError.toFixed(3)}× tolerance`,
    ),
    'solver orders on webgl (forward / backward slope):',
    ...r.solver.orders.map(
      (o) => `  ${o.method} (${o.expectedOrder}): ${o.slope.toFixed(3)} / ${o.backwardSlope.toFixed(3)}`,
    ),
    `adaptive dopri5: end error ${r.solver.adaptive?.endError.toExponential(2)}, ${r.solver.adaptive?.nfe} evaluations`,
  ].join('\n');
}

// A setup failure (no Chromium, a bundling or launch error) fails every test with its message rather than skipping.
beforeAll(async () => {
  try {
    result = await runConformancePage();
  } catch (error) {
    setupError = error instanceof Error ? error : new Error(String(error));
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

function success(): ConformanceSuccess {
  if (setupError !== undefined) throw setupError;
  if (result === undefined) throw new Error('The conformance page produced no result.');
  if (!result.ok) throw new Error(`The conformance page failed: ${result.error}\n${consoleLines.join('\n')}`);
  return result;
}

/** Unit roundoff of the textures tensors live in (tfjs's floatPrecision() says 16 even for float32 textures). */
function unitRoundoff(r: ConformanceSuccess): number {
  return r.capabilities.textureFloatBits === 32 ? 2 ** -23 : 2 ** -10;
}

describe('@gen/backend-webgl in headless Chromium', () => {
  it('runs on a real WebGL backend', () => {
    const r = success();
    expect(r.backend).toBe('webgl');
    expect(r.capabilities.webglVersion).toBeGreaterThanOrEqual(1);
    expect([16, 32]).toContain(r.capabilities.floatPrecisionBits);
  });

  it('fused GenLinearCombination is one kernel call within the float32 bound of a float64 reference, without leaks', () => {
    const r = success();
    // Tolerance: (k + 1) unit roundoffs of the texture precision (2⁻²³ for float32, 2⁻¹⁰ for half floats),
    // relative to the scale max(|base| + Σ|cᵢ·termᵢ|): the standard bound for a sum of k + 1 rounded products.
    const ulp = unitRoundoff(r);
    for (const c of r.fusedCases) {
      const label = `shape [${c.shape.join(', ')}], k = ${c.termCount}`;
      expect(c.fusedCalls, label).toBe(1);
      expect(c.fusedVsExact, label).toBeLessThanOrEqual((c.termCount + 1) * ulp * c.scale);
      expect(c.leakedTensors, label).toBe(0);
      expect(c.leakedDataBuffers, label).toBe(0);
    }
  });

  it('passes every case of the kernel conformance suite against the cpu reference, without leaks', () => {
    const r = success();
    // The suite's tolerances are float32 ones: a device with half-float textures cannot meet them.
    expect(r.capabilities.textureFloatBits).toBe(32);
    expect(r.kernelCases.map((c) => c.name)).toEqual(KERNEL_CASES.map((c) => c.name));
    expect(describeKernelFailures(r.kernelCases)).toEqual([]);
  });

  it('runs the fused kernel in every GenLinearCombination case of the suite, its gradient included', () => {
    const fused = success().kernelCases.filter((c) => c.kernels.includes(GEN_LINEAR_COMBINATION));
    expect(fused.length).toBeGreaterThan(1);
    expect(fused.filter((c) => c.fusedCalls < 1).map((c) => c.name)).toEqual([]);
  });

  it('passes the solver conformance suite (convergence orders, adaptive dopri5) through the fused kernel', () => {
    const r = success();
    expect(r.solver.backend).toBe('webgl');
    expect(describeSolverFailures(r.solver)).toEqual([]);
    expect(r.solver.passed).toBe(true);
    expect(r.solverFusedCalls).toBeGreaterThan(0);
    expect(r.finalTensors).toBe(0);
  });
});
