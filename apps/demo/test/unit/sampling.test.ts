import { InvalidArgumentError, initBackend, StandardNormal } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { METHOD_NAMES } from '@gen/ode';
import { SAMPLER_NAMES } from '@gen/sde';
import { beforeAll, describe, expect, it } from 'vitest';
import { precisionOf } from '../../src/precision.js';
import { defaultMethod, drawSamples, methodChoices, solveChoice } from '../../src/sampling.js';
import type { SamplingSettings } from '../../src/settings.js';
import { disposeModel, smallModel, zeroModel } from '../support/models.js';

const SETTINGS: SamplingSettings = { method: 'rk4', steps: 20, samples: 50, seed: 7, rtol: 1e-4, atol: 1e-4 };
const CPU = precisionOf('cpu');

beforeAll(async () => {
  await initBackend('cpu');
});

describe("the Method select: @gen/sde's sampler table", () => {
  it('offers the ODE methods for flows, the adaptive ones marked, rk4 selected', () => {
    expect(methodChoices(false).map((c) => c.value)).toEqual([...METHOD_NAMES]);
    expect(methodChoices(false).map((c) => c.label)).toEqual([
      'euler',
      'midpoint',
      'heun',
      'rk4',
      'bosh3 (adaptive)',
      'dopri5 (adaptive)',
      'tsit5 (adaptive)',
      'dopri8 (adaptive)',
    ]);
    expect(defaultMethod(false)).toBe('rk4');
  });

  it('offers every row for a diffusion model: probability-flow ODE methods, then the diffusion samplers', () => {
    const choices = methodChoices(true);
    expect(choices.map((c) => c.value)).toEqual([...SAMPLER_NAMES]);
    expect(choices.find((c) => c.value === 'rk4')?.label).toBe('rk4 (probability flow)');
    expect(choices.find((c) => c.value === 'dopri5')?.label).toBe('dopri5 (adaptive, probability flow)');
    expect(choices.find((c) => c.value === 'dpm-solver++')?.label).toBe('DPM-Solver++ (2M)');
    expect(defaultMethod(true)).toBe('dpm-solver++');
  });

  it('gives fixed-step methods the Steps field and adaptive ones the tolerances raised to the float32 floor', () => {
    expect(solveChoice(SETTINGS, CPU)).toEqual({ options: { method: 'rk4', steps: 20 }, toleranceNote: '' });
    expect(solveChoice({ ...SETTINGS, method: 'ddim' }, CPU).options).toEqual({ method: 'ddim', steps: 20 });
    expect(solveChoice({ ...SETTINGS, method: 'dopri5' }, CPU)).toEqual({
      options: { method: 'dopri5', rtol: 1e-4, atol: 1e-4 },
      toleranceNote: '',
    });
    const floor = 100 * 2 ** -23;
    expect(CPU.minRtol).toBe(floor);
    expect(solveChoice({ ...SETTINGS, method: 'dopri5', rtol: 1e-7, atol: 1e-7 }, CPU)).toEqual({
      options: { method: 'dopri5', rtol: floor, atol: floor },
      toleranceNote: 'raised to the float32 floor: rtol 1e-7 → 1.19e-5, atol 1e-7 → 1.19e-5',
    });
    expect(solveChoice({ ...SETTINGS, method: 'tsit5', rtol: 1e-3, atol: 1e-9 }, CPU).toleranceNote).toBe(
      'raised to the float32 floor: atol 1e-9 → 1.19e-5',
    );
  });

  it('names the method for a name outside the table', () => {
    expect(() => solveChoice({ ...SETTINGS, method: 'leapfrog' }, CPU)).toThrow(InvalidArgumentError);
    try {
      solveChoice({ ...SETTINGS, method: 'leapfrog' }, CPU);
    } catch (error) {
      expect((error as InvalidArgumentError).parameter).toBe('method');
    }
  });
});

describe('sampling a model with the one sample', () => {
  it('returns the prior draw itself for a zero field (the identity flow), 4 evaluations per rk4 step', async () => {
    const model = zeroModel();
    try {
      const result = await expectNoLeaks(() => drawSamples(model, 2, SETTINGS, CPU));
      const z = new StandardNormal(2).sample(50, 7);
      const expected = z.arraySync() as number[][];
      z.dispose();
      expect(result.sampleNfe).toBe(80);
      expect(result.samples).toEqual(expected);
      expect(result.sampleInfo).toMatch(/^50 samples · NFE 80 · \d+\.\d\d s$/);
      expect(result.status).toMatch(/^Sampled 50 points with rk4 \(NFE 80, \d+\.\d\d s\)\.$/);
      expect(result.toleranceNote).toBe('');
    } finally {
      disposeModel(model);
    }
  });

  it('samples a dsm model with a diffusion sampler in `steps` evaluations, the same for the same seed', async () => {
    const model = smallModel('dsm', 1);
    try {
      for (const [method, nfe] of [
        ['dpm-solver++', 20],
        ['reverse-sde', 20],
        ['ddim', 20],
      ] as const) {
        const a = await expectNoLeaks(() => drawSamples(model, 2, { ...SETTINGS, method }, CPU));
        const b = await drawSamples(model, 2, { ...SETTINGS, method }, CPU);
        expect(a.sampleNfe).toBe(nfe);
        expect(a.samples).toHaveLength(50);
        expect(a.samples?.flat().every(Number.isFinite)).toBe(true);
        expect(b.samples).toEqual(a.samples);
      }
    } finally {
      disposeModel(model);
    }
  });

  it('refuses a diffusion sampler for a flow model, naming the method, without leaking', async () => {
    const model = smallModel('ot-cfm');
    try {
      await expectNoLeaks(async () => {
        await expect(drawSamples(model, 2, { ...SETTINGS, method: 'ddim' }, CPU)).rejects.toThrow(InvalidArgumentError);
      });
    } finally {
      disposeModel(model);
    }
  });
});
