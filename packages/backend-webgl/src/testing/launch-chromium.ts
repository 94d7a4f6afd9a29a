import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

/**
 * The Chromium flags gen's browser tests run with: headless, and nothing that reaches the network on its own
 * (background networking, component updates, sync, QUIC, first-run pages), so tests run offline. WebGL 2 then runs
 * on SwiftShader where there is no GPU.
 */
export const CHROMIUM_TEST_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** The Chromium binary; default the `CHROMIUM_PATH` environment variable, else Debian's `/usr/bin/chromium`. */
  executablePath?: string;
  /** More playwright launch options (merged over the defaults; `args` are appended to {@link CHROMIUM_TEST_ARGS}). */
  launch?: LaunchOptions;
}

/**
 * Launches the system's Chromium headless through playwright-core, for browser tests of WebGL code (Node only).
 *
 * @remarks
 * playwright-core is an optional peer dependency: install it (`playwright-core`) to use this subpath. No browser is
 * downloaded: the binary is the system's (Debian: `apt-get install -y chromium`). The caller owns the browser and
 * closes it.
 *
 * @param options - Which binary, and extra launch options.
 * @returns The launched browser.
 * @throws `Error` saying how to install Chromium (or set `CHROMIUM_PATH`) when the launch fails, with playwright's
 *   message appended.
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto('http://127.0.0.1:5173/');
 * await browser.close();
 * ```
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  const executablePath = options.executablePath ?? env?.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const { args = [], ...launch } = options.launch ?? {};
  try {
    return await chromium.launch({ ...launch, executablePath, args: [...CHROMIUM_TEST_ARGS, ...args] });
  } catch (error) {
    throw new Error(
      `Could not launch Chromium at ${executablePath}: on Debian/Ubuntu run \`apt-get install -y chromium\` (as ` +
        `root), or set CHROMIUM_PATH to an existing Chromium/Chrome. (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
