import { InvalidArgumentError } from '@gen/core';
import { describe, expect, it } from 'vitest';
import { numberFlag, parseArgs } from '../src/cli/args.js';
import { formatDuration, formatProgress } from '../src/cli/progress.js';

describe('parseArgs', () => {
  it('reads the command, --flag value, --flag=value, -n value, negative numbers and switches', () => {
    expect(parseArgs(['train', '--data', 'moons', '--steps=500', '-n', '7', '--lr', '-1', '--fast'])).toEqual({
      command: 'train',
      flags: { data: 'moons', steps: '500', n: '7', lr: '-1', fast: 'true' },
    });
    expect(parseArgs([])).toEqual({ command: undefined, flags: {} });
    expect(() => parseArgs(['train', 'moons'])).toThrow(InvalidArgumentError);
  });

  it('checks numeric flags and names them', () => {
    const { flags } = parseArgs(['train', '--steps', '-5', '--lr', '0.01', '--batch', '2.5']);
    expect(() => numberFlag(flags, 'steps', 1, 'non-negative-integer')).toThrow(
      /"--steps": expected an integer ≥ 0, received "-5"/,
    );
    expect(numberFlag(flags, 'lr', 1, 'positive')).toBe(0.01);
    expect(() => numberFlag(flags, 'batch', 1, 'positive-integer')).toThrow(/"--batch"/);
    expect(numberFlag(flags, 'absent', 42, 'positive-integer')).toBe(42);
  });
});

describe('progress', () => {
  it('formats the bar, counts, loss, throughput and ETA', () => {
    expect(formatProgress({ step: 700, steps: 1000, loss: 0.43215, stepsPerSecond: 38.24, etaSeconds: 7.8 }, 10)).toBe(
      '[███████░░░] 700/1000 loss 0.4321 38.2 steps/s ETA 0:08',
    );
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
