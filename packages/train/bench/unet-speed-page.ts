/**
 * The webgl page of bench/unet-speed.ts, bundled by esbuild and run in headless Chromium: measures the U-Net
 * configurations given in the URL's fragment (JSON: `{ configs, batch, iterations }`) on webgl and writes a
 * {@link UnetSpeedPageResult} to `window.__result`.
 */
import { conv2DBackpropFilterAsConvConfig } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { measureUnetSpeed, type UnetSpeedConfig, type UnetSpeedMeasurement } from './unet-speed-measure.js';

/** What the page reports: per configuration, its measurement, and the WebGL renderer. */
export type UnetSpeedPageResult =
  | { ok: true; renderer: string; measurements: UnetSpeedMeasurement[] }
  | { ok: false; error: string };

/** What the bench asks of the page. */
export interface UnetSpeedPageJob {
  configs: UnetSpeedConfig[];
  batch: number;
  iterations: number;
}

async function main(): Promise<UnetSpeedPageResult> {
  const job = JSON.parse(decodeURIComponent(location.hash.slice(1))) as UnetSpeedPageJob;
  // What @gen/backend-webgl's registerWebglKernels does for convolutions (@gen/train does not depend on that
  // package): its faster Conv2DBackpropFilter in place of tfjs's shader.
  tf.unregisterKernel(tf.Conv2DBackpropFilter, 'webgl');
  tf.registerKernel(conv2DBackpropFilterAsConvConfig('webgl'));
  if (!(await tf.setBackend('webgl'))) return { ok: false, error: 'webgl is unavailable in this browser' };
  const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGLRenderingContext } }).gpgpu.gl;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  // 16-bit float textures cannot hold Adam's ε = 1e-7: tfjs's webgl backend uses its own epsilon there.
  const adamEpsilon = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 1e-7 : tf.backend().epsilon();
  const measurements: UnetSpeedMeasurement[] = [];
  for (const config of job.configs) {
    console.log(`webgl: ${config.label}…`);
    measurements.push(
      await measureUnetSpeed(config, job.batch, { iterations: job.iterations, warmup: 1, adamEpsilon, profile: false }),
    );
  }
  return { ok: true, renderer, measurements };
}

// Started once the page has loaded: a long synchronous WebGL call before that would hold up the navigation.
const run = () =>
  main()
    .then((result) => {
      (window as { __result?: UnetSpeedPageResult }).__result = result;
    })
    .catch((error: unknown) => {
      (window as { __result?: UnetSpeedPageResult }).__result = {
        ok: false,
        error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
      };
    });
window.addEventListener('load', () => setTimeout(run, 0));
