import { InvalidArgumentError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseOptions, splitCommand } from '../src/cli/args.js';
import { SAMPLE_OPTIONS, TRAIN_OPTIONS } from '../src/cli/command-options.js';
import { commandHelp } from '../src/cli/help.js';
import { formatDuration, formatProgress, progressReporter } from '../src/cli/progress.js';
import { checkModelSize } from '../src/cli/sizes.js';
import { mlpVectorField } from '../src/models/index.js';

function parseError(words: string[]): InvalidArgumentError {
  try {
    parseOptions(TRAIN_OPTIONS, words, 'gen train');
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`no error for ${words.join(' ')}`);
}

describe('splitCommand and parseOptions', () => {
  it('reads the command, --flag value, --flag=value, negative numbers and switches into typed values', () => {
    expect(splitCommand(['train', '--steps', '5'])).toEqual({ command: 'train', rest: ['--steps', '5'], help: false });
    expect(splitCommand(['--steps', '5', '-h'])).toEqual({
      command: undefined,
      rest: ['--steps', '5', '-h'],
      help: true,
    });
    const { values, given } = parseOptions(
      TRAIN_OPTIONS,
      ['--data', 'circles', '--steps=500', '--hidden', '8,4', '--lr', '0.01', '--resume'],
      'gen train',
    );
    expect(values).toMatchObject({ data: 'circles', steps: 500, hidden: [8, 4], lr: 0.01, resume: true, force: false });
    expect(values.batch).toBeUndefined(); // decided with the data: DEFAULT_BATCH, 256 for points, 64 for images
    expect(values.out).toBeUndefined();
    expect([...given].sort()).toEqual(['data', 'hidden', 'lr', 'resume', 'steps']);
    // A negative number is read as a value (and then refused by the option, naming it).
    expect(parseError(['--lr', '-1']).parameter).toBe('--lr');
  });

  it('refuses unknown options, suggesting the closest one', () => {
    const typo = parseError(['--stpes', '5']);
    expect(typo.parameter).toBe('--stpes');
    expect(typo.message).toContain('Did you mean "--steps"?');
    expect(parseError(['--n', '5']).message).not.toContain('Did you mean');
    expect(parseError(['--checkpoint-evry', '5']).message).toContain('Did you mean "--checkpoint-every"?');
  });

  it('refuses a missing or empty value instead of reading "true" or 0, and values given to switches', () => {
    for (const words of [['--out'], ['--out', '--steps', '5'], ['--out', '-n'], ['--steps='], ['--out', ' ']]) {
      const error = parseError(words);
      expect(error.parameter, words.join(' ')).toBe(words[0]?.replace(/=$/, ''));
      expect(error.expected).toMatch(/^a value \(/);
    }
    expect(parseError(['--resume=yes']).expected).toBe('no value (it is a switch)');
    expect(parseError(['--steps', '1', '--steps', '2']).expected).toBe('to be given once');
    expect(parseError(['moons']).parameter).toBe('arguments');
  });

  it('checks numbers with their ranges and keeps echoed input short', () => {
    expect(parseError(['--steps', '2.5']).message).toContain('expected an integer ≥ 0, received "2.5"');
    expect(parseError(['--batch', '0']).parameter).toBe('--batch');
    expect(parseError(['--ema', '1']).parameter).toBe('--ema');
    expect(parseError(['--hidden', '16,,16']).parameter).toBe('--hidden');
    const long = parseError(['--steps', '9'.repeat(100_000)]);
    expect(long.message.length).toBeLessThan(300);
    expect(parseError([`--${'x'.repeat(100_000)}`]).message.length).toBeLessThan(300);
  });

  it('states the memory a too-large request needs', () => {
    const error = parseError(['--batch', '1e6']);
    expect(error.message).toContain('expected an integer 1…65536');
    expect(error.message).toMatch(/holds about [\d.]+ GiB/);
  });
});

describe('command help', () => {
  it('lists every option of the command with its value type and default', () => {
    for (const table of [TRAIN_OPTIONS, SAMPLE_OPTIONS]) {
      const text = commandHelp({ usage: 'gen x', brief: 'x', summary: 'X.', options: table });
      for (const spec of Object.values(table)) {
        const lines = text.split('\n');
        const at = lines.findIndex((l) => l.trimStart().startsWith(`${spec.flag} `) || l.trim() === spec.flag);
        // A long option writes its description on the next line.
        const line = `${lines[at]} ${lines[at]?.includes('(default:') ? '' : lines[at + 1]}`;
        expect(line, spec.flag).toContain(`(default: ${spec.defaultText})`);
        if (spec.takesValue) expect(line).toContain(`<${spec.valueName}>`);
      }
    }
  });
});

describe('the model size check', () => {
  it('counts the parameters of the MLP gen train creates', () => {
    const model = mlpVectorField({ dim: 2, hidden: [16, 8] });
    expect(checkModelSize(2, [16, 8])).toBe(model.variables.reduce((n, v) => n + v.size, 0));
    model.dispose();
    expect(checkModelSize(2, [256, 256, 256])).toBe(133_122);
    expect(() => checkModelSize(2, [100_000_000])).toThrow(/600000002 parameters for D = 2.*11\.2 GiB/);
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});

describe('progress', () => {
  it('formats the bar, counts, loss, throughput and ETA', () => {
    expect(formatProgress({ step: 700, steps: 1000, loss: 0.43215, stepsPerSecond: 38.24, etaSeconds: 7.8 }, 10)).toBe(
      '[███████░░░] 700/1000 loss 0.4321 38.2 steps/s ETA 0:08',
    );
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('prints plain lines off a terminal: the first update, one per 10%, and one per 5 s of a slow run', () => {
    const state = (step: number) => ({ step, steps: 1000, loss: 0.5, stepsPerSecond: 10, etaSeconds: 1 });
    let text = '';
    let clock = 0;
    const fast = progressReporter({ err: (t) => (text += t) }, () => clock);
    for (let step = 1; step <= 1000; step += 1) fast.update(state(step));
    fast.end();
    expect(text).not.toContain('\r');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(11); // the first update, then every 10%
    expect(lines[0]).toBe('step 1/1000 (0%), loss 0.5000, 10.0 steps/s, ETA 0:01');
    expect(lines[1]).toBe('step 100/1000 (10%), loss 0.5000, 10.0 steps/s, ETA 0:01');
    text = '';
    const slow = progressReporter({ err: (t) => (text += t) }, () => clock);
    for (let step = 1; step <= 50; step += 1) {
      clock += 1000; // one second per update: a line every 5 s (50 updates are 5% of the run)
      slow.update(state(step));
    }
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' ')[1]),
    ).toEqual([
      '1/1000',
      '6/1000',
      '11/1000',
      '16/1000',
      '21/1000',
      '26/1000',
      '31/1000',
      '36/1000',
      '41/1000',
      '46/1000',
    ]);
  });

  it('redraws one line with \\r on a terminal and closes it at the end', () => {
    let text = '';
    let clock = 0;
    const bar = progressReporter({ err: (t) => (text += t), errIsTerminal: true }, () => clock);
    for (let step = 1; step <= 10; step += 1) {
      clock += 50;
      bar.update({ step, steps: 10, loss: 1, stepsPerSecond: 20, etaSeconds: 0 });
    }
    bar.end();
    // Frames at 50, 150, 250, 350 and 450 ms and the last update (500 ms); each starts with \r.
    expect(text.split('\r').slice(1)).toHaveLength(6);
    expect(text.endsWith('ETA 0:00\n')).toBe(true);
  });
});
