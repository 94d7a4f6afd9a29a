import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { KernelThreadError } from '../errors/kernel-thread-error.js';
import { FUSED_BACKENDS } from '../kernels/fused/backend-floats.js';
import { startFusedKernelThreads } from '../kernels/fused/fused-threads.js';
import { fusedKernelsSupported } from '../kernels/fused/gen-kernels-module.js';
import { registerGenKernels } from '../kernels/register-gen-kernels.js';
import { noteBackendChosen } from './cpu-backend-warning.js';
import { detectEnvironment, type Environment } from './environment.js';
import { backendUnavailableReason, declaredUnavailableBackends } from './unavailable-backends.js';

/** The backends gen knows how to find, besides any registered by a gen backend package. */
const KNOWN_BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu', 'cuda'] as const;

/** The order `'auto'` tries backends in, per environment (fastest first). */
const AUTO_ORDER: Record<Environment, readonly string[]> = {
  node: ['cuda', 'wasm', 'cpu'],
  browser: ['webgl', 'wasm', 'cpu'],
  worker: ['webgl', 'wasm', 'cpu'],
};

/** Packages that register a backend as a side effect of being imported. */
const BACKEND_PACKAGES: Record<string, string> = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  cuda: '@gen/backend-cuda',
};

/**
 * Selects and initialises a tfjs backend.
 *
 * @remarks
 * With `'auto'` (the default) the fastest available backend wins: in Node `cuda` (when `@gen/backend-cuda` is
 * installed and a GPU is present), then `wasm` (SIMD; about 25× faster than `cpu` for MLPs), then `cpu`; in a
 * browser or worker `webgl`, then `wasm`, then `cpu`. With a name, exactly that backend is set up or an error
 * says why it cannot be. A backend whose package is not yet registered is imported on demand (an optional
 * peer dependency); bundled browser apps should import the backend package themselves.
 *
 * Call it once before using gen. In Node, gen warns once (`console.warn`) when its solvers or trainer run on tfjs's
 * `cpu` backend without a choice made here: tfjs falls back to cpu silently, and gen's models then run an order of
 * magnitude slower than on wasm. `initBackend('cpu')` keeps cpu without the warning; `'auto'` that can only find cpu
 * in Node (wasm not installed) leaves it armed.
 *
 * It also registers the kernels gen adds to tfjs-backend-wasm (`Conv2DBackpropFilter`, `UnsortedSegmentSum`, which
 * 4.22 lacks) and replaces tfjs 4.22's cpu `ResizeNearestNeighborGrad` (wrong for batches of more than one), so that
 * conv nets with upsampling and embeddings train on wasm and cpu; code that sets a backend up without `initBackend`
 * calls `registerGenKernels` from `@gen/core/internal`.
 *
 * On `wasm` and `cpu` it starts the worker threads that gen's fused MLP and Adam kernels split their batches over
 * (`startFusedKernelThreads`: the machine's cores, capped at 8, or `GEN_THREADS`; `GEN_THREADS=1` starts none). A
 * worker that cannot start leaves the kernels on one thread, as does a browser page without cross-origin isolation.
 *
 * @param preference - `'auto'` or a backend name: `'cpu'`, `'wasm'`, `'webgl'`, `'webgpu'`, `'cuda'`, or any
 *   name registered with `tf.registerBackend`.
 * @returns The name of the active backend.
 * @throws {@link InvalidArgumentError} for an unknown backend name (the message lists the known ones) or a
 *   `GEN_THREADS` that is not an integer ≥ 1;
 *   {@link BackendUnavailableError} when a named backend cannot run here.
 * @example
 * ```ts
 * const name = await initBackend();      // 'wasm' in Node
 * await initBackend('cpu');              // force the reference backend
 * ```
 */
export async function initBackend(preference: 'auto' | (string & {}) = 'auto'): Promise<string> {
  if (typeof preference !== 'string') {
    throw new InvalidArgumentError('preference', `"auto" or a backend name`, preference);
  }
  registerGenKernels();
  if (preference === 'auto') {
    const reasons: string[] = [];
    for (const name of AUTO_ORDER[detectEnvironment()]) {
      const reason = await trySetBackend(name);
      if (reason === undefined) {
        // Falling back to cpu is not a choice: gen's one-time warning about the slow cpu backend stays armed.
        if (name !== 'cpu') noteBackendChosen();
        await startKernelThreads(name);
        return name;
      }
      reasons.push(`${name}: ${reason}`);
    }
    throw new BackendUnavailableError('auto', `no backend could be initialised (${reasons.join('; ')}).`);
  }
  const registered = [...Object.keys(tf.engine().registryFactory), ...declaredUnavailableBackends()];
  if (!(KNOWN_BACKENDS as readonly string[]).includes(preference) && !registered.includes(preference)) {
    const valid = [...new Set(['auto', ...KNOWN_BACKENDS, ...registered])].map((n) => `"${n}"`).join(', ');
    throw new InvalidArgumentError('preference', `one of ${valid}`, preference);
  }
  const reason = await trySetBackend(preference);
  if (reason !== undefined) throw new BackendUnavailableError(preference, reason);
  noteBackendChosen();
  await startKernelThreads(preference);
  return preference;
}

/**
 * Keeps tfjs's wasm backend on its single-threaded binary in a cross-origin isolated page, as it is in Node: gen's
 * fused kernels bring their own workers, and tfjs 4.22's threaded binary fails when bundled (its pthread workers
 * throw "e is not defined" under Vite, and the backend never becomes ready).
 */
function useSingleThreadedTfjsWasm(): void {
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } catch {
    // The flag is registered by @tensorflow/tfjs-backend-wasm; without it there is nothing to keep.
  }
}

/** Starts the fused kernels' worker threads where they run (wasm, cpu); a worker that fails leaves one thread. */
async function startKernelThreads(backend: string): Promise<void> {
  if (!(FUSED_BACKENDS as readonly string[]).includes(backend) || !fusedKernelsSupported()) return;
  try {
    await startFusedKernelThreads();
  } catch (error) {
    if (!KernelThreadError.isInstance(error)) throw error;
  }
}

/** Registers (if needed) and activates a backend; returns why it failed, or undefined on success. */
async function trySetBackend(name: string): Promise<string | undefined> {
  if (tf.findBackendFactory(name) === null) {
    const declared = backendUnavailableReason(name);
    if (declared !== undefined) return declared;
    const pkg = BACKEND_PACKAGES[name];
    if (pkg === undefined) return 'it is not registered in this environment.';
    try {
      await importOptional(pkg);
    } catch {
      return `its package ${pkg} is not installed (install it, or import it before calling initBackend).`;
    }
    // The package registered its kernels just now: put gen's replacements in place of its slow ones.
    registerGenKernels();
    if (tf.findBackendFactory(name) === null) {
      return backendUnavailableReason(name) ?? `importing ${pkg} did not register it.`;
    }
  }
  if (name === 'wasm' && detectEnvironment() !== 'node') useSingleThreadedTfjsWasm();
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return 'tfjs could not initialise it on this machine.';
    await tf.ready();
    return undefined;
  } catch (error) {
    return `its initialisation failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Imports a module by a name that bundlers must not try to resolve at build time. */
function importOptional(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}
