import { cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPTIONS, TRAIN_OPTIONS } from '../src/cli/command-options.js';
import { expectBadInput, runGen } from './support/cli-capture.js';

afterAll(async () => {
  await initBackend('cpu');
});

let root: string;
let model: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gen-cli-commands-'));
  model = join(root, 'run');
  const trained = await runGen(['train', '--steps', '20', '--batch', '32', '--hidden', '16,16', '--out', model]);
  expect(trained.code, trained.errors).toBe(0);
});

describe('per-command help', () => {
  it('gen <command> --help prints that command’s options; gen --help the overview', async () => {
    const train = await runGen(['train', '--help']);
    expect(train.code).toBe(0);
    expect(train.lines[0]).toMatch(/^Usage: gen train \[options\]/);
    for (const flag of ['--checkpoint-every <integer ≥ 1>', '--resume', '--force', '--hidden <w1,w2,…>']) {
      expect(train.lines[0]).toContain(flag);
    }
    expect(train.lines[0]).toMatch(/--steps <integer ≥ 0> +training updates .*\(default: 5000\)/);
    const sample = await runGen(['sample', '-h']);
    expect(sample.lines[0]).toMatch(/--max-steps <integer ≥ 1> +.*\(default: 10000\)/);
    expect(sample.lines[0]).toMatch(/--rtol <number > 0> +.*\(default: 0.00001\)/);
    expect(sample.lines[0]).toMatch(
      /--steps <integer 1…1000000> +sampler steps .*\(default: the method's \(euler 20, .*ddim 50/,
    );
    expect(sample.lines[0]).toContain('dpm-solver++');
    const overview = await runGen(['--help']);
    for (const command of ['gen train', 'gen sample', 'gen eval', 'gen plot'])
      expect(overview.lines[0]).toContain(command);
    expect((await runGen(['plot', '--help'])).lines[0]).toMatch(/--grid <integer 1…1024> +.*\(default: 64\)/);
  });
});

describe('the demo (gen without a command)', () => {
  it('takes gen train’s options, with 1000 updates by default, and no others', async () => {
    expect(Object.keys(DEMO_OPTIONS)).toEqual(Object.keys(TRAIN_OPTIONS));
    expect(DEMO_OPTIONS.steps.default).toBe(1000);
    expectBadInput(await runGen(['-n', '5']), '-n');
    expectBadInput(await runGen(['--method', 'euler']), '--method');
  });
});

describe('gen sample: solver options and the output file', () => {
  it('takes a fixed-step method past the adaptive solver’s 10 000-step budget', async () => {
    const out = join(root, 'euler.csv');
    const run = await runGen([
      'sample',
      '--model',
      model,
      '-n',
      '4',
      '--method',
      'euler',
      '--steps',
      '12000',
      '--out',
      out,
    ]);
    expect(run.code, run.errors).toBe(0);
    expect(run.lines[0]).toMatch(/\(12000 field evaluations\)/);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(4);
  });

  it('passes --max-steps, --rtol and --atol to adaptive solves (a tiny budget fails as a numerical error)', async () => {
    const run = await runGen(['sample', '--model', model, '-n', '4', '--max-steps', '2', '--out', join(root, 'x.csv')]);
    expect(run.code).toBe(1);
    expect(run.errors).toMatch(/^gen: .*maxSteps = 2/m);
    const evalRun = await runGen(['eval', '--model', model, '-n', '50', '--max-steps', '2']);
    expect(evalRun.code).toBe(1);
    const loose = await runGen([
      'sample',
      '--model',
      model,
      '-n',
      '4',
      '--rtol',
      '1e-2',
      '--atol',
      '1e-2',
      '--out',
      join(root, 'l.csv'),
    ]);
    const tight = await runGen([
      'sample',
      '--model',
      model,
      '-n',
      '4',
      '--rtol',
      '1e-7',
      '--atol',
      '1e-7',
      '--out',
      join(root, 't.csv'),
    ]);
    const nfe = (line: string | undefined) => Number(/\((\d+) field evaluations\)/.exec(line ?? '')?.[1]);
    expect(nfe(tight.lines[0])).toBeGreaterThan(nfe(loose.lines[0]));
  });

  it('refuses solver options of the other kind of method, and an --out that is not .csv or .npy', async () => {
    expectBadInput(await runGen(['sample', '--model', model, '--steps', '50']), '--steps');
    expectBadInput(await runGen(['sample', '--model', model, '--method', 'rk4', '--rtol', '1e-3']), '--rtol');
    const txt = await runGen(['sample', '--model', model, '--out', join(root, 'x.txt')]);
    expectBadInput(txt, '--out');
    expect(txt.errors).toContain('Only .csv and .npy are written.');
    expect(txt.errors).not.toMatch(/^gen sample: /m); // refused before sampling
    expectBadInput(await runGen(['sample', '--model', model, '--out', join(root, 'missing', 'x.csv')]), '--out');
    const proc = await runGen(['sample', '--model', model, '--out', '/proc/gen-x.csv']);
    expectBadInput(proc, '--out');
    expect(proc.errors).toContain('It cannot be created there (ENOENT).');
  });
});

describe('gen sample --method: any row of the sampler table', () => {
  let diffusion: string;
  beforeAll(async () => {
    diffusion = join(root, 'dsm-run');
    const args = ['train', '--objective', 'dsm', '--steps', '20', '--batch', '32', '--hidden', '16,16'];
    const trained = await runGen([...args, '--out', diffusion]);
    expect(trained.code, trained.errors).toBe(0);
  });
  const nfe = (line: string | undefined) => Number(/\((\d+) field evaluations\)/.exec(line ?? '')?.[1]);

  it('samples a diffusion run with each diffusion sampler, --steps counting its steps (default the method’s)', async () => {
    const cases: [string[], number][] = [
      [['--method', 'ddim', '--steps', '5'], 5],
      [['--method', 'reverse-sde', '--steps', '7'], 7],
      [['--method', 'pc', '--steps', '3'], 6],
      [['--method', 'dpm-solver++'], 20],
      [['--method', 'rk4', '--steps', '3'], 12],
    ];
    for (const [flags, expected] of cases) {
      const out = join(root, `dsm-${flags[1]}.csv`);
      const result = await runGen(['sample', '--model', diffusion, '-n', '20', ...flags, '--out', out]);
      expect(result.code, result.errors).toBe(0);
      expect(nfe(result.lines[0]), flags.join(' ')).toBe(expected);
      const rows = (await readFile(out, 'utf8')).trim().split('\n');
      expect(rows.slice(1).every((r) => r.split(',').every((v) => Number.isFinite(Number(v))))).toBe(true);
    }
  });

  it('takes the method’s default steps for a flow (rk4: 20 steps, 80 evaluations)', async () => {
    const result = await runGen([
      'sample',
      '--model',
      model,
      '-n',
      '8',
      '--method',
      'rk4',
      '--out',
      join(root, 'r.csv'),
    ]);
    expect(result.code, result.errors).toBe(0);
    expect(nfe(result.lines[0])).toBe(80);
  });

  it('refuses a diffusion sampler for a flow model and an unknown method, naming --method', async () => {
    const flow = await runGen(['sample', '--model', model, '--method', 'ddim', '--out', join(root, 'd.csv')]);
    expectBadInput(flow, '--method');
    expect(flow.errors).toContain('ddim samples diffusion models (--objective dsm).');
    const unknown = await runGen(['sample', '--model', model, '--method', 'ddpm']);
    expectBadInput(unknown, '--method');
    for (const name of ['dopri5', 'rk4', 'reverse-sde', 'pc', 'ddim', 'dpm-solver++']) {
      expect(unknown.errors).toContain(name);
    }
    expectBadInput(await runGen(['sample', '--model', diffusion, '--method', 'ddim', '--rtol', '1e-3']), '--rtol');
    expectBadInput(await runGen(['sample', '--model', diffusion, '--method', 'ddim', '--steps', '0']), '--steps');
  });
});

describe('gen eval and gen plot', () => {
  it('say what they are computing on stderr', async () => {
    const scores = await runGen(['eval', '--model', model, '-n', '100']);
    expect(scores.code, scores.errors).toBe(0);
    expect(scores.errors).toMatch(/^gen eval: sampling 100 points, then MMD².*NLL/m);
    const plot = await runGen(['plot', '--model', model, '-n', '50', '--grid', '4']);
    expect(plot.code, plot.errors).toBe(0);
    expect(plot.errors.split('\n').filter((l) => l.startsWith('gen plot: '))).toEqual([
      'gen plot: sampling 50 points…',
      'gen plot: drawing 64 trajectories…',
      'gen plot: computing the density on a 4 × 4 grid (one likelihood solve)…',
    ]);
  });
});

describe('sizes are refused up front with the memory they need', () => {
  it('-n, --grid, --batch and --hidden beyond the limits', async () => {
    const cases: [string[], string, RegExp][] = [
      [['sample', '--model', model, '-n', '1e12'], '-n', /need about 72\.8 TiB/],
      [['sample', '--model', model, '-n', '1e9'], '-n', /need about 74\.5 GiB/],
      [['eval', '--model', model, '-n', '1e6'], '-n', /compare all 4000000000000 pairs/],
      [['plot', '--model', model, '--grid', '100000'], '--grid', /10000000000 cells; .*1\.09 TiB/],
      [['train', '--batch', '20000'], '--batch', /20000 × 20000 cost matrix .*2\.98 GiB/],
      [['train', '--hidden', '100000000'], '--hidden', /600000002 parameters .*11\.2 GiB/],
    ];
    for (const [argv, flag, cost] of cases) {
      const run = await runGen(argv);
      expectBadInput(run, flag);
      expect(run.errors).toMatch(cost);
    }
  });
});

describe('bad files: exit 2 with one line naming the option', () => {
  it('a missing or unreadable --data file', async () => {
    expectBadInput(await runGen(['train', '--data', join(root, 'nope.csv'), '--out', join(root, 'd1')]), '--data');
    await mkdir(join(root, 'folder.npy'));
    expectBadInput(await runGen(['train', '--data', join(root, 'folder.npy'), '--out', join(root, 'd2')]), '--data');
    await writeFile(join(root, 'bad.npy'), 'not numpy at all');
    expectBadInput(await runGen(['train', '--data', join(root, 'bad.npy'), '--out', join(root, 'd3')]), '--data');
  });

  it('a huge path is echoed shortened', async () => {
    const run = await runGen(['train', '--data', `${'d'.repeat(100_000)}.csv`]);
    expectBadInput(run, '--data');
    expect(run.errors.length).toBeLessThan(400);
  });

  it('a missing --model folder, a file in its place, a folder without model/ or run.json', async () => {
    expectBadInput(await runGen(['sample', '--model', join(root, 'absent')]), '--model');
    expectBadInput(await runGen(['eval', '--model', join(model, 'run.json')]), '--model');
    const noModel = join(root, 'no-model');
    await mkdir(noModel);
    await cp(join(model, 'run.json'), join(noModel, 'run.json'));
    expectBadInput(await runGen(['plot', '--model', noModel]), '--model');
    await rm(join(noModel, 'run.json'));
    expectBadInput(await runGen(['sample', '--model', noModel]), '--model');
  });

  it('a model.json that is not JSON, a wrong manifest, truncated weights, an unreadable run.json', async () => {
    const broken = async (name: string, damage: (dir: string) => Promise<void>) => {
      const dir = join(root, name);
      await cp(model, dir, { recursive: true });
      await damage(dir);
      return runGen(['sample', '--model', dir, '-n', '3', '--out', join(dir, 's.csv')]);
    };
    expectBadInput(await broken('not-json', (d) => writeFile(join(d, 'model', 'model.json'), '{ nope')), '--model');
    expectBadInput(
      await broken('manifest', (d) => writeFile(join(d, 'model', 'model.json'), '{"weightsManifest": 5}')),
      '--model',
    );
    expectBadInput(await broken('truncated', (d) => truncate(join(d, 'model', 'weights.bin'), 100)), '--model');
    expectBadInput(await broken('run-json', (d) => writeFile(join(d, 'run.json'), '[')), '--model');
  });

  it('a corrupt checkpoint given to --resume', async () => {
    const dir = join(root, 'corrupt-checkpoint');
    await cp(model, dir, { recursive: true });
    const latest = (await readFile(join(dir, 'checkpoints', 'latest'), 'utf8')).trim();
    await writeFile(join(dir, 'checkpoints', latest, 'checkpoint.json'), '{"step": ');
    const run = await runGen([
      'train',
      '--steps',
      '40',
      '--batch',
      '32',
      '--hidden',
      '16,16',
      '--out',
      dir,
      '--resume',
    ]);
    expectBadInput(run, '--resume');
  });
});

describe('tensor memory', () => {
  it('every command leaves the tensor count unchanged, on success and on failure', async () => {
    const runs: [string[], number][] = [
      [['sample', '--model', model, '-n', '5', '--out', join(root, 'leak.csv')], 0],
      [['sample', '--model', model, '-n', '5', '--out', join(root, 'leak.txt')], 2],
      [['sample', '--model', model, '-n', '5', '--max-steps', '2', '--out', join(root, 'leak2.csv')], 1],
      [['eval', '--model', model, '-n', '20'], 0],
      [['eval', '--model', model, '-n', '20', '--max-steps', '2'], 1],
      [['plot', '--model', model, '-n', '20', '--grid', '2'], 0],
      [['train', '--steps', '3', '--batch', '8', '--hidden', '4', '--out', join(root, 'leak-run')], 0],
      [['train', '--steps', '3', '--batch', '8', '--hidden', '4', '--out', join(root, 'leak-run')], 2],
    ];
    for (const [argv, code] of runs) {
      const run = await expectNoLeaks(() => runGen(argv));
      expect(run.code, `${argv.join(' ')}: ${run.errors}`).toBe(code);
    }
  });
});
