import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@gen/backend-webgl/testing';
import type { Browser, Page } from 'playwright-core';
import type { DemoHook } from '../../src/state.js';
import { buildAndServe } from './static-site.js';

/** The repository's test-output folder, where screenshots go. */
export const OUTPUT_DIR = fileURLToPath(new URL('../../../../test-output/', import.meta.url));

/** The demo app's root (its index.html). */
export const DEMO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A page and the console lines it printed (shown when the page reports an error). */
export interface TestPage {
  page: Page;
  consoleLines: string[];
}

/**
 * Opens `url` in a new page of the test viewport, recording console output and uncaught errors; `initScript` runs in
 * the page before any of its own scripts.
 */
export async function openPage(browser: Browser, url: string, initScript?: () => void): Promise<TestPage> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
  if (initScript !== undefined) await page.addInitScript(initScript);
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  return { page, consoleLines };
}

/** The demo's `window.__demo` state. */
export function demo(p: Page): Promise<DemoHook> {
  return p.evaluate(() => window.__demo);
}

/** Waits until the demo is idle (no action running) and fails with the page's error when it shows one. */
export async function idle({ page, consoleLines }: TestPage, timeout = 150_000): Promise<DemoHook> {
  await page.waitForFunction(() => window.__demo?.ready === true && !window.__demo.busy, undefined, { timeout });
  const s = await demo(page);
  if (s.error !== null) throw new Error(`page error: ${s.error}\n${consoleLines.join('\n')}`);
  return s;
}

/**
 * Starts one of the demo's actions: clicks the button `selector` names from inside the page, and fails when there is
 * no such button or it is disabled. The demo starts an action on the task after the click, so this returns at once.
 * (Playwright's `click` waits for the page to answer after the click, which a long first chunk of training on a
 * loaded machine can hold past its timeout.)
 */
export async function press(page: Page, selector: string): Promise<void> {
  const problem = await page.evaluate((s) => {
    const button = document.querySelector(s);
    if (!(button instanceof HTMLButtonElement)) return `no button matches ${s}`;
    if (button.disabled) return `${s} is disabled`;
    button.click();
    return null;
  }, selector);
  if (problem !== null) throw new Error(problem);
}

/** The mean of `values` from index `from` to `to` (exclusive; negative counts from the end, like `slice`). */
export function mean(values: readonly number[], from: number, to?: number): number {
  const part = values.slice(from, to);
  return part.reduce((a, b) => a + b, 0) / part.length;
}

/** The built demo served locally and open in headless Chromium, as every demo browser test starts. */
export interface RunningDemo {
  /** The demo page and its console lines. */
  tab: TestPage;
  /** The local server's address, ending in `/`. */
  url: string;
  /** Closes the browser and the server. */
  close(): Promise<void>;
}

/**
 * Builds the demo (Vite), serves it, opens it in headless Chromium and waits until it is idle; `initScript` runs in
 * the page before its own scripts.
 */
export async function startDemo(initScript?: () => void): Promise<RunningDemo> {
  const site = await buildAndServe(DEMO_ROOT);
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await site.close();
  };
  try {
    const tab = await openPage(browser, site.url, initScript);
    await idle(tab, 120_000);
    return { tab, url: site.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The training fields of the page; those left out keep their values. */
export interface TrainingFields {
  dataset?: string;
  objective?: string;
  width?: number;
  depth?: number;
  batch?: number;
  lr?: number;
  steps?: number;
  chunk?: number;
}

/** Fills the training fields (no change event is sent: dispatch one on `#width` to start a new model). */
export async function fillTraining(page: Page, fields: TrainingFields): Promise<void> {
  if (fields.dataset !== undefined) await page.selectOption('#dataset', fields.dataset);
  if (fields.objective !== undefined) await page.selectOption('#objective', fields.objective);
  for (const key of ['width', 'depth', 'batch', 'lr', 'steps', 'chunk'] as const) {
    const value = fields[key];
    if (value !== undefined) await page.fill(`#${key}`, String(value));
  }
}
