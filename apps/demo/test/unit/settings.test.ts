import { InvalidArgumentError } from '@gen/core';
import { describe, expect, it } from 'vitest';
import {
  parseModelSettings,
  parseSamplingSettings,
  parseTrainingSettings,
  type RawSettings,
  selectedObjective,
} from '../../src/settings.js';

/** The form as the page starts (index.html's values). */
const FORM: RawSettings = {
  objective: 'ot-cfm',
  width: '64',
  depth: '2',
  lr: '0.003',
  batch: '128',
  steps: '1000',
  chunk: '10',
  seed: '0',
  method: 'rk4',
  'ode-steps': '20',
  'n-samples': '1000',
  'sample-seed': '1',
  rtol: '0.0001',
  atol: '0.0001',
};

/** The error thrown by `parse` on `form`, which must be an `InvalidArgumentError`. */
function errorOf(parse: () => unknown): InvalidArgumentError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('settings read from the form', () => {
  it("parses the page's start values into numbers", () => {
    expect(parseTrainingSettings(FORM)).toEqual({
      objective: 'ot-cfm',
      width: 64,
      depth: 2,
      seed: 0,
      learningRate: 0.003,
      batchSize: 128,
      steps: 1000,
      chunk: 10,
    });
    expect(parseSamplingSettings(FORM)).toEqual({
      method: 'rk4',
      steps: 20,
      samples: 1000,
      seed: 1,
      rtol: 1e-4,
      atol: 1e-4,
    });
    expect(parseModelSettings({ ...FORM, depth: '0', objective: 'dsm' })).toEqual({
      objective: 'dsm',
      width: 64,
      depth: 0,
      seed: 0,
    });
  });

  it('names the field, the range and the text typed for each bad value', () => {
    const cases: [keyof RawSettings, string, string, (raw: RawSettings) => unknown][] = [
      ['width', '0', 'an integer ≥ 1', parseModelSettings],
      ['depth', '-1', 'an integer ≥ 0', parseModelSettings],
      ['seed', '1.5', 'an integer ≥ 0', parseModelSettings],
      ['lr', '0', 'a positive number', parseTrainingSettings],
      ['lr', 'abc', 'a positive number', parseTrainingSettings],
      ['batch', '', 'an integer ≥ 1', parseTrainingSettings],
      ['steps', 'Infinity', 'an integer ≥ 1', parseTrainingSettings],
      ['chunk', '2.5', 'an integer ≥ 1', parseTrainingSettings],
      ['ode-steps', '0', 'an integer ≥ 1', parseSamplingSettings],
      ['n-samples', ' ', 'an integer ≥ 1', parseSamplingSettings],
      ['sample-seed', '-3', 'an integer ≥ 0', parseSamplingSettings],
      ['rtol', '-1e-4', 'a positive number', parseSamplingSettings],
      ['atol', 'NaN', 'a positive number', parseSamplingSettings],
    ];
    for (const [field, text, expected, parse] of cases) {
      const error = errorOf(() => parse({ ...FORM, [field]: text }));
      expect(error.parameter).toBe(field);
      expect(error.expected).toBe(expected);
      expect(error.message).toContain(text.trim() === '' ? 'received' : text);
    }
  });

  it('quotes at most 40 characters of a long value', () => {
    const error = errorOf(() => parseTrainingSettings({ ...FORM, lr: 'x'.repeat(10_000) }));
    expect(error.message.length).toBeLessThan(200);
  });

  it('reads an objective outside the registry as OT-CFM', () => {
    expect(selectedObjective({ objective: 'likelihood' })).toBe('likelihood');
    expect(selectedObjective({ objective: 'gan' })).toBe('ot-cfm');
  });
});
