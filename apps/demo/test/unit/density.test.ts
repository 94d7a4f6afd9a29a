import { initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { densityGrid, GRID, gridCentres } from '../../src/density.js';
import { precisionOf } from '../../src/precision.js';
import type { SamplingSettings } from '../../src/settings.js';
import { disposeModel, smallModel, zeroModel } from '../support/models.js';

const SETTINGS: SamplingSettings = { method: 'euler', steps: 10, samples: 1, seed: 0, rtol: 1e-4, atol: 1e-4 };
const BOUNDS = { x0: -3, x1: 3, y0: -3, y1: 3 };
const CPU = precisionOf('cpu');

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the density heat map', () => {
  it('lays the cell centres out row by row from the top', () => {
    const grid = gridCentres({ x0: 0, x1: 48, y0: 0, y1: 48 });
    expect(grid).toHaveLength(2 * GRID * GRID);
    expect(grid.slice(0, 4)).toEqual([0.5, 47.5, 1.5, 47.5]);
    expect(grid.slice(2 * GRID, 2 * GRID + 2)).toEqual([0.5, 46.5]);
    expect(grid.slice(-2)).toEqual([47.5, 0.5]);
  });

  it('is log N(x; 0, I) for a zero field (the identity flow), whatever the method', async () => {
    const model = zeroModel();
    const centres = gridCentres(BOUNDS);
    const exact = Array.from({ length: GRID * GRID }, (_, k) => {
      const x = centres[2 * k] ?? 0;
      const y = centres[2 * k + 1] ?? 0;
      return -Math.log(2 * Math.PI) - (x * x + y * y) / 2;
    });
    try {
      const results = [];
      for (const settings of [SETTINGS, { ...SETTINGS, method: 'dopri5', rtol: 1e-7 }]) {
        const result = await expectNoLeaks(() => densityGrid(model, 2, BOUNDS, settings, CPU));
        const density = result.density ?? [];
        expect(density).toHaveLength(GRID * GRID);
        const worst = Math.max(...density.map((lp, k) => Math.abs(lp - (exact[k] ?? 0))));
        expect(worst).toBeLessThan(1e-5 * 11); // float32 near |log p| ≤ 10.8
        expect(result.sampleInfo).toMatch(/^density 48×48 · NFE \d+ · \d+\.\d\d s$/);
        results.push(result);
      }
      // euler with 10 steps: 10 evaluations; dopri5 raised its rtol to the floor and said so.
      expect(results[0]?.sampleInfo).toContain('NFE 10 ·');
      expect(results[0]?.toleranceNote).toBe('');
      expect(results[1]?.toleranceNote).toBe('raised to the float32 floor: rtol 1e-7 → 1.19e-5');
    } finally {
      disposeModel(model);
    }
  });

  it('refuses diffusion models, data that are not 2-D and diffusion samplers', async () => {
    const dsm = smallModel('dsm');
    const flow = smallModel('ot-cfm');
    try {
      await expect(densityGrid(dsm, 2, BOUNDS, SETTINGS, CPU)).rejects.toThrow(
        'The density heat map is for flow objectives (all but dsm).',
      );
      await expect(densityGrid(flow, 3, BOUNDS, SETTINGS, CPU)).rejects.toThrow('The density heat map needs 2-D data.');
      await expectNoLeaks(async () => {
        await expect(densityGrid(flow, 2, BOUNDS, { ...SETTINGS, method: 'ddim' }, CPU)).rejects.toThrow(
          /options\.method/,
        );
      });
    } finally {
      disposeModel(dsm);
      disposeModel(flow);
    }
  });
});
