/**
 * Loads one of the package's two native addons (see {@link NativeBinding}) from `native/build/Release`, where
 * `scripts/build-native.mjs` puts them when the package is installed.
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeBinding } from './binding.js';

/** Which build of the addon: `'cuda'` (nvcc, kernels on the GPU) or `'host'` (the same code as CPU loops). */
export type BindingMode = 'cuda' | 'host';

/** What {@link loadBinding} returns: the addon, or why it is not there. */
export type LoadedBinding = { readonly binding: NativeBinding } | { readonly error: string };

const ADDON_FILES: Readonly<Record<BindingMode, string>> = { cuda: 'gen_cuda.node', host: 'gen_cuda_host.node' };

/** Every function the addon must export; `satisfies` keeps this in step with {@link NativeBinding}. */
const REQUIRED_FUNCTIONS = Object.keys({
  probe: true,
  alloc: true,
  free: true,
  bytesInUse: true,
  upload: true,
  download: true,
  unary: true,
  binary: true,
  select: true,
  isFinite: true,
  reduce: true,
  matmul: true,
  copyStrided: true,
  tile: true,
  gather: true,
  fill: true,
  cast: true,
  oneHot: true,
  linearCombination: true,
} satisfies Record<keyof NativeBinding, true>);

const REBUILD =
  'rerun `node scripts/build-native.mjs` in the @gen/backend-cuda package (it prints why a target is skipped)';

/**
 * Absolute path of the addon file for `mode`. This module sits two folders below the package root both as source
 * (`src/native/`) and compiled (`dist/native/`), so the path is the same from either.
 *
 * @param mode - which build
 * @returns the path, whether or not the file exists
 */
export function bindingPath(mode: BindingMode): string {
  return fileURLToPath(new URL(`../../native/build/Release/${ADDON_FILES[mode]}`, import.meta.url));
}

function missingReason(mode: BindingMode, path: string): string {
  if (mode === 'cuda') {
    // scripts/build-native.mjs leaves why it did not build the CUDA addon (no nvcc, no GPU, a failed compile) here.
    const why = readReason(path.replace(/\.node$/, '.missing.txt'));
    return why === undefined
      ? `the CUDA addon was not built (${path} does not exist): nvcc was not found when the package was installed, ` +
          `or its build failed; install the CUDA toolkit (nvcc on PATH, or CUDA_PATH set), then ${REBUILD}`
      : `the CUDA addon was not built (${path} does not exist): ${why}`;
  }
  return (
    `the host addon was not built (${path} does not exist): the package's install script could not compile it ` +
    `(node-gyp needs a C++ compiler, make and Python); ${REBUILD}`
  );
}

/** The reason file scripts/build-native.mjs left, trimmed and bounded, if there is one. */
function readReason(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim().slice(0, 2000) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the addon for `mode`. Never throws: a missing file, a file that fails to load (built for another platform or
 * Node ABI, a missing system library) or one that lacks a function of {@link NativeBinding} (left from an older
 * build) each come back as `{ error }` with the reason and what to do.
 *
 * Loading does not touch the GPU; call {@link NativeBinding.probe} on the result to learn whether a device is there.
 *
 * @param mode - `'cuda'` for `gen_cuda.node`, `'host'` for `gen_cuda_host.node`
 * @returns `{ binding }`, or `{ error }` with a sentence saying why it is not available
 *
 * @example
 * ```ts
 * const loaded = loadBinding('cuda');
 * if ('error' in loaded) throw new Error(loaded.error);
 * const probe = loaded.binding.probe();
 * ```
 */
export function loadBinding(mode: BindingMode): LoadedBinding {
  const path = bindingPath(mode);
  if (!existsSync(path)) return { error: missingReason(mode, path) };
  let exports: Record<string, unknown>;
  try {
    exports = createRequire(import.meta.url)(path) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: `the ${mode} addon ${path} failed to load (${message}); ${REBUILD}` };
  }
  const missing = REQUIRED_FUNCTIONS.filter((name) => typeof exports[name] !== 'function');
  if (missing.length > 0) {
    return { error: `the ${mode} addon ${path} is out of date: it lacks ${missing.join(', ')}; ${REBUILD}` };
  }
  return { binding: exports as unknown as NativeBinding };
}
