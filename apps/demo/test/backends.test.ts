import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demo,
  fillTraining,
  idle,
  mean,
  OUTPUT_DIR,
  press,
  type RunningDemo,
  startDemo,
  type TestPage,
} from './support/demo-page.js';

declare global {
  interface Window {
    /** Every WebGL context the page created (recorded by {@link recordWebglContexts}). */
    __webglContexts: WebGLRenderingContext[];
  }
}

/** Runs in the page before the demo: records every WebGL context, so the test can lose tfjs's on purpose. */
function recordWebglContexts(): void {
  const contexts: WebGLRenderingContext[] = [];
  window.__webglContexts = contexts;
  for (const prototype of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype]) {
    const original = prototype.getContext as (this: unknown, type: string, ...rest: unknown[]) => unknown;
    (prototype as { getContext: unknown }).getContext = function (this: unknown, type: string, ...rest: unknown[]) {
      const context = original.call(this, type, ...rest);
      if (context !== null && type.startsWith('webgl')) contexts.push(context as WebGLRenderingContext);
      return context;
    };
  }
}

/** Loses every live WebGL context of the page with `WEBGL_lose_context`; returns how many. */
function loseWebglContexts(p: Page): Promise<number> {
  return p.evaluate(() => {
    const live = window.__webglContexts.filter((gl) => !gl.isContextLost());
    for (const gl of live) gl.getExtension('WEBGL_lose_context')?.loseContext();
    return live.length;
  });
}

let running: RunningDemo | undefined;
let tab: TestPage;
let page: Page;
/** Every URL the page requested after it loaded. */
const requests: string[] = [];

/** Fills the training fields: OT-CFM on moons, width 32, depth 2, batch 128, lr 0.005. */
async function setUpTraining(steps: number, chunk: number): Promise<void> {
  await fillTraining(page, {
    dataset: 'moons',
    objective: 'ot-cfm',
    width: 32,
    depth: 2,
    batch: 128,
    lr: 0.005,
    steps,
    chunk,
  });
}

beforeAll(async () => {
  running = await startDemo(recordWebglContexts);
  tab = running.tab;
  page = tab.page;
  page.on('request', (r) => requests.push(r.url()));
}, 240_000);

afterAll(async () => {
  await running?.close();
});

