import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { quietTfjsNodeBanner } from '../src/cli/quiet-tfjs-banner.js';

const scratch = mkdtempSync(join(tmpdir(), 'gen-banner-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** tfjs-backend-cpu 4.22's banner, as its `write` passes it to tfjs-core's `warn`. */
const TFJS_BANNER =
  '\n============================\nHi, looks like you are running TensorFlow.js in Node.js. To speed things up ' +
  'dramatically, install our node backend, visit https://github.com/tensorflow/tfjs-node for more details. ' +
  '\n============================';

describe('quietTfjsNodeBanner', () => {
  it('drops the banner and passes every other warning through, once installed however often', () => {
    const original = console.warn;
    const spy = vi.fn();
    console.warn = spy;
    try {
      quietTfjsNodeBanner();
      quietTfjsNodeBanner();
      console.warn(TFJS_BANNER);
      console.warn('The kernel "Add" for backend "cpu" is already registered');
      console.warn('two', 'arguments');
      expect(spy.mock.calls).toEqual([
        ['The kernel "Add" for backend "cpu" is already registered'],
        ['two', 'arguments'],
      ]);
    } finally {
      console.warn = original;
    }
  });

  it('keeps `gen train --backend cpu` free of the banner (it printed it before)', () => {
    const bin = fileURLToPath(new URL('../bin/gen.mjs', import.meta.url));
    const args = ['train', '--backend', 'cpu', '--steps', '1', '--batch', '8', '--hidden', '4', '--out', scratch];
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('gen train: ot-cfm on moons (D = 2; mlp), 1 steps, batch 8, cpu');
    expect(result.stderr).not.toContain('TensorFlow.js in Node.js');
  });
});
