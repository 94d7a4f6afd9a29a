import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { captureCli } from './support/cli-capture.js';

afterAll(async () => {
  await initBackend('cpu');
});

/** The files of a saved model folder, by name, as bytes. */
async function modelBytes(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(join(dir, 'model'))).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, 'model', n))] as const)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gen-cli-runs-'));
});

/** A short training command into `out`. */
const trainArgs = (out: string, steps = 120) => [
  'train',
  '--steps',
  String(steps),
  '--batch',
  '32',
  '--hidden',
  '16,16',
  '--checkpoint-every',
  '10',
  '--seed',
  '3',
  '--out',
  out,
  '--backend',
  'cpu',
];

describe('gen train --resume after a kill', () => {
  it('continues from the latest checkpoint to the same weights, bit for bit, as an uninterrupted run', async () => {
    const whole = join(root, 'whole');
    const uninterrupted = captureCli();
    expect(await runCli(trainArgs(whole), uninterrupted.io), uninterrupted.errors()).toBe(0);

    // The same command in a real process, killed (SIGKILL: no clean-up) once its first checkpoint is written.
    const killed = join(root, 'killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/gen-process.ts', ...trainArgs(killed)], {
      cwd: join(import.meta.dirname, '..'),
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    const latest = join(killed, 'checkpoints', 'latest');
    for (let waited = 0; !existsSync(latest) && waited < 120_000; waited += 5) await sleep(5);
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(killed, 'run.json')), 'the run ended before the kill').toBe(false);
    expect((await readFile(join(killed, '.gen-lock'), 'utf8')).trim()).toBe(String(child.pid));

    // Without --resume the folder is refused, naming both ways on.
    const refused = captureCli();
    expect(await runCli(trainArgs(killed), refused.io)).toBe(2);
    expect(refused.errors()).toMatch(/^gen: Invalid argument "--out": .*--resume.*--force/);
    expect(refused.errors().trim().split('\n')).toHaveLength(1);

    // --resume with a result-deciding flag changed is refused too.
    const changed = captureCli();
    expect(await runCli([...trainArgs(killed), '--resume', '--lr', '0.01'], changed.io)).toBe(2);
    expect(changed.errors()).toMatch(/"--resume": expected the settings the run was started with \(--lr 0\.001\)/);

    // The killed process's lock is stale and taken over.
    const resumed = captureCli();
    expect(await runCli([...trainArgs(killed), '--resume'], resumed.io), resumed.errors()).toBe(0);
    const from = Number(/resuming .* from update (\d+)/.exec(resumed.errors())?.[1]);
    expect(from).toBeGreaterThanOrEqual(10);
    expect(from).toBeLessThan(120);
    const a = await modelBytes(whole);
    const b = await modelBytes(killed);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(Buffer.compare(bytes, b.get(name) as Buffer), name).toBe(0);
    const losses = async (dir: string) =>
      (JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as { losses: number[] }).losses;
    expect(await losses(killed)).toEqual(await losses(whole));
    expect(existsSync(join(killed, '.gen-lock'))).toBe(false);
  });
});

describe('gen train --out', () => {
  it('refuses a second gen train into a folder that one is using, naming the lock', async () => {
    const out = join(root, 'busy');
    const first = captureCli();
    const running = runCli(trainArgs(out, 300), first.io);
    const lock = join(out, '.gen-lock');
    for (let waited = 0; !existsSync(lock) && waited < 60_000; waited += 1) await sleep(1);
    const second = captureCli();
    expect(await runCli(trainArgs(out, 300), second.io)).toBe(2);
    expect(second.errors()).toMatch(
      new RegExp(
        `"--out": expected a folder that no other \`gen train\` is using.*Process ${process.pid} holds its lock .*\\.gen-lock`,
      ),
    );
    expect(await running, first.errors()).toBe(0);
  });

  it('takes over the lock of a process that no longer runs', async () => {
    const out = join(root, 'stale');
    await mkdir(out);
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeFile(join(out, '.gen-lock'), `${gone}\n`);
    const run = captureCli();
    expect(await runCli(trainArgs(out, 5), run.io), run.errors()).toBe(0);
  });

  it('--force replaces a run only when the new one finishes', async () => {
    const out = join(root, 'forced');
    expect(await runCli(trainArgs(out, 20), captureCli().io)).toBe(0);
    const before = await modelBytes(out);
    // A --force run that fails midway (here its output channel throws) leaves the old run as it was.
    let updates = 0;
    const failing = {
      out: () => {},
      err: (text: string) => {
        if (text.startsWith('step ') && ++updates === 2) throw new Error('disk full');
      },
    };
    expect(await runCli([...trainArgs(out, 200), '--force'], failing)).toBe(1);
    expect(await modelBytes(out)).toEqual(before);
    expect(JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).steps).toBe(20);
    // One that finishes replaces it, leaving no staging folder.
    expect(await runCli([...trainArgs(out, 30), '--force'], captureCli().io)).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).steps).toBe(30);
    expect((await readdir(out)).sort()).toEqual(['checkpoints', 'model', 'run.json', 'train.json']);
  });

  it('checks the folder before the first update: a file, a path under a file, /proc, a missing value', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    const cases: [string, RegExp][] = [
      [file, /"--out": expected a folder that exists or can be created, .*It is a file\./],
      [
        join(file, 'run'),
        /"--out": expected a folder that exists or can be created, .*is a file, not a folder|ENOTDIR/,
      ],
      ['/proc/gen-run', /"--out": expected a folder that exists or can be created, received "\/proc\/gen-run"/],
    ];
    for (const [out, message] of cases) {
      const run = captureCli();
      expect(await runCli(trainArgs(out, 5), run.io), out).toBe(2);
      expect(run.errors()).toMatch(message);
      expect(run.errors(), 'no update ran').not.toMatch(/^step /m);
      expect(run.errors().trim().split('\n')).toHaveLength(1);
    }
  });
});
