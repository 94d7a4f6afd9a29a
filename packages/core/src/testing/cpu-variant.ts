import * as tf from '@tensorflow/tfjs';

/** Options of {@link registerCpuVariant}. */
export interface CpuVariantOptions {
  /** The new backend's name; must not be registered yet. */
  name: string;
  /** Kernels to register on it in place of the cpu backend's (or in addition), e.g. a deliberately wrong one. */
  kernels?: readonly Pick<tf.KernelConfig, 'kernelName' | 'kernelFunc'>[];
  /** cpu kernels to leave out, so that ops needing them throw "not registered". */
  remove?: readonly string[];
}

/**
 * Registers a copy of tfjs's cpu backend under a new name with some kernels replaced or missing: a faulty backend
 * on which conformance suites must report failures (tests of the tests).
 *
 * @remarks
 * The factory builds a fresh instance of the cpu backend's class, and every kernel registered for `'cpu'` is
 * registered again for the new name, except those in `remove` and those `kernels` replaces. Call the returned
 * function to unregister the kernels and remove the backend (switch to another backend first).
 *
 * @param options - The name, replacement kernels, and kernels to leave out.
 * @returns A function that removes the backend and its kernels.
 * @throws `Error` when the cpu backend is not registered or `name` already is.
 * @example
 * ```ts
 * const cos = tf.getKernel('Cos', 'cpu') as tf.KernelConfig;
 * const remove = registerCpuVariant({ name: 'wrong-sin', kernels: [{ kernelName: 'Sin', kernelFunc: cos.kernelFunc }] });
 * const results = await runKernelConformance({ backend: 'wrong-sin' }); // the Sin cases fail
 * remove();
 * ```
 */
export function registerCpuVariant(options: CpuVariantOptions): () => void {
  const { name, kernels = [], remove = [] } = options;
  const cpu = tf.findBackend('cpu');
  if (cpu === null) throw new Error('registerCpuVariant: the cpu backend is not registered.');
  if (tf.findBackendFactory(name) !== null) throw new Error(`registerCpuVariant: "${name}" is already registered.`);
  const CpuBackend = cpu.constructor as new () => tf.KernelBackend;
  tf.registerBackend(name, () => new CpuBackend());
  const replaced = new Set([...remove, ...kernels.map((k) => k.kernelName)]);
  const registered = [...tf.getKernelsForBackend('cpu').filter((k) => !replaced.has(k.kernelName)), ...kernels].map(
    (k) => ({ ...k, backendName: name }),
  );
  for (const kernel of registered) tf.registerKernel(kernel);
  return () => {
    for (const kernel of registered) tf.unregisterKernel(kernel.kernelName, name);
    tf.removeBackend(name);
  };
}
