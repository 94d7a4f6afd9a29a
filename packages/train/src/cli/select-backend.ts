import { initBackend } from '@gen/core';

/**
 * Initialises the backend a `gen` command runs on (`--backend`, default `auto`).
 *
 * @remarks
 * When the preference is `auto` or `cuda`, `@gen/backend-cuda` is imported first if it is installed (an optional peer
 * dependency): it registers `'cuda'` when a GPU is usable and otherwise records why, so `auto` prefers the GPU and
 * `--backend cuda` fails with the CUDA reason instead of "not installed". Without the package nothing changes.
 *
 * @param preference - The `--backend` flag: `auto`, or a backend name.
 * @returns The active backend's name.
 * @throws `InvalidArgumentError` / `BackendUnavailableError` from `@gen/core`'s `initBackend`.
 */
export async function selectBackend(preference = 'auto'): Promise<string> {
  if (preference === 'auto' || preference === 'cuda') await importIfInstalled('@gen/backend-cuda');
  return initBackend(preference);
}

/** Imports a package for its side effects; a package that is not installed is skipped, any other failure thrown. */
async function importIfInstalled(specifier: string): Promise<void> {
  try {
    await import(specifier);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
}
