/** Where gen is running, as far as backend choice is concerned. */
export type Environment = 'node' | 'browser' | 'worker';

/**
 * Detects whether the code runs in Node, a browser window, or a Web Worker.
 *
 * @returns The detected environment.
 * @example
 * ```ts
 * if (detectEnvironment() === 'node') console.log('running in Node');
 * ```
 */
export function detectEnvironment(): Environment {
  const g = globalThis as {
    window?: unknown;
    document?: unknown;
    importScripts?: unknown;
    process?: { versions?: { node?: string } };
  };
  if (typeof g.window === 'object' && typeof g.document === 'object') return 'browser';
  if (typeof g.importScripts === 'function') return 'worker';
  return g.process?.versions?.node ? 'node' : 'browser';
}
