import { InvalidArgumentError, initBackend, NumericalError, ShapeError, type VectorField } from '@gen/core';
import { centralDifferenceGradient, expectClose, expectNoLeaks, linearOdeProblem } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { odeint, odeintSync } from '../src/index.js';
import { tanhField } from './fixtures/tanh-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('adaptive solves', () => {
  const spiral = linearOdeProblem(
    [
      [-0.1, 2],
      [-2, -0.1],
    ],
    [[2, 0]],
  );
  afterAll(() => spiral.dispose());

  for (const method of ['bosh3', 'dopri5', 'tsit5', 'dopri8']) {
    it(`${method}: the end error shrinks as rtol = atol shrinks`, async () => {
      const y0 = tf.tensor2d([[2, 0]]);
      const exact = spiral.solution(25).flat();
      const errors: number[] = [];
      for (const tol of [1e-3, 1e-4, 1e-5]) {
        const { ys } = await expectNoLeaks(() => odeint(spiral.field, y0, [0, 25], { method, rtol: tol, atol: tol }));
        const end = await ys.slice([1], [1]).data();
        errors.push(Math.hypot((end[0] as number) - (exact[0] as number), (end[1] as number) - (exact[1] as number)));
        ys.dispose();
      }
      y0.dispose();
      expect(errors[1]).toBeLessThan(errors[0] as number);
      expect(errors[2]).toBeLessThan(errors[1] as number);
      expect(errors[2]).toBeLessThan(5e-4);
    });
  }

  it('dense output hits every requested time at no extra cost in steps', async () => {
    const y0 = tf.tensor2d([[2, 0]]);
    const ts = Array.from({ length: 51 }, (_, i) => i / 2);
    // Tolerances about 3× the measured worst errors (7.3e-5, 5.6e-5, 4.6e-4, 7.4e-5): dopri5 and tsit5 interpolate
    // with their own 4th-order dense output, dopri8 with its 5th-order one (33 long steps; cubic Hermite gave
    // 1.8e-2), bosh3 with cubic Hermite.
    const tolerances: Record<string, number> = { dopri5: 2e-4, tsit5: 2e-4, bosh3: 1.5e-3, dopri8: 2e-4 };
    for (const [method, atol] of Object.entries(tolerances)) {
      const coarse = await odeint(spiral.field, y0, [0, 25], { method });
      const fine = await expectNoLeaks(() => odeint(spiral.field, y0, ts, { method }));
      expect(fine.ys.shape).toEqual([51, 1, 2]);
      expect(fine.stats.accepted).toBe(coarse.stats.accepted);
      const values = await fine.ys.data();
      const exact = ts.flatMap((t) => spiral.solution(t).flat());
      expectClose(values, exact, { atol }, `${method} dense output`);
      tf.dispose([coarse.ys, fine.ys]);
    }
    y0.dispose();
  });

  it('counts evaluations: dopri5 takes 6 per attempt + 1 initial stage + 1 for the initial step', async () => {
    const y0 = tf.tensor2d([[2, 0]]);
    const { ys, stats } = await odeint(spiral.field, y0, [0, 25]);
    expect(stats.steps).toBe(stats.accepted + stats.rejected);
    expect(stats.nfe).toBe(6 * stats.steps + 2);
    tf.dispose([ys, y0]);
  });

  it('reverse time: integrating back from y(T) recovers y(0)', async () => {
    const yT = tf.tensor2d(spiral.solution(5));
    const { ys } = await expectNoLeaks(() => odeint(spiral.field, yT, [5, 2.5, 0], { rtol: 1e-7, atol: 1e-7 }));
    expectClose(
      await ys.data(),
      [spiral.solution(5), spiral.solution(2.5), [[2, 0]]].flat(2),
      { atol: 2e-5 },
      'reverse',
    );
    tf.dispose([ys, yT]);
  });

  it('reports progress after every accepted step with monotone times', async () => {
    const y0 = tf.tensor2d([[2, 0]]);
    const times: number[] = [];
    const { ys, stats } = await odeint(spiral.field, y0, [0, 3], { onStep: ({ t }) => times.push(t) });
    expect(times.length).toBe(stats.accepted);
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] as number))).toBe(true);
    expect(times.at(-1)).toBe(3);
    tf.dispose([ys, y0]);
  });
});

