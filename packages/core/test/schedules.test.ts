import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/errors/index.js';
import {
  CosineSchedule,
  LinearSchedule,
  LogSnrSchedule,
  type NoiseSchedule,
  SubVPSchedule,
  timeAtLogSnr,
  VEKernelSchedule,
  VESchedule,
  VPSchedule,
} from '../src/schedules/index.js';
import { expectClose } from '../src/testing/index.js';

const cases: readonly { label: string; schedule: NoiseSchedule }[] = [
  { label: 'linear', schedule: new LinearSchedule() },
  { label: 'linear σmin=0.1', schedule: new LinearSchedule({ sigmaMin: 0.1 }) },
  { label: 'vp', schedule: new VPSchedule() },
  { label: 'vp βmin=0 βmax=10', schedule: new VPSchedule({ betaMin: 0, betaMax: 10 }) },
  { label: 'vp constant β', schedule: new VPSchedule({ betaMin: 3, betaMax: 3 }) },
  { label: 'cosine', schedule: new CosineSchedule() },
  { label: 'cosine s=0.2', schedule: new CosineSchedule({ s: 0.2 }) },
  { label: 've', schedule: new VESchedule() },
  { label: 've 0.002..80', schedule: new VESchedule({ sigmaMin: 0.002, sigmaMax: 80 }) },
  { label: 'log-snr', schedule: new LogSnrSchedule() },
  { label: 'log-snr −5..3', schedule: new LogSnrSchedule({ lambdaMin: -5, lambdaMax: 3 }) },
  { label: 'sub-vp', schedule: new SubVPSchedule() },
  { label: 'sub-vp βmin=0 βmax=5', schedule: new SubVPSchedule({ betaMin: 0, betaMax: 5 }) },
  { label: 've-kernel', schedule: new VEKernelSchedule() },
  { label: 've-kernel 0.05..20', schedule: new VEKernelSchedule({ sigmaMin: 0.05, sigmaMax: 20 }) },
];

/** 0.01, 0.03, …, 0.99: interior times, including ones close to both ends. */
const interior = Array.from({ length: 50 }, (_, i) => (2 * i + 1) / 100);

const H = 1e-6;
const centralDifference = (f: (t: number) => number, t: number): number => (f(t + H) - f(t - H)) / (2 * H);

/** Asserts an exact derivative against a float64 central difference at every interior time. */
function expectDerivative(exact: (t: number) => number, f: (t: number) => number, label: string): void {
  expectClose(
    interior.map(exact),
    interior.map((t) => centralDifference(f, t)),
    { rtol: 1e-6, atol: 1e-9 },
    label,
  );
}

/** Asserts `fn` throws InvalidArgumentError naming `parameter`. */
function expectInvalid(fn: () => unknown, parameter: string): void {
  expect(fn).toThrow(InvalidArgumentError);
  expect(fn).toThrow(`"${parameter}"`);
}

