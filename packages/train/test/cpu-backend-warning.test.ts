import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CPU_BACKEND_WARNING } from '@gen/core/internal';
import { describe, expect, it } from 'vitest';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'train-on-default-backend.ts');

/** Runs the fixture in a fresh process (the warning is once per process). */
function run(mode: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', 'tsx', fixture, mode], { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error !== null) fail(new Error(`${mode} failed: ${stderr}`));
      else done({ stdout, stderr });
    });
  });
}

describe("train on tfjs's cpu backend in Node", () => {
  it('warns exactly once over two runs when no backend was chosen', async () => {
    const { stdout, stderr } = await run('default');
    expect(stdout.trim()).toBe('cpu');
    expect(stderr.split(CPU_BACKEND_WARNING).length - 1).toBe(1);
  });

  it("is silent after initBackend('cpu')", async () => {
    const { stdout, stderr } = await run('init-cpu');
    expect(stdout.trim()).toBe('cpu');
    expect(stderr).not.toContain('gen: running on');
  });
});
