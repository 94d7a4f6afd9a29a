#!/usr/bin/env node
// Makes sure the browser tests (@gen/backend-webgl, apps/demo) find a Chromium before `pnpm test` runs them.
//
// The tests launch $CHROMIUM_PATH, else Debian's /usr/bin/chromium. When that is executable this prints nothing.
// When /usr/bin/chromium is missing (and CHROMIUM_PATH is unset) it installs Debian's `chromium` package with
// apt-get, as root or through `sudo -n`, saying so first; when it cannot, it exits 1 with one line saying how to
// install it. A CHROMIUM_PATH that is not executable is an error: the user chose that binary, so nothing is
// installed in its place.
//
//   node scripts/ensure-chromium.mjs            check, and install when needed and possible
//   node scripts/ensure-chromium.mjs --dry-run  print the decision and change nothing
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const TAG = '[ensure-chromium]';

/**
 * What to do, from the facts about this machine (pure, so that tests can feed it any machine).
 * @param {{ chromiumPath: string | undefined, isExecutable: (file: string) => boolean, isRoot: boolean,
 *   hasAptGet: boolean, canSudo: boolean }} facts
 * @returns {{ action: 'ok', path: string } | { action: 'install', sudo: boolean, message: string }
 *   | { action: 'fail', message: string }}
 */
export function chromiumPlan({ chromiumPath, isExecutable, isRoot, hasAptGet, canSudo }) {
  if (chromiumPath) {
    if (isExecutable(chromiumPath)) return { action: 'ok', path: chromiumPath };
    return {
      action: 'fail',
      message: `${TAG} CHROMIUM_PATH=${chromiumPath} is not an executable file: point it at a Chromium or Chrome binary, or unset it to use ${DEBIAN_CHROMIUM}.`,
    };
  }
  if (isExecutable(DEBIAN_CHROMIUM)) return { action: 'ok', path: DEBIAN_CHROMIUM };
  const how = `install Chromium (Debian/Ubuntu: \`sudo apt-get install -y chromium\`) or set CHROMIUM_PATH to a Chromium or Chrome binary`;
  if (!hasAptGet) {
    return {
      action: 'fail',
      message: `${TAG} the browser tests need ${DEBIAN_CHROMIUM}, which is missing, and apt-get is not here: ${how}.`,
    };
  }
  if (!isRoot && !canSudo) {
    return {
      action: 'fail',
      message: `${TAG} the browser tests need ${DEBIAN_CHROMIUM}, which is missing, and installing it needs root (sudo asks for a password): ${how}.`,
    };
  }
  const sudo = isRoot ? '' : 'sudo -n ';
  return {
    action: 'install',
    sudo: !isRoot,
    message: `${TAG} ${DEBIAN_CHROMIUM} is missing; the browser tests need it: running \`${sudo}apt-get update -q && ${sudo}apt-get install -y -q chromium\` (about a minute)`,
  };
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command, env) {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && isExecutable(join(dir, command)));
}

function run(argv, sudo) {
  const [command, ...args] = sudo ? ['sudo', '-n', ...argv] : argv;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0;
}

function main() {
  const env = process.env;
  const isRoot = process.getuid?.() === 0;
  const plan = chromiumPlan({
    chromiumPath: env.CHROMIUM_PATH || undefined,
    isExecutable,
    isRoot,
    hasAptGet: onPath('apt-get', env),
    canSudo: !isRoot && onPath('sudo', env) && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
  });
  if (process.argv.includes('--dry-run')) {
    console.log(plan.action === 'ok' ? `${TAG} using ${plan.path}` : plan.message);
    return plan.action === 'fail' ? 1 : 0;
  }
  if (plan.action === 'ok') return 0;
  console.log(plan.message);
  if (plan.action === 'fail') return 1;
  if (!run(['apt-get', 'update', '-q'], plan.sudo) || !run(['apt-get', 'install', '-y', '-q', 'chromium'], plan.sudo)) {
    console.log(`${TAG} apt-get could not install chromium (see above); install it yourself or set CHROMIUM_PATH.`);
    return 1;
  }
  if (!isExecutable(DEBIAN_CHROMIUM)) {
    console.log(`${TAG} apt-get installed chromium but ${DEBIAN_CHROMIUM} is still missing; set CHROMIUM_PATH.`);
    return 1;
  }
  console.log(`${TAG} installed ${DEBIAN_CHROMIUM}`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
