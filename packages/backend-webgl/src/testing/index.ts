/**
 * Browser-test helpers for WebGL code (Node only; needs the optional peer `playwright-core`): launching the
 * system's Chromium headless and offline.
 *
 * @packageDocumentation
 */
export { CHROMIUM_TEST_ARGS, type LaunchChromiumOptions, launchChromium } from './launch-chromium.js';
