import { fileURLToPath } from 'node:url';
import { launchChromium } from '@gen/backend-webgl/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './support/demo-page.js';
import { buildAndServe, type StaticSite } from './support/static-site.js';
import type { ThreadsReport } from './threads/page.js';

const PAGE_ROOT = fileURLToPath(new URL('./threads/', import.meta.url));

let site: StaticSite | undefined;
let browser: Browser | undefined;
let report: ThreadsReport;

beforeAll(async () => {
  site = await buildAndServe(PAGE_ROOT);
  browser = await launchChromium();
  const { page, consoleLines } = await openPage(browser, site.url);
  await page.waitForFunction(() => window.__threads !== undefined, undefined, { timeout: 240_000 });
  try {
    report = await page.evaluate(() => window.__threads.run());
  } catch (error) {
    throw new Error(`${String(error)}\n${consoleLines.join('\n')}`);
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe("gen's fused kernels on Web Workers in headless Chromium", () => {
  it('serve the page cross-origin isolated (COOP same-origin, COEP require-corp), so SharedArrayBuffer exists', () => {
    expect(report.crossOriginIsolated).toBe(true);
    expect(report.fused).toBe(true);
  });

  it('run on two threads after startFusedKernelThreads(2), on one after stopFusedKernelThreads()', () => {
    expect(report.threads[0]).toBeGreaterThanOrEqual(1);
    expect(report.threads.slice(1)).toEqual([1, 2]);
  });

  it('give the one-thread forward pass bit for bit and its parameter gradients to float32 rounding', () => {
    expect(report.threaded.u).toHaveLength(257 * 2);
    expect(report.threaded.u).toEqual(report.single.u);
    expect(report.threaded.grads).toHaveLength(report.single.grads.length);
    // Two partial sums over 128 and 129 rows added, against one running sum: relative differences of order γ₂₅₇.
    const scale = report.single.grads.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
    const worst = report.threaded.grads.reduce(
      (m, g, i) => Math.max(m, Math.abs(g - (report.single.grads[i] as number))),
      0,
    );
    expect(worst).toBeLessThan(1e-5 * scale);
    expect(report.tensors[1]).toBe(report.tensors[0]);
  });
});
