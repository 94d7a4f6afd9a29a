import { initBackend, StandardNormal } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { precisionOf } from '../../src/precision.js';
import type { SamplingSettings } from '../../src/settings.js';
import { frameTimes, TRAJ_FRAMES, TRAJ_POINTS, trajectoryFrames } from '../../src/trajectories.js';
import { disposeModel, smallModel, zeroModel } from '../support/models.js';

const SETTINGS: SamplingSettings = { method: 'rk4', steps: 20, samples: 1, seed: 4, rtol: 1e-4, atol: 1e-4 };
const CPU = precisionOf('cpu');

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the trajectory animation', () => {
  it('has 30 frame times from 1 down to the start of the span', () => {
    const flow = frameTimes(0);
    expect(flow).toHaveLength(TRAJ_FRAMES);
    expect(flow[0]).toBe(1);
    expect(flow[29]).toBe(0);
    expect(flow[1]).toBeCloseTo(28 / 29, 15);
    expect(frameTimes(1e-3)[29]).toBeCloseTo(1e-3, 15);
  });

  it('keeps every point where the prior drew it under a zero field', async () => {
    const model = zeroModel();
    try {
      const frames = await expectNoLeaks(() => trajectoryFrames(model, 2, SETTINGS, CPU));
      const z = new StandardNormal(2).sample(TRAJ_POINTS, 4);
      const start = z.arraySync() as number[][];
      z.dispose();
      expect(frames).toHaveLength(TRAJ_FRAMES);
      for (const frame of frames) expect(frame).toEqual(start);
    } finally {
      disposeModel(model);
    }
  });

  it('moves points along a trained field, and animates a dsm model on its probability flow for any sampler', async () => {
    const flow = smallModel('ot-cfm', 2);
    const dsm = smallModel('dsm', 2);
    try {
      const frames = await trajectoryFrames(flow, 2, SETTINGS, CPU);
      expect(frames[29]).not.toEqual(frames[0]);
      // A diffusion sampler is animated with rk4 on the probability flow: the same frames as picking rk4.
      const viaDdim = await expectNoLeaks(() => trajectoryFrames(dsm, 2, { ...SETTINGS, method: 'ddim' }, CPU));
      const viaRk4 = await trajectoryFrames(dsm, 2, SETTINGS, CPU);
      expect(viaDdim).toEqual(viaRk4);
      expect(viaDdim).toHaveLength(TRAJ_FRAMES);
      expect(viaDdim.flat(2).every(Number.isFinite)).toBe(true);
    } finally {
      disposeModel(flow);
      disposeModel(dsm);
    }
  });
});