describe('apps/demo backends in headless Chromium', () => {
  it('shows the precision settings of the webgl backend', async () => {
    expect((await demo(page)).backend).toBe('webgl');
    expect(
      await page.locator('#backend option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['webgl', 'wasm', 'cpu']);
    expect(await page.textContent('#precision')).toBe('float32 · Adam ε 1e-7 · adaptive rtol, atol ≥ 1.19e-5');
    // A flow objective offers every ODE method of @gen/ode's registry, the adaptive ones marked.
    expect(
      await page.locator('#method option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).textContent)),
    ).toEqual([
      'euler',
      'midpoint',
      'heun',
      'rk4',
      'bosh3 (adaptive)',
      'dopri5 (adaptive)',
      'tsit5 (adaptive)',
      'dopri8 (adaptive)',
    ]);
  });

  let wasmLosses: readonly number[] = [];

  it('trains on wasm: the loss falls and the page says wasm', async () => {
    await page.selectOption('#backend', 'wasm');
    let s = await idle(tab);
    expect(s.backend).toBe('wasm');
    expect(await page.textContent('#backend-active')).toBe('wasm');
    // The SIMD binary came from the static build, and nothing from another origin (the `blob:` URLs are gen's
    // kernel workers, whose script the page makes itself).
    const wasm = requests.filter((u) => u.endsWith('.wasm'));
    console.log(`wasm binaries fetched: ${wasm.join(', ')}`);
    expect(wasm).toHaveLength(1);
    expect(wasm[0]?.startsWith(`${running?.url}assets/`)).toBe(true);
    expect(wasm[0]).toMatch(/\/tfjs-backend-wasm-simd-[\w-]{8}\.wasm$/);
    expect(requests.filter((u) => !u.startsWith(running?.url ?? '') && !u.startsWith('blob:'))).toEqual([]);
    await setUpTraining(200, 25);
    await page.dispatchEvent('#width', 'change');
    await press(page, '#train');
    s = await idle(tab);
    const first = mean(s.losses, 0, 20);
    const last = mean(s.losses, -20);
    console.log(
      `wasm: ${s.step} updates at ${s.stepsPerSecond.toFixed(1)} steps/s, mean loss of the first 20 ${first.toFixed(4)}, ` +
        `of the last 20 ${last.toFixed(4)}; ${s.numTensors} tensors`,
    );
    expect(s.backend).toBe('wasm');
    expect(s.step).toBe(200);
    expect(last).toBeLessThan(0.8 * first);
    expect(await page.textContent('#backend-active')).toBe('wasm');
    expect(await page.textContent('#status')).toContain('on wasm');
    wasmLosses = s.losses;
    // 50 more updates leave the tensor count unchanged (model and Adam moments only).
    const tensors = s.numTensors;
    await page.fill('#steps', '50');
    await press(page, '#train');
    s = await idle(tab);
    expect(s.step).toBe(250);
    expect(s.numTensors).toBe(tensors);
    await page.screenshot({ path: `${OUTPUT_DIR}demo-wasm.png`, fullPage: true });
  });

  it('raises dopri5 tolerances below the float32 floor and shows it', async () => {
    await page.selectOption('#method', 'dopri5');
    await page.fill('#rtol', '1e-7');
    await page.fill('#atol', '1e-7');
    await page.fill('#n-samples', '300');
    await press(page, '#sample');
    const s = await idle(tab);
    const info = await page.textContent('#tolerance-info');
    console.log(`dopri5 on wasm with rtol = atol = 1e-7 asked: "${info}", NFE ${s.sampleNfe}`);
    expect(info).toBe('raised to the float32 floor: rtol 1e-7 → 1.19e-5, atol 1e-7 → 1.19e-5');
    expect(await page.getAttribute('#tolerance-info', 'data-clamped')).toBe('true');
    expect(s.samples).toHaveLength(300);
    expect((s.samples ?? []).flat().every(Number.isFinite)).toBe(true);
    await page.screenshot({ path: `${OUTPUT_DIR}demo-tolerance-floor.png`, fullPage: true });
    // The raised solve is the solve at the floor itself: asking for 100·2⁻²³ directly gives the same samples.
    await page.fill('#rtol', String(100 * 2 ** -23));
    await page.fill('#atol', String(100 * 2 ** -23));
    await press(page, '#sample');
    const atFloor = await idle(tab);
    expect(await page.getAttribute('#tolerance-info', 'data-clamped')).toBe('false');
    expect(atFloor.sampleNfe).toBe(s.sampleNfe);
    expect(atFloor.samples).toEqual(s.samples);
    await page.fill('#rtol', '1e-4');
    await page.fill('#atol', '1e-4');
    await press(page, '#sample');
    await idle(tab);
    expect(await page.textContent('#tolerance-info')).toBe('');
    expect(await page.getAttribute('#tolerance-info', 'data-clamped')).toBe('false');
  });

  it('on a lost WebGL context: stops training, says so in the page, keeps the model and goes on on wasm', async () => {
    await page.selectOption('#backend', 'webgl');
    let s = await idle(tab);
    expect(s.backend).toBe('webgl');
    const tensorsBefore = s.numTensors;
    await page.fill('#steps', '5000');
    await page.fill('#chunk', '10');
    await press(page, '#train');
    await page.waitForFunction(() => window.__demo.step >= 300, undefined, { timeout: 120_000 });
    const lost = await loseWebglContexts(page);
    expect(lost).toBeGreaterThanOrEqual(1);
    await page.waitForFunction(
      () => window.__demo.backend === 'wasm' && !window.__demo.busy && /moved to/.test(window.__demo.error ?? ''),
      undefined,
      { timeout: 120_000 },
    );
    s = await demo(page);
    const message = (await page.textContent('#status')) ?? '';
    console.log(`after the loss: "${message}"; step ${s.step}, ${s.numTensors} tensors (before: ${tensorsBefore})`);
    expect(message).toMatch(/WebGL context was lost/);
    expect(message).toMatch(/moved to wasm: the model and its Adam state were kept as of update \d+/);
    expect(await page.getAttribute('#status', 'class')).toBe('error');
    expect(await page.textContent('#backend-active')).toBe('wasm');
    expect(s.step).toBeGreaterThanOrEqual(300);
    expect(s.step).toBeLessThan(5250);
    expect(s.losses).toHaveLength(s.step);
    expect(s.numTensors).toBe(tensorsBefore);
    await page.screenshot({ path: `${OUTPUT_DIR}demo-context-lost.png`, fullPage: true });

    // Training goes on on wasm from the kept weights: the loss stays finite and near where it was, far below a new model's.
    const before = mean(s.losses, -20);
    const step = s.step;
    await page.fill('#steps', '100');
    await press(page, '#train');
    s = await idle(tab);
    const after = s.losses.slice(step);
    const fresh = mean(wasmLosses, 0, 20);
    console.log(
      `on wasm after the loss: ${after.length} updates, mean loss ${mean(after, 0).toFixed(4)} ` +
        `(last 20 before the loss ${before.toFixed(4)}, a new model's first 20 ${fresh.toFixed(4)})`,
    );
    expect(s.backend).toBe('wasm');
    expect(s.step).toBe(step + 100);
    expect(after.every(Number.isFinite)).toBe(true);
    expect(mean(after, 0)).toBeLessThan(1.5 * before);
    expect(mean(after, 0)).toBeLessThan(0.8 * fresh);
  });

  it('starts a new WebGL context when webgl is picked again', async () => {
    await page.selectOption('#backend', 'webgl');
    let s = await idle(tab);
    expect(s.backend).toBe('webgl');
    const step = s.step;
    await page.fill('#steps', '20');
    await press(page, '#train');
    s = await idle(tab);
    expect(s.backend).toBe('webgl');
    expect(s.step).toBe(step + 20);
    expect(s.losses.slice(step).every(Number.isFinite)).toBe(true);
  });
});