describe.each(cases)('$label schedule', ({ schedule }) => {
  const bind = (method: 'alpha' | 'sigma' | 'logSnr') => (t: number) => schedule[method](t);

  it('has exact derivatives (central differences, h = 1e-6)', () => {
    expectDerivative((t) => schedule.dAlpha(t), bind('alpha'), 'dAlpha');
    expectDerivative((t) => schedule.dSigma(t), bind('sigma'), 'dSigma');
    expectDerivative((t) => schedule.dLogSnr(t), bind('logSnr'), 'dLogSnr');
  });

  it('has logSnr = log(α²/σ²), strictly decreasing', () => {
    const expected = interior.map((t) => Math.log(schedule.alpha(t) ** 2 / schedule.sigma(t) ** 2));
    expectClose(interior.map(bind('logSnr')), expected, { rtol: 1e-12, atol: 1e-12 }, 'logSnr');
    for (const t of interior) expect(schedule.dLogSnr(t)).toBeLessThan(0);
  });

  it('round-trips t → λ → t within 1e-9 and answers the endpoints exactly', () => {
    const back = interior.map((t) => timeAtLogSnr(schedule, schedule.logSnr(t)));
    expectClose(back, interior, { atol: 1e-9 }, 'timeAtLogSnr');
    expect(timeAtLogSnr(schedule, schedule.logSnr(0))).toBe(0);
    expect(timeAtLogSnr(schedule, schedule.logSnr(1))).toBe(1);
  });

  it('agrees with generic bisection when the closed-form inverse is absent', () => {
    const withoutInverse: NoiseSchedule = {
      name: `${schedule.name} (no inverse)`,
      alpha: (t) => schedule.alpha(t),
      sigma: (t) => schedule.sigma(t),
      dAlpha: (t) => schedule.dAlpha(t),
      dSigma: (t) => schedule.dSigma(t),
      logSnr: (t) => schedule.logSnr(t),
      dLogSnr: (t) => schedule.dLogSnr(t),
    };
    const lambdas = interior.map(bind('logSnr'));
    expectClose(
      lambdas.map((lambda) => timeAtLogSnr(withoutInverse, lambda)),
      lambdas.map((lambda) => timeAtLogSnr(schedule, lambda)),
      { atol: 1e-9 },
      'bisection',
    );
  });

  it('never returns NaN at t = 0 or t = 1', () => {
    for (const t of [0, 1]) {
      for (const method of ['alpha', 'sigma', 'dAlpha', 'dSigma', 'logSnr', 'dLogSnr'] as const) {
        expect(Number.isNaN(schedule[method](t)), `${method}(${t})`).toBe(false);
      }
    }
  });

  it('rejects times outside [0, 1]', () => {
    for (const t of [-0.01, 1.01, Number.NaN, 500]) {
      expectInvalid(() => schedule.alpha(t), 't');
      expectInvalid(() => schedule.dLogSnr(t), 't');
    }
  });

  it('rejects a log-SNR outside [λ(1), λ(0)] or NaN', () => {
    expectInvalid(() => timeAtLogSnr(schedule, Number.NaN), 'lambda');
    const above = schedule.logSnr(0) + 1;
    const below = schedule.logSnr(1) - 1;
    if (Number.isFinite(above)) expectInvalid(() => timeAtLogSnr(schedule, above), 'lambda');
    if (Number.isFinite(below)) expectInvalid(() => timeAtLogSnr(schedule, below), 'lambda');
  });
});

