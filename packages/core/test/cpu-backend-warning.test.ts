import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CPU_BACKEND_WARNING } from '../src/internal.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cpu-backend-warning.ts');

/** Runs the fixture in a fresh process (the warning is once per process); resolves to its stdout and stderr. */
function run(mode: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', 'tsx', fixture, mode], { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error !== null) fail(new Error(`${mode} failed: ${stderr}`));
      else done({ stdout, stderr });
    });
  });
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe("the warning about tfjs's cpu backend in Node", () => {
  it('names initBackend, the wasm package, and how to keep cpu quietly', () => {
    expect(CPU_BACKEND_WARNING).toContain('await initBackend()');
    expect(CPU_BACKEND_WARNING).toContain('@tensorflow/tfjs-backend-wasm');
    expect(CPU_BACKEND_WARNING).toContain("await initBackend('cpu')");
  });

  it.each([
    ['default', 'tfjs picked cpu by default'],
    ['tf-set-cpu', 'cpu was set through tfjs, not gen'],
  ])('appears exactly once in three solver stages when %s (%s)', async (mode) => {
    const { stdout, stderr } = await run(mode);
    expect(stdout.trim()).toBe('cpu');
    expect(count(stderr, CPU_BACKEND_WARNING)).toBe(1);
  });

  it.each([
    ['init-cpu', 'cpu'],
    ['switch-cpu', 'cpu'],
    ['init-wasm', 'wasm'],
  ])('does not appear after %s', async (mode, backend) => {
    const { stdout, stderr } = await run(mode);
    expect(stdout.trim()).toBe(backend);
    expect(count(stderr, 'gen: running on')).toBe(0);
  });
});
