import { InvalidArgumentError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { METHOD_NAMES, ODE_SAMPLERS } from '@gen/ode';
import { describe, expect, it } from 'vitest';
import { DIFFUSION_SAMPLERS, getSampler, SAMPLER_NAMES, SAMPLERS } from '../../src/samplers/index.js';

describe('SAMPLERS', () => {
  it('lists the ODE methods, then the diffusion samplers', () => {
    expect(SAMPLER_NAMES).toEqual([...METHOD_NAMES, 'reverse-sde', 'pc', 'ddim', 'dpm-solver++']);
    expect(Object.isFrozen(SAMPLERS)).toBe(true);
    for (const name of METHOD_NAMES) expect(SAMPLERS[name]).toBe(ODE_SAMPLERS[name]);
    for (const [name, row] of Object.entries(DIFFUSION_SAMPLERS)) expect(SAMPLERS[name]).toBe(row);
  });

  it('says for each row how it is driven', () => {
    for (const row of Object.values(SAMPLERS)) {
      expect(row.name in SAMPLERS).toBe(true);
      if (row.adaptive) expect(row.defaults).toEqual({ rtol: 1e-5, atol: 1e-5 });
      else expect(Number.isInteger(row.defaults.steps)).toBe(true);
    }
    expect(
      Object.values(SAMPLERS)
        .filter((r) => r.adaptive)
        .map((r) => r.name),
    ).toEqual(['bosh3', 'dopri5', 'tsit5', 'dopri8']);
    expect(
      Object.values(SAMPLERS)
        .filter((r) => r.needsDiffusion)
        .map((r) => r.name),
    ).toEqual(['reverse-sde', 'pc', 'ddim', 'dpm-solver++']);
    expect(getSampler('rk4').defaults).toEqual({ steps: 20 });
    expect(getSampler('reverse-sde').defaults).toEqual({ steps: 1000 });
    expect(getSampler('pc').defaults).toEqual({ steps: 1000 });
    expect(getSampler('ddim').defaults).toEqual({ steps: 50 });
    expect(getSampler('dpm-solver++').defaults).toEqual({ steps: 20 });
    expect(getSampler('ddim').settings).toEqual(['eta']);
    expect(getSampler('pc').settings).toEqual(['predictor', 'snr', 'correctorSteps', 'denoise']);
    expect(getSampler('dpm-solver++').stochastic).toBe(false);
  });

  it('getSampler refuses an unknown name, naming the parameter and listing the valid names', () => {
    expectInvalidArgument(() => getSampler('ddpm'), InvalidArgumentError, 'options.method');
    expectInvalidArgument(() => getSampler('toString'), InvalidArgumentError, 'options.method');
    expectInvalidArgument(() => getSampler('ddpm', '--method'), InvalidArgumentError, '--method');
    try {
      getSampler('ddpm');
    } catch (error) {
      for (const name of SAMPLER_NAMES) expect((error as Error).message).toContain(`"${name}"`);
    }
  });
});