describe('LinearSchedule', () => {
  it('is the CondOT path α = 1 − t, σ = σmin + (1 − σmin)·t', () => {
    const schedule = new LinearSchedule({ sigmaMin: 0.1 });
    for (const t of [0, 0.25, 0.6, 1]) {
      expect(schedule.alpha(t)).toBeCloseTo(1 - t, 15);
      expect(schedule.sigma(t)).toBeCloseTo(0.1 + 0.9 * t, 15);
      expect(schedule.dAlpha(t)).toBe(-1);
      expect(schedule.dSigma(t)).toBeCloseTo(0.9, 15);
    }
    expect(schedule.sigma(0)).toBe(0.1);
    expect(schedule.sigma(1)).toBe(1);
    expect(schedule.alpha(1)).toBe(0);
    expect(schedule.logSnr(0)).toBeCloseTo(2 * Math.log(10), 14);
    expect(schedule.logSnr(1)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('has infinite log-SNR at both ends when σmin = 0 (rectified flow)', () => {
    const schedule = new LinearSchedule();
    expect(schedule.sigma(0)).toBe(0);
    expect(schedule.logSnr(0)).toBe(Number.POSITIVE_INFINITY);
    expect(schedule.logSnr(1)).toBe(Number.NEGATIVE_INFINITY);
    expect(schedule.dLogSnr(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(schedule.dLogSnr(1)).toBe(Number.NEGATIVE_INFINITY);
    expect(schedule.logSnr(0.5)).toBe(0);
    expect(timeAtLogSnr(schedule, Number.POSITIVE_INFINITY)).toBe(0);
    expect(timeAtLogSnr(schedule, Number.NEGATIVE_INFINITY)).toBe(1);
    expect(timeAtLogSnr(schedule, 0)).toBeCloseTo(0.5, 15);
  });

  it('rejects σmin outside [0, 1)', () => {
    for (const sigmaMin of [-0.1, 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectInvalid(() => new LinearSchedule({ sigmaMin }), 'options.sigmaMin');
    }
  });
});

describe('VPSchedule', () => {
  const schedule = new VPSchedule();

  it('matches the closed forms of Song et al. with β from 0.1 to 20', () => {
    expect(schedule.beta(0)).toBe(0.1);
    expect(schedule.beta(1)).toBe(20);
    expect(schedule.beta(0.5)).toBeCloseTo(10.05, 13);
    expect(schedule.alpha(0)).toBe(1);
    expect(schedule.sigma(0)).toBe(0);
    expectClose(schedule.alpha(1), Math.exp(-5.025), { rtol: 1e-15 }, 'α(1)');
    expectClose(schedule.sigma(1), Math.sqrt(1 - Math.exp(-10.05)), { rtol: 1e-15 }, 'σ(1)');
    const b = 0.3 * 0.1 + 0.5 * 0.09 * 19.9;
    expectClose(schedule.alpha(0.3), Math.exp(-b / 2), { rtol: 1e-15 }, 'α(0.3)');
  });

  it('preserves variance: α² + σ² = 1', () => {
    for (const t of [0, ...interior, 1]) expect(schedule.alpha(t) ** 2 + schedule.sigma(t) ** 2).toBeCloseTo(1, 14);
  });

  it('is accurate for tiny t (σ² ≈ βmin·t, λ ≈ −log(βmin·t))', () => {
    expectClose(schedule.sigma(1e-12) ** 2, 0.1e-12, { rtol: 1e-9 }, 'σ²(1e-12)');
    expectClose(schedule.logSnr(1e-12), -Math.log(0.1e-12), { rtol: 1e-9 }, 'λ(1e-12)');
  });

  it('returns the limits at t = 0', () => {
    expect(schedule.logSnr(0)).toBe(Number.POSITIVE_INFINITY);
    expect(schedule.dLogSnr(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(schedule.dSigma(0)).toBe(Number.POSITIVE_INFINITY);
    const noFloor = new VPSchedule({ betaMin: 0, betaMax: 10 });
    expect(noFloor.dSigma(0)).toBe(Math.sqrt(5));
    expect(noFloor.dLogSnr(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(timeAtLogSnr(schedule, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('integrates β: B(t) = βmin·t + ½(βmax − βmin)·t²', () => {
    expect(schedule.integratedBeta(0)).toBe(0);
    expectClose(schedule.integratedBeta(1), 10.05, { rtol: 1e-15 }, 'B(1)');
    expectClose(schedule.integratedBeta(0.3), 0.03 + 0.5 * 0.09 * 19.9, { rtol: 1e-15 }, 'B(0.3)');
    expectInvalid(() => schedule.integratedBeta(1.5), 't');
  });

  it('rejects bad β', () => {
    expectInvalid(() => new VPSchedule({ betaMin: -0.1 }), 'options.betaMin');
    expectInvalid(() => new VPSchedule({ betaMin: Number.NaN }), 'options.betaMin');
    expectInvalid(() => new VPSchedule({ betaMin: 5, betaMax: 1 }), 'options.betaMax');
    expectInvalid(() => new VPSchedule({ betaMin: 0, betaMax: 0 }), 'options.betaMax');
    expectInvalid(() => new VPSchedule({ betaMax: Number.NaN }), 'options.betaMax');
    expectInvalid(() => new VPSchedule({ betaMax: Number.POSITIVE_INFINITY }), 'options.betaMax');
    expectInvalid(() => schedule.beta(2), 't');
  });
});

describe('CosineSchedule', () => {
  const s = 0.008;
  const schedule = new CosineSchedule();
  const f = (t: number) => Math.cos(((t + s) / (1 + s)) * (Math.PI / 2)) ** 2;

  it('matches ᾱ(t) = f(t)/f(0) of Nichol & Dhariwal', () => {
    const ts = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999];
    expectClose(
      ts.map((t) => schedule.alpha(t) ** 2),
      ts.map((t) => f(t) / f(0)),
      { atol: 1e-14 },
      'ᾱ',
    );
    expectClose(
      ts.map((t) => schedule.sigma(t) ** 2),
      ts.map((t) => 1 - f(t) / f(0)),
      { atol: 1e-14 },
      '1 − ᾱ',
    );
  });

  it('has exact endpoints without clipping', () => {
    expect(schedule.alpha(0)).toBe(1);
    expect(schedule.sigma(0)).toBe(0);
    expect(schedule.alpha(1)).toBe(0);
    expect(schedule.sigma(1)).toBe(1);
    expect(schedule.logSnr(0)).toBe(Number.POSITIVE_INFINITY);
    expect(schedule.logSnr(1)).toBe(Number.NEGATIVE_INFINITY);
    expect(schedule.dSigma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(schedule.dSigma(1)).toBe(0);
    expect(schedule.dLogSnr(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(schedule.dLogSnr(1)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('preserves variance: α² + σ² = 1', () => {
    for (const t of [0, ...interior, 1]) expect(schedule.alpha(t) ** 2 + schedule.sigma(t) ** 2).toBeCloseTo(1, 14);
  });

  it('rejects s ≤ 0 or non-finite s', () => {
    for (const bad of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectInvalid(() => new CosineSchedule({ s: bad }), 'options.s');
    }
  });
});

describe('VESchedule', () => {
  const schedule = new VESchedule();

  it('is geometric between σmin and σmax with α ≡ 1', () => {
    expect(schedule.sigma(0)).toBe(0.01);
    expect(schedule.sigma(1)).toBe(50);
    expectClose(schedule.sigma(0.5), Math.sqrt(0.01 * 50), { rtol: 1e-14 }, 'σ(0.5)');
    expectClose(schedule.sigma(0.25), 0.01 * 5000 ** 0.25, { rtol: 1e-14 }, 'σ(0.25)');
    for (const t of [0, 0.5, 1]) {
      expect(schedule.alpha(t)).toBe(1);
      expect(schedule.dAlpha(t)).toBe(0);
    }
    expectClose(schedule.logSnr(0), -2 * Math.log(0.01), { rtol: 1e-15 }, 'λ(0)');
    expectClose(schedule.dLogSnr(0.3), -2 * Math.log(5000), { rtol: 1e-15 }, 'dλ');
  });

  it('rejects σmin ≤ 0 and σmin ≥ σmax', () => {
    expectInvalid(() => new VESchedule({ sigmaMin: 0 }), 'options.sigmaMin');
    expectInvalid(() => new VESchedule({ sigmaMin: -1 }), 'options.sigmaMin');
    expectInvalid(() => new VESchedule({ sigmaMin: Number.NaN }), 'options.sigmaMin');
    expectInvalid(() => new VESchedule({ sigmaMin: 50, sigmaMax: 50 }), 'options.sigmaMax');
    expectInvalid(() => new VESchedule({ sigmaMin: 60 }), 'options.sigmaMax');
    expectInvalid(() => new VESchedule({ sigmaMax: Number.NaN }), 'options.sigmaMax');
  });
});

describe('LogSnrSchedule', () => {
  const schedule = new LogSnrSchedule({ lambdaMin: -7, lambdaMax: 5 });
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

  it('is linear in log-SNR with α² = sigmoid(λ), σ² = sigmoid(−λ)', () => {
    expect(schedule.logSnr(0)).toBe(5);
    expect(schedule.logSnr(1)).toBe(-7);
    expect(schedule.logSnr(0.25)).toBe(2);
    expect(schedule.dLogSnr(0.8)).toBe(-12);
    for (const t of [0, 0.25, 0.5, 1]) {
      const lambda = 5 - 12 * t;
      expectClose(schedule.alpha(t) ** 2, sigmoid(lambda), { rtol: 1e-14 }, `α²(${t})`);
      expectClose(schedule.sigma(t) ** 2, sigmoid(-lambda), { rtol: 1e-14 }, `σ²(${t})`);
      expect(schedule.alpha(t) ** 2 + schedule.sigma(t) ** 2).toBeCloseTo(1, 15);
    }
    expect(timeAtLogSnr(schedule, 0)).toBeCloseTo(5 / 12, 15);
  });

  it('rejects λmin ≥ λmax and non-finite λ', () => {
    expectInvalid(() => new LogSnrSchedule({ lambdaMin: 10, lambdaMax: 10 }), 'options.lambdaMax');
    expectInvalid(() => new LogSnrSchedule({ lambdaMin: 11 }), 'options.lambdaMax');
    expectInvalid(() => new LogSnrSchedule({ lambdaMin: Number.NaN }), 'options.lambdaMin');
    expectInvalid(() => new LogSnrSchedule({ lambdaMax: Number.POSITIVE_INFINITY }), 'options.lambdaMax');
  });
});

describe('SubVPSchedule', () => {
  const schedule = new SubVPSchedule();
  const vp = new VPSchedule();

  it('has the VP α and σ = the VP variance 1 − e^{−B}', () => {
    for (const t of [0, 1e-9, ...interior, 1]) {
      expect(schedule.alpha(t)).toBe(vp.alpha(t));
      expect(schedule.dAlpha(t)).toBe(vp.dAlpha(t));
      expect(schedule.beta(t)).toBe(vp.beta(t));
      expectClose(schedule.sigma(t), vp.sigma(t) ** 2, { rtol: 5e-16 }, `σ(${t})`);
    }
    expectClose(schedule.sigma(1), -Math.expm1(-10.05), { rtol: 1e-15 }, 'σ(1)');
    expect(schedule.betaMin).toBe(0.1);
    expect(schedule.betaMax).toBe(20);
  });

  it('is accurate for tiny t (σ ≈ βmin·t) and returns the limits at t = 0', () => {
    expectClose(schedule.sigma(1e-12), 0.1e-12, { rtol: 1e-9 }, 'σ(1e-12)');
    expect(schedule.sigma(0)).toBe(0);
    expect(schedule.logSnr(0)).toBe(Number.POSITIVE_INFINITY);
    expect(schedule.dLogSnr(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(schedule.dSigma(0)).toBeCloseTo(0.1, 15);
    expect(new SubVPSchedule({ betaMin: 0, betaMax: 5 }).dLogSnr(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects bad β as VPSchedule does', () => {
    expectInvalid(() => new SubVPSchedule({ betaMin: -0.1 }), 'options.betaMin');
    expectInvalid(() => new SubVPSchedule({ betaMin: 5, betaMax: 1 }), 'options.betaMax');
    expectInvalid(() => schedule.sigma(1.5), 't');
  });
});

describe('VEKernelSchedule', () => {
  const schedule = new VEKernelSchedule();

  it('has σ_t² = s(t)² − σmin² for the geometric scale s of VESchedule, and α ≡ 1', () => {
    expect(schedule.scale).toBeInstanceOf(VESchedule);
    for (const t of [0.05, 0.25, 0.5, 0.75, 1]) {
      expectClose(schedule.sigma(t) ** 2 + 0.01 ** 2, schedule.scale.sigma(t) ** 2, { rtol: 1e-14 }, `σ²(${t})`);
      expect(schedule.alpha(t)).toBe(1);
      expect(schedule.dAlpha(t)).toBe(0);
    }
    expectClose(schedule.sigma(1), Math.sqrt(50 ** 2 - 0.01 ** 2), { rtol: 1e-15 }, 'σ(1)');
    expect([schedule.sigmaMin, schedule.sigmaMax, schedule.logRatio]).toEqual([0.01, 50, Math.log(5000)]);
  });

  it('is accurate for tiny t (σ² ≈ 2·σmin²·L·t) and returns the limits at t = 0', () => {
    expectClose(schedule.sigma(1e-12) ** 2, 2 * 1e-4 * Math.log(5000) * 1e-12, { rtol: 1e-9 }, 'σ²(1e-12)');
    expect(schedule.sigma(0)).toBe(0);
    expect(schedule.logSnr(0)).toBe(Number.POSITIVE_INFINITY);
    expect(schedule.dSigma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(schedule.dLogSnr(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(timeAtLogSnr(schedule, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('rejects σmin ≤ 0 and σmin ≥ σmax as VESchedule does', () => {
    expectInvalid(() => new VEKernelSchedule({ sigmaMin: 0 }), 'options.sigmaMin');
    expectInvalid(() => new VEKernelSchedule({ sigmaMin: 60 }), 'options.sigmaMax');
    expectInvalid(() => schedule.sigma(-0.5), 't');
  });
});
