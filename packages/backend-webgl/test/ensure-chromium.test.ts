/**
 * scripts/ensure-chromium.mjs, which the repository's `pnpm test` runs first so that these browser tests find a
 * Chromium on a fresh machine. Its decision is a pure function of the machine's facts (tested here on made-up
 * machines); the script itself is run only where it changes nothing (a CHROMIUM_PATH that exists, or one that does
 * not), so no test installs or removes a package.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

interface Facts {
  chromiumPath: string | undefined;
  isExecutable: (file: string) => boolean;
  isRoot: boolean;
  hasAptGet: boolean;
  canSudo: boolean;
}
type Plan =
  | { action: 'ok'; path: string }
  | { action: 'install'; sudo: boolean; message: string }
  | { action: 'fail'; message: string };

const script = fileURLToPath(new URL('../../../scripts/ensure-chromium.mjs', import.meta.url));
const { chromiumPlan } = (await import(pathToFileURL(script).href)) as { chromiumPlan: (facts: Facts) => Plan };
const scratch = mkdtempSync(join(tmpdir(), 'gen-chromium-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A machine where only `present` files are executable. */
function machine(present: readonly string[], rest: Partial<Facts> = {}): Facts {
  return {
    chromiumPath: undefined,
    isExecutable: (file) => present.includes(file),
    isRoot: false,
    hasAptGet: true,
    canSudo: false,
    ...rest,
  };
}

describe('chromiumPlan', () => {
  it('uses /usr/bin/chromium, or CHROMIUM_PATH when set, and installs nothing', () => {
    expect(chromiumPlan(machine(['/usr/bin/chromium']))).toEqual({ action: 'ok', path: '/usr/bin/chromium' });
    expect(chromiumPlan(machine(['/opt/chrome'], { chromiumPath: '/opt/chrome' }))).toEqual({
      action: 'ok',
      path: '/opt/chrome',
    });
  });

  it('installs Debian chromium with apt-get when /usr/bin/chromium is missing: as root, else through sudo -n', () => {
    expect(chromiumPlan(machine([], { isRoot: true }))).toEqual({
      action: 'install',
      sudo: false,
      message:
        '[ensure-chromium] /usr/bin/chromium is missing; the browser tests need it: running `apt-get update -q && ' +
        'apt-get install -y -q chromium` (about a minute)',
    });
    const withSudo = chromiumPlan(machine([], { canSudo: true }));
    expect(withSudo).toMatchObject({ action: 'install', sudo: true });
    expect(withSudo.action === 'install' && withSudo.message).toContain(
      '`sudo -n apt-get update -q && sudo -n apt-get',
    );
  });

  it('fails with one line saying how to install it when it cannot', () => {
    const how =
      'install Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.';
    expect(chromiumPlan(machine([]))).toEqual({
      action: 'fail',
      message: `[ensure-chromium] the browser tests need /usr/bin/chromium, which is missing, and installing it needs root (sudo asks for a password): ${how}`,
    });
    expect(chromiumPlan(machine([], { isRoot: true, hasAptGet: false }))).toEqual({
      action: 'fail',
      message: `[ensure-chromium] the browser tests need /usr/bin/chromium, which is missing, and apt-get is not here: ${how}`,
    });
  });

  it('never installs over a CHROMIUM_PATH that is missing', () => {
    expect(chromiumPlan(machine(['/usr/bin/chromium'], { chromiumPath: '/opt/none', isRoot: true }))).toEqual({
      action: 'fail',
      message:
        '[ensure-chromium] CHROMIUM_PATH=/opt/none is not an executable file: point it at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium.',
    });
  });
});

describe('scripts/ensure-chromium.mjs', () => {
  const run = (chromiumPath: string) =>
    spawnSync(process.execPath, [script], { env: { ...process.env, CHROMIUM_PATH: chromiumPath }, encoding: 'utf8' });

  it('is silent and exits 0 when the Chromium it would use is there', () => {
    const fake = join(scratch, 'chromium');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    const result = run(fake);
    expect([result.status, result.stdout, result.stderr]).toEqual([0, '', '']);
  });

  it('exits 1 with its one line when CHROMIUM_PATH names nothing', () => {
    const missing = join(scratch, 'no-such-chromium');
    const result = run(missing);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      `[ensure-chromium] CHROMIUM_PATH=${missing} is not an executable file: point it at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium.\n`,
    );
  });
});
