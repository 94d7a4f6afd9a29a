import type { NativeBinding } from '../../src/native/binding.js';
import { loadBinding } from '../../src/native/load-binding.js';
import { registerNativeBackend } from '../../src/register-native-backend.js';

/** The name the tests register the host build under: the real backend class and kernels, run as CPU loops. */
export const HOST_BACKEND = 'cuda-host';

/** How many times each binding method was called since {@link registerHostBackend} (e.g. `download`). */
export const hostBindingCalls = new Map<string, number>();

/**
 * Registers {@link HOST_BACKEND} over the host build of the native addon, with every call counted in
 * {@link hostBindingCalls}. Idempotent.
 *
 * @returns The (counting) binding.
 * @throws `Error` when the host build is missing: it is built with the package (see the README).
 */
export function registerHostBackend(): NativeBinding {
  const loaded = loadBinding('host');
  if ('error' in loaded) {
    throw new Error(`The host build of the native addon is needed for these tests: ${loaded.error}`);
  }
  const binding = countingBinding(loaded.binding);
  registerNativeBackend(HOST_BACKEND, binding, 0);
  return binding;
}

function countingBinding(binding: NativeBinding): NativeBinding {
  return new Proxy(binding, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        hostBindingCalls.set(property, (hostBindingCalls.get(property) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