describe('terminal events', () => {
  // A ball dropped from 10 m: h' = v, v' = −g. It lands at t* = sqrt(2·10/g).
  const g = 9.81;
  const fall: VectorField = (_t, y) =>
    tf.tidy(() => tf.concat([y.slice([0, 1], [-1, 1]), tf.fill([y.shape[0] as number, 1], -g)], 1));

  for (const method of ['dopri5', 'rk4']) {
    it(`${method} stops where the event changes sign`, async () => {
      const y0 = tf.tensor2d([[10, 0]]);
      const options = method === 'rk4' ? { method, stepSize: 0.1 } : { method };
      const solution = await expectNoLeaks(() =>
        odeint(fall, y0, [0, 1, 2, 3], { ...options, event: (_t, y) => y.dataSync()[0] as number }),
      );
      expect(solution.status).toBe('event');
      expect(solution.event?.t).toBeCloseTo(Math.sqrt(20 / g), 6);
      expect(solution.ts).toEqual([0, 1]);
      expect(solution.ys.shape).toEqual([2, 1, 2]);
      const landed = (await solution.event?.y.data()) ?? [];
      expect(Math.abs(landed[0] as number)).toBeLessThan(1e-4);
      expect(landed[1]).toBeCloseTo(-Math.sqrt(2 * g * 10), 3);
      tf.dispose([solution.ys, solution.event?.y as tf.Tensor, y0]);
    });
  }
});

