import * as tf from '@tensorflow/tfjs';

/** tfjs-backend-webgl registers `webgl` with priority 2; a re-registered factory keeps it. */
const WEBGL_PRIORITY = 2;

/** The part of tfjs-backend-webgl's `MathBackendWebGL` the demo reads: the context it renders with. */
interface WebglBackendInternals {
  gpgpu: { gl: WebGLRenderingContext };
}

/** The canvases (an `OffscreenCanvas` under WebGL 2) already watched, so a listener is added only once. */
const watched = new WeakSet<EventTarget>();

/** The WebGL context of the active backend, or undefined when the active backend is not webgl. */
function activeGl(): WebGLRenderingContext | undefined {
  if (tf.getBackend() !== 'webgl') return undefined;
  return (tf.backend() as unknown as WebglBackendInternals).gpgpu.gl;
}

/** Whether the active backend is webgl and its context is lost (every GPU result since then is garbage). */
export function webglContextLost(): boolean {
  return activeGl()?.isContextLost() ?? false;
}

/** Calls `onLost` once when the context of the active webgl backend is lost (does nothing on other backends). */
export function watchWebglContext(onLost: () => void): void {
  const canvas = activeGl()?.canvas;
  if (canvas === undefined || watched.has(canvas)) return;
  watched.add(canvas);
  canvas.addEventListener('webglcontextlost', onLost, { once: true });
}

/**
 * Drops the webgl backend instance whose context was lost and registers its factory again, so choosing webgl later
 * creates a fresh context (tfjs replaces a lost context when it builds a backend). Dispose the tensors that lived on
 * it first: their data cannot be read any more.
 */
export function discardWebglBackend(): void {
  const factory = tf.findBackendFactory('webgl');
  tf.removeBackend('webgl');
  if (factory !== null) tf.registerBackend('webgl', factory, WEBGL_PRIORITY);
}
