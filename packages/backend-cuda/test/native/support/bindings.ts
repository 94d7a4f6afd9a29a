import type { NativeBinding } from '../../../src/native/binding.js';
import { type LoadedBinding, loadBinding } from '../../../src/native/load-binding.js';

/** The host build, which the package's install always builds; these tests need it. */
export function hostBinding(): NativeBinding {
  const loaded = loadBinding('host');
  if ('error' in loaded) throw new Error(`the native tests need the host build of the addon: ${loaded.error}`);
  return loaded.binding;
}

/** What loading the CUDA build gave: present only where nvcc was found at install time. */
export const cudaLoad: LoadedBinding = loadBinding('cuda');

/** The CUDA build when it loaded and found a device it can run on; undefined on GPU-less machines. */
export const cudaBinding: NativeBinding | undefined =
  'binding' in cudaLoad && cudaLoad.binding.probe().available ? cudaLoad.binding : undefined;

/** The builds to run the function tests on: the host build, and the CUDA build where a GPU is present. */
export const testedBindings: readonly { readonly name: string; readonly binding: NativeBinding }[] = [
  { name: 'host', binding: hostBinding() },
  ...(cudaBinding ? [{ name: 'cuda', binding: cudaBinding }] : []),
];
