/**
 * Imports a Node built-in (`node:worker_threads`, `node:os`) by a name that bundlers do not resolve, so that a
 * browser build of gen never pulls one in; call it only where `detectEnvironment()` is `'node'`.
 *
 * @param specifier - The built-in's name, e.g. `"node:os"`.
 * @returns The module.
 */
export function importNodeBuiltin<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier) as Promise<T>;
}
