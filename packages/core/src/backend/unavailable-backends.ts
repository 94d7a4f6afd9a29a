import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Key of the process-wide map from backend name to why it cannot run (shared by every copy of @gen/core). */
const REGISTRY_KEY = Symbol.for('@gen/core/unavailable-backends');

function registry(): Map<string, string> {
  const holder = globalThis as { [REGISTRY_KEY]?: Map<string, string> };
  holder[REGISTRY_KEY] ??= new Map();
  return holder[REGISTRY_KEY];
}

/**
 * Records why a backend package did not register its backend here (no device, native addon not built), so that
 * `initBackend(name)` reports that reason and `initBackend('auto')` lists it while falling back.
 *
 * @remarks
 * For backend packages: call it from the side-effect entry instead of registering a factory that would fail. The
 * record is process-wide (kept on `globalThis` under a `Symbol.for` key), so it is seen by every copy of
 * `@gen/core` a bundle or `node_modules` tree holds. A later `tf.registerBackend(name, …)` takes precedence.
 *
 * @param name - The backend name, e.g. `'cuda'`.
 * @param reason - One sentence a user can act on, e.g. `'no CUDA-capable device is detected.'`.
 * @throws {@link InvalidArgumentError} when either argument is not a non-empty string.
 * @example
 * ```ts
 * if (!probe.available) declareBackendUnavailable('cuda', probe.reason);
 * else tf.registerBackend('cuda', () => new CudaBackend(binding), 3);
 * ```
 */
export function declareBackendUnavailable(name: string, reason: string): void {
  if (typeof name !== 'string' || name === '') throw new InvalidArgumentError('name', 'a backend name', name);
  if (typeof reason !== 'string' || reason === '') {
    throw new InvalidArgumentError('reason', 'a non-empty reason', reason);
  }
  registry().set(name, reason);
}

/**
 * Why a backend package declared `name` unavailable, if it did.
 *
 * @param name - The backend name.
 * @returns The declared reason, or `undefined`.
 * @example
 * ```ts
 * const why = backendUnavailableReason('cuda'); // 'no CUDA-capable device is detected.' on a machine without a GPU
 * ```
 */
export function backendUnavailableReason(name: string): string | undefined {
  return registry().get(name);
}

/** Names of every backend declared unavailable so far (they count as known backend names). */
export function declaredUnavailableBackends(): string[] {
  return [...registry().keys()];
}