describe('failures', () => {
  const blowUp: VectorField = (_t, y) => tf.square(y);

  it('dy/dt = y² from y0 = 1 to t = 2 throws a NumericalError near the singularity t = 1', async () => {
    const y0 = tf.tensor2d([[1]]);
    const attempt = expectNoLeaks(() => odeint(blowUp, y0, [0, 2]));
    await expect(attempt).rejects.toThrow(NumericalError);
    await expect(odeint(blowUp, y0, [0, 2])).rejects.toThrow(/step size fell|non-finite/);
    const error = await odeint(blowUp, y0, [0, 2]).catch((e: unknown) => e);
    expect(NumericalError.isInstance(error) && ['step-size-underflow', 'non-finite'].includes(error.reason)).toBe(true);
    expect(NumericalError.isInstance(error) && Math.abs((error.t as number) - 1)).toBeLessThan(1e-2);
    y0.dispose();
  });

  it('reports the status and what was reached when throwOnFailure is false', async () => {
    const y0 = tf.tensor2d([[1]]);
    const solution = await expectNoLeaks(() => odeint(blowUp, y0, [0, 0.5, 2], { throwOnFailure: false }));
    expect(['step-size-underflow', 'non-finite']).toContain(solution.status);
    expect(solution.ts).toEqual([0, 0.5]);
    expectClose(await solution.ys.data(), [1, 2], { rtol: 1e-4 }, 'y = 1/(1 − t)');
    const budget = await odeint(blowUp, y0, [0, 0.9], { maxSteps: 3, throwOnFailure: false });
    expect(budget.status).toBe('max-steps');
    expect(budget.stats.steps).toBe(3);
    await expect(odeint(blowUp, y0, [0, 0.9], { maxSteps: 3 })).rejects.toThrow(/maxSteps = 3/);
    const fixed = await odeint(blowUp, y0, [0, 2], { method: 'euler', stepSize: 0.01, throwOnFailure: false });
    expect(fixed.status).toBe('non-finite');
    tf.dispose([solution.ys, budget.ys, fixed.ys, y0]);
  });

  it('NaN weights are a NumericalError at the first evaluation, not a bad coefficient', async () => {
    const w = tf.scalar(Number.NaN);
    const y0 = tf.tensor2d([[1, 2]]);
    const error = await expectNoLeaks(() => odeint((_t, y) => tf.mul(y, w), y0, [0, 1]).catch((e: unknown) => e));
    expect(NumericalError.isInstance(error), String(error)).toBe(true);
    expect((error as NumericalError).reason).toBe('non-finite');
    expect((error as NumericalError).t).toBe(0);
    expect(String(error)).toMatch(
      /f\(t, y\) returned non-finite values at t = 0 \(f\(t0, y0\), the first evaluation\)/,
    );
    const reported = await expectNoLeaks(() => odeint((_t, y) => tf.mul(y, w), y0, [0, 1], { throwOnFailure: false }));
    expect(reported.status).toBe('non-finite');
    expect(reported.ts).toEqual([0]);
    tf.dispose([w, y0, reported.ys]);
  });

  it('rtol = atol = 1e-30 is a NumericalError (step-size-underflow), not a bad coefficient', async () => {
    const y0 = tf.tensor2d([[1, 2]]);
    const error = await expectNoLeaks(() =>
      odeint((_t, y) => tf.neg(y), y0, [0, 1], { rtol: 1e-30, atol: 1e-30 }).catch((e: unknown) => e),
    );
    expect(NumericalError.isInstance(error), String(error)).toBe(true);
    expect((error as NumericalError).reason).toBe('step-size-underflow');
    expect(String(error)).toMatch(/rtol = 1e-30, atol = 1e-30/);
    y0.dispose();
  });

  it('a field that turns NaN at t > 0.5 fails there, naming the stage, t and the step size', async () => {
    const y0 = tf.tensor2d([[1, 2]]);
    const f: VectorField = (t, y) => (t > 0.5 ? tf.mul(y, Number.NaN) : tf.neg(y));
    for (const method of ['dopri5', 'tsit5']) {
      const error = await expectNoLeaks(() => odeint(f, y0, [0, 1], { method }).catch((e: unknown) => e));
      expect(NumericalError.isInstance(error), String(error)).toBe(true);
      expect((error as NumericalError).reason).toBe('non-finite');
      expect(Math.abs(((error as NumericalError).t as number) - 0.5)).toBeLessThan(1e-6);
      expect(String(error)).toMatch(/returned non-finite values at stage \d of 7 \(t = 0\.5\d*, h = [\d.e-]+\)/);
    }
    y0.dispose();
  });

  it('a field returning its own input solves dy/dt = y: y(1) = e·y0', async () => {
    const y0 = tf.tensor2d([[1, 2]]);
    for (const options of [
      { method: 'dopri5', rtol: 1e-6, atol: 1e-6 },
      { method: 'rk4', stepSize: 0.01 },
    ]) {
      const { ys } = await expectNoLeaks(() => odeint((_t, y) => y, y0, [0, 1], options));
      expectClose((await ys.data()).slice(2), [Math.E, 2 * Math.E], { rtol: 1e-5 }, `${options.method}: e^t`);
      ys.dispose();
    }
    expect(y0.isDisposed).toBe(false);
    y0.dispose();
  });

  it('a fixed grid that needs more than maxSteps steps, or whose step cannot move t, is refused before any step', async () => {
    const y0 = tf.tensor2d([[1, 2]]);
    let calls = 0;
    const f: VectorField = (_t, y) => {
      calls += 1;
      return tf.neg(y);
    };
    const refusal = (options: object, ts = [0, 1]) => odeint(f, y0, ts, options).catch((e: unknown) => e);
    const tiny = await expectNoLeaks(() => refusal({ method: 'euler', stepSize: 1e-20 }));
    expect(InvalidArgumentError.isInstance(tiny) && tiny.parameter).toBe('options.stepSize');
    expect(String(tiny)).toMatch(/needs 100000000000000000000 steps; raise options.maxSteps to at least/);
    const budget = await expectNoLeaks(() => refusal({ method: 'rk4', stepSize: 0.1, maxSteps: 9 }));
    expect(String(budget)).toMatch(/within options.maxSteps = 9 steps.*needs 10 steps/);
    const stuck = await expectNoLeaks(() => refusal({ method: 'rk4', stepSize: 1e-17, maxSteps: 1e6 }, [1, 1 + 1e-12]));
    expect(InvalidArgumentError.isInstance(stuck) && stuck.parameter).toBe('options.stepSize');
    expect(String(stuck)).toMatch(/t \+ h == t/);
    expect(calls).toBe(0);
    const { ys, stats } = await expectNoLeaks(() =>
      odeint(f, y0, [0, 1], { method: 'rk4', stepSize: 0.1, maxSteps: 10 }),
    );
    expect(stats.steps).toBe(10);
    tf.dispose([ys, y0]);
  });

  it('rejects bad input with errors naming the parameter', async () => {
    const f: VectorField = (_t, y) => tf.neg(y);
    const y0 = tf.tensor2d([[1, 2]]);
    const nan = tf.tensor2d([[1, Number.NaN]]);
    await expectNoLeaks(async () => {
      await expect(odeint(f, nan, [0, 1])).rejects.toThrow(/"y0": expected finite entries/);
      await expect(odeint(f, y0, [0, 1, 0.5])).rejects.toThrow(/"ts\[2\]": expected strictly increasing/);
      await expect(odeint(f, y0, [0, 0])).rejects.toThrow(InvalidArgumentError);
      await expect(odeint(f, y0, [])).rejects.toThrow(/"ts"/);
      await expect(odeint(f, y0, [0, 1], { rtol: 0 })).rejects.toThrow(/"options.rtol": expected a positive/);
      await expect(odeint(f, y0, [0, 1], { atol: -1 })).rejects.toThrow(/"options.atol"/);
      await expect(odeint(f, y0, [0, 1], { method: 'rk45' })).rejects.toThrow(
        /"options.method": expected one of "euler", "midpoint", "heun", "rk4", "bosh3", "dopri5", "tsit5", "dopri8", received "rk45"/,
      );
      await expect(odeint(f, y0, [0, 1], { method: 'rk4', stepSize: -0.1 })).rejects.toThrow(/"options.stepSize"/);
      await expect(odeint(f, y0, [0, 1], { maxSteps: 0 })).rejects.toThrow(/"options.maxSteps"/);
      await expect(odeint(f, y0, [0, 1], { controller: { minFactor: 2 } })).rejects.toThrow(/minFactor/);
      const wrongShape: VectorField = (_t, y) => tf.concat([y, y], 1);
      await expect(odeint(wrongShape, y0, [0, 1])).rejects.toThrow(ShapeError);
      await expect(odeint(wrongShape, y0, [0, 1])).rejects.toThrow(/"f\(t, y\)": expected shape \[1, 2\]/);
      expect(() => odeintSync(f, y0, [1, 0, 2])).toThrow(/strictly decreasing/);
    });
    tf.dispose([y0, nan]);
  });
});

