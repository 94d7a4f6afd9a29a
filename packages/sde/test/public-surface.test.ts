import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';

describe('@gen/sde public surface', () => {
  it('keeps the single-step machinery of sdeint off the root', () => {
    for (const name of [
      'StepStart',
      'euler',
      'eulerMaruyama',
      'heun',
      'stochasticHeun',
      'milstein',
      'srk',
      'SDE_METHODS',
    ])
      expect(Object.hasOwn(root, name), `root exports ${name}`).toBe(false);
  });

  it('exports the one sampler table and diffusionProblem, not the per-sampler functions it replaced', () => {
    for (const name of ['SAMPLERS', 'SAMPLER_NAMES', 'getSampler', 'diffusionProblem', 'probabilityFlowLogProb'])
      expect(Object.hasOwn(root, name), `root lacks ${name}`).toBe(true);
    for (const name of ['reverseSdeSampler', 'predictorCorrectorSampler', 'ddimSampler', 'dpmSolverPlusPlus2M'])
      expect(Object.hasOwn(root, name), `root exports ${name}`).toBe(false);
    expect(Object.hasOwn(root, 'probabilityFlowSampler')).toBe(false);
  });

  it('names the methods sdeint accepts', () => {
    expect(root.SDE_METHOD_NAMES).toEqual(['euler', 'milstein', 'heun', 'srk']);
    expect(Object.isFrozen(root.SDE_METHOD_NAMES)).toBe(true);
  });
});
