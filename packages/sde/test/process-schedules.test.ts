import { type NoiseSchedule, SubVPSchedule, VEKernelSchedule, VPSchedule } from '@gen/core';
import { expectClose } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { type LinearDiffusionProcess, SubVPSDE, VESDE, VPSDE } from '../src/processes/index.js';

/** 0, 0.01, …, 1 and three times close to the data end. */
const TIMES = [...Array.from({ length: 101 }, (_, i) => i / 100), 1e-9, 1e-6, 1e-3];

/** B(t) = βmin·t + ½(βmax − βmin)·t². */
const integral = (betaMin: number, betaMax: number) => (t: number) => t * (betaMin + 0.5 * t * (betaMax - betaMin));

/**
 * Each process, the core schedule it must expose, and its kernel (α_t, σ_t) written out as the processes computed
 * it before they were built on core's schedules (sub-VP squared the VP σ; VE had σ_t = σmin·√(expm1(2tL))).
 */
const cases: readonly {
  label: string;
  process: LinearDiffusionProcess;
  schedule: NoiseSchedule;
  kind: abstract new (...args: never[]) => NoiseSchedule;
  mean(t: number): number;
  std(t: number): number;
}[] = [
  ...[{}, { betaMin: 0.5, betaMax: 10 }, { betaMin: 0, betaMax: 5 }].flatMap((options) => {
    const b = integral(options.betaMin ?? 0.1, options.betaMax ?? 20);
    return [
      {
        label: `VP ${JSON.stringify(options)}`,
        process: new VPSDE(options),
        schedule: new VPSchedule(options),
        kind: VPSchedule,
        mean: (t: number) => Math.exp(-0.5 * b(t)),
        std: (t: number) => Math.sqrt(-Math.expm1(-b(t))),
      },
      {
        label: `sub-VP ${JSON.stringify(options)}`,
        process: new SubVPSDE(options),
        schedule: new SubVPSchedule(options),
        kind: SubVPSchedule,
        mean: (t: number) => Math.exp(-0.5 * b(t)),
        std: (t: number) => Math.sqrt(-Math.expm1(-b(t))) ** 2,
      },
    ];
  }),
  ...[{}, { sigmaMin: 0.05, sigmaMax: 20 }].map((options) => {
    const sigmaMin = options.sigmaMin ?? 0.01;
    const logRatio = Math.log((options.sigmaMax ?? 50) / sigmaMin);
    return {
      label: `VE ${JSON.stringify(options)}`,
      process: new VESDE(options),
      schedule: new VEKernelSchedule(options),
      kind: VEKernelSchedule,
      mean: () => 1,
      std: (t: number) => sigmaMin * Math.sqrt(Math.expm1(2 * t * logRatio)),
    };
  }),
];

describe.each(cases)('$label', ({ process, schedule, kind, mean, std }) => {
  it("exposes its kernel as a core schedule whose α_t, σ_t are its marginal's, bit for bit", () => {
    expect(process.schedule).toBeInstanceOf(kind);
    for (const t of TIMES) {
      expect(process.marginal(t)).toEqual({ mean: schedule.alpha(t), std: schedule.sigma(t) });
      expect(process.schedule.alpha(t)).toBe(schedule.alpha(t));
      expect(process.schedule.sigma(t)).toBe(schedule.sigma(t));
    }
  });

  it('keeps the marginal the process computed before, to float64 precision (≤ 1 ulp)', () => {
    expectClose(
      TIMES.map((t) => process.marginal(t).mean),
      TIMES.map(mean),
      { rtol: 2.3e-16, atol: 0 },
      'mean',
    );
    expectClose(
      TIMES.map((t) => process.marginal(t).std),
      TIMES.map(std),
      { rtol: 2.3e-16, atol: 0 },
      'std',
    );
  });

  it("has f = α̇/α and g² = 2σσ̇ − 2fσ² from its schedule's exact derivatives", () => {
    const interior = TIMES.filter((t) => t >= 0.01);
    expectClose(
      interior.map((t) => process.driftCoefficient(t)),
      interior.map((t) => schedule.dAlpha(t) / schedule.alpha(t)),
      { rtol: 1e-14, atol: 1e-14 },
      'f',
    );
    expectClose(
      interior.map((t) => process.diffusion(t) ** 2),
      interior.map((t) => {
        const sigma = schedule.sigma(t);
        return 2 * sigma * schedule.dSigma(t) - 2 * process.driftCoefficient(t) * sigma ** 2;
      }),
      { rtol: 1e-12 },
      'g²',
    );
  });
});