describe('odeintSync under tf.grad (discretise-then-optimise)', () => {
  it('matches central finite differences for an adaptive solve', async () => {
    const { w, b, f, y0, dispose } = tanhField();
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const { ys } = odeintSync(f, y0, [0, 0.5, 1.5], { rtol: 1e-6, atol: 1e-6 });
        return tf.sum(tf.square(ys.slice([1], [2]))) as tf.Scalar;
      });
    const { value, grads } = await expectNoLeaks(() => tf.variableGrads(loss, [w, b]));
    const analytic = [...(await (grads[w.name] as tf.Tensor).data()), ...(await (grads[b.name] as tf.Tensor).data())];
    const numeric = centralDifferenceGradient(() => tf.tidy(() => loss().dataSync()[0] as number), [w, b]);
    expectClose(analytic, numeric, { atol: 2e-3, rtol: 2e-3 }, 'dL/dθ');
    tf.dispose([value, ...Object.values(grads)]);
    dispose();
  });
});

describe('initial step selection', () => {
  it('never evaluates the field outside the integration interval', async () => {
    const seen: number[] = [];
    const f: VectorField = (t, y) => {
      seen.push(t);
      return tf.mul(y, 1e-3); // slow dynamics: Hairer's trial step 0.01·‖y‖/‖f‖ ≈ 10 ≫ the interval
    };
    const y0 = tf.tensor2d([[1, 2]]);
    const { ys } = await odeint(f, y0, [0.999, 1]);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0.999);
    expect(Math.max(...seen)).toBeLessThanOrEqual(1);
    tf.dispose([ys, y0]);
  });
});
