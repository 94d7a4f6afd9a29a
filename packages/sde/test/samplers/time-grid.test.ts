import { expectClose } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { logSnrTimeGrid } from '../../src/samplers/time-grid.js';
import { PROCESSES } from '../support/gaussian-data.js';

describe.each(PROCESSES)('logSnrTimeGrid on $label', ({ process }) => {
  it("is uniform in the schedule's log-SNR, decreasing from t1 to t0 with exact ends", () => {
    const steps = 20;
    const ts = logSnrTimeGrid(process, steps, [1e-3, 1]);
    expect(ts).toHaveLength(steps + 1);
    expect([ts[0], ts[steps]]).toEqual([1, 1e-3]);
    for (let i = 1; i <= steps; i += 1) expect(ts[i] as number).toBeLessThan(ts[i - 1] as number);
    const lambda = (t: number) => process.schedule.logSnr(t);
    const start = lambda(1);
    const end = lambda(1e-3);
    expectClose(
      ts.map(lambda),
      ts.map((_, i) => start + ((end - start) * i) / steps),
      { rtol: 1e-12, atol: 1e-12 },
      'λ',
    );
  });
});
