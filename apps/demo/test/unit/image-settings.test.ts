import { InvalidArgumentError } from '@gen/core';
import { describe, expect, it } from 'vitest';
import {
  ALL_CLASSES,
  parseImageSamplingSettings,
  parseImageTrainingSettings,
  type RawImageSettings,
} from '../../src/image-settings.js';

/** The images form as the page starts (index.html's values; base channels as UNET_DEFAULTS would fill in). */
const FORM: RawImageSettings = {
  'img-base': '8',
  'img-lr': '0.002',
  'img-batch': '32',
  'img-steps': '200',
  'img-chunk': '5',
  'img-seed': '0',
  'img-dropout': '0.1',
  'img-refresh': '50',
  'img-method': 'midpoint',
  'img-ode-steps': '10',
  'img-columns': '4',
  'img-sample-seed': '1',
  'img-guidance': '2',
  'img-class': 'all',
};

/** The `InvalidArgumentError` thrown by `parse`. */
function errorOf(parse: () => unknown): InvalidArgumentError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('the images mode’s settings', () => {
  it("parses the page's start values", () => {
    expect(parseImageTrainingSettings(FORM)).toEqual({
      baseChannels: 8,
      seed: 0,
      learningRate: 0.002,
      batchSize: 32,
      steps: 200,
      chunk: 5,
      labelDropout: 0.1,
      refreshEvery: 50,
    });
    expect(parseImageSamplingSettings(FORM)).toEqual({
      method: 'midpoint',
      steps: 10,
      columns: 4,
      seed: 1,
      guidance: 2,
      digit: ALL_CLASSES,
    });
  });

  it('takes guidance w ≥ 0 (0 and fractions included) and a digit 0–9 or all', () => {
    for (const [text, w] of [
      ['0', 0],
      ['0.5', 0.5],
      ['7.5', 7.5],
      ['1e1', 10],
    ] as const)
      expect(parseImageSamplingSettings({ ...FORM, 'img-guidance': text }).guidance).toBe(w);
    for (let d = 0; d < 10; d += 1)
      expect(parseImageSamplingSettings({ ...FORM, 'img-class': String(d) }).digit).toBe(d);
  });

  it('refuses a negative, infinite, empty or non-numeric guidance, naming img-guidance', () => {
    for (const text of ['-0.5', '-1', 'Infinity', 'NaN', '', ' ', 'two']) {
      const error = errorOf(() => parseImageSamplingSettings({ ...FORM, 'img-guidance': text }));
      expect(error.parameter).toBe('img-guidance');
      expect(error.message).toMatch(/w ≥ 0/);
    }
  });

  it('refuses a class outside 0–9 or not an integer, naming img-class', () => {
    for (const text of ['10', '-1', '2.5', '', 'seven', 'ALL']) {
      const error = errorOf(() => parseImageSamplingSettings({ ...FORM, 'img-class': text }));
      expect(error.parameter).toBe('img-class');
    }
  });

  it('refuses label dropout outside [0, 1), a base below 2, zero steps, columns or batch, and a negative refresh', () => {
    const cases: [Partial<RawImageSettings>, keyof RawImageSettings][] = [
      [{ 'img-dropout': '1' }, 'img-dropout'],
      [{ 'img-dropout': '-0.1' }, 'img-dropout'],
      [{ 'img-dropout': 'x' }, 'img-dropout'],
      [{ 'img-base': '1' }, 'img-base'],
      [{ 'img-steps': '0' }, 'img-steps'],
      [{ 'img-batch': '2.5' }, 'img-batch'],
      [{ 'img-refresh': '-1' }, 'img-refresh'],
      [{ 'img-lr': '0' }, 'img-lr'],
    ];
    for (const [change, field] of cases)
      expect(errorOf(() => parseImageTrainingSettings({ ...FORM, ...change })).parameter).toBe(field);
    expect(parseImageTrainingSettings({ ...FORM, 'img-dropout': '0', 'img-refresh': '0' })).toMatchObject({
      labelDropout: 0,
      refreshEvery: 0,
    });
    expect(errorOf(() => parseImageSamplingSettings({ ...FORM, 'img-columns': '0' })).parameter).toBe('img-columns');
    expect(errorOf(() => parseImageSamplingSettings({ ...FORM, 'img-ode-steps': '' })).parameter).toBe('img-ode-steps');
  });

  it('quotes at most 40 characters of what was typed', () => {
    const error = errorOf(() => parseImageSamplingSettings({ ...FORM, 'img-guidance': 'x'.repeat(10_000) }));
    expect(error.message.length).toBeLessThan(300);
  });
});
