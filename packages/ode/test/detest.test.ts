import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETEST_PROBLEMS, DETEST_T_END, type DetestProblem, detestProblem } from '../bench/detest/problems.js';
import { integrateHost, REFERENCE_ATOL, REFERENCE_RTOL } from '../bench/detest/reference.js';
import { REFERENCE_END_STATES, REFERENCE_SETTINGS } from '../bench/detest/reference-values.js';

/** A small seeded generator (mulberry32), so the random states are the same on every run. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

function referenceOf(problem: DetestProblem): readonly number[] {
  return REFERENCE_END_STATES[problem.name];
}

function hostRhs(problem: DetestProblem, t: number, state: readonly number[]): number[] {
  const out = new Float64Array(problem.dim);
  problem.rhsHost(t, Float64Array.from(state), out);
  return Array.from(out);
}

const withClosedForm = DETEST_PROBLEMS.filter((p) => p.exact !== undefined);

beforeAll(async () => {
  await initBackend('cpu');
  await tf.ready();
});

describe('DETEST problem set', () => {
  it('has the 25 problems A1–E5 with their dimensions, on [0, 20]', () => {
    expect(DETEST_PROBLEMS.map((p) => p.name).join(' ')).toBe(
      'A1 A2 A3 A4 A5 B1 B2 B3 B4 B5 C1 C2 C3 C4 C5 D1 D2 D3 D4 D5 E1 E2 E3 E4 E5',
    );
    expect(DETEST_PROBLEMS.map((p) => p.dim)).toEqual([
      1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 10, 10, 10, 51, 30, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2,
    ]);
    for (const problem of DETEST_PROBLEMS) {
      expect(problem.y0).toHaveLength(problem.dim);
      expect(referenceOf(problem)).toHaveLength(problem.dim);
      expect(problem.tEnd).toBe(DETEST_T_END);
      expect(Object.isFrozen(problem.y0)).toBe(true);
    }
    expect(REFERENCE_SETTINGS).toMatchObject({ rtol: REFERENCE_RTOL, atol: REFERENCE_ATOL, tEnd: DETEST_T_END });
    expect(withClosedForm.map((p) => p.name).join(' ')).toBe(
      'A1 A2 A3 A4 A5 B2 B4 B5 C1 C2 C3 C4 D1 D2 D3 D4 D5 E1 E4 E5',
    );
  });

  it('looks problems up by name and refuses unknown names', () => {
    expect(detestProblem('C5').dim).toBe(30);
    expect(() => detestProblem('F1' as never)).toThrow(InvalidArgumentError);
  });

  it('keeps the constants that public ports get wrong', () => {
    // E4: y″ = 0.032 − 0.4·(y′)², not 0.32.
    expect(hostRhs(detestProblem('E4'), 0, [30, 0])).toEqual([0, 0.032]);
    // C5: k² = 2.95912208286 multiplies the whole bracket and the indirect term enters with a minus sign. With only
    // Jupiter and Saturn off the origin on the x axis, Jupiter's acceleration is
    // k²·(−(m0 + mJ)/xJ² + mS·(1/(xS − xJ)² − 1/xS²)).
    const [k2, m0, mJ, mS] = [2.95912208286, 1.00000597682, 0.000954786104043, 0.000285583733151];
    const state = new Array<number>(30).fill(0);
    const positions = [2, 5, 10, 20, 30]; // all on the x axis
    positions.forEach((x, j) => {
      state[3 * j] = x;
    });
    const [xJ, xS] = [2, 5];
    let expected = -(m0 + mJ) / xJ ** 2 + mS * (1 / (xS - xJ) ** 2 - 1 / xS ** 2);
    const others = [
      [10, 0.0000437273164546],
      [20, 0.0000517759138449],
      [30, 0.00000277777777778],
    ] as const;
    for (const [x, m] of others) expected += m * (1 / (x - xJ) ** 2 - 1 / x ** 2);
    expect(hostRhs(detestProblem('C5'), 0, state)[15]).toBeCloseTo(k2 * expected, 13);
    expect(detestProblem('C5').y0.slice(9, 15)).toEqual([
      -30.1552268759, 1.65699966404, 1.43785752721, -21.123835338, 28.4465098142, 15.3882659679,
    ]);
  });
});

describe('reference end states', () => {
  // (a) Components above ~1e-5 must match to 1e-9 relative; smaller ones (A1 and the tails of C1, C2, C4) are
  // controlled by atol = 1e-13 in absolute terms, hence the 1e-14 floor.
  it.each(withClosedForm.map((p) => [p.name, p] as const))('%s equals the closed-form solution', (_name, problem) => {
    const exact = (problem.exact as (t: number) => number[])(problem.tEnd);
    const reference = referenceOf(problem);
    for (let i = 0; i < problem.dim; i++) {
      const want = exact[i] as number;
      expect(Math.abs((reference[i] as number) - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want) + 1e-14);
    }
    const atStart = (problem.exact as (t: number) => number[])(0);
    for (let i = 0; i < problem.dim; i++) {
      expect(Math.abs((atStart[i] as number) - (problem.y0[i] as number))).toBeLessThanOrEqual(1e-14);
    }
  });

  // (c) A cheap self-consistency check: the same integrator at 1e-10 lands within 1e-7 of the stored values.
  it('are reproduced by the host integrator at rtol = atol = 1e-10', () => {
    for (const problem of DETEST_PROBLEMS) {
      const { y } = integrateHost(problem.rhsHost, problem.y0, 0, problem.tEnd, { rtol: 1e-10, atol: 1e-10 });
      const reference = referenceOf(problem);
      for (let i = 0; i < problem.dim; i++) {
        const want = reference[i] as number;
        expect(Math.abs((y[i] as number) - want), `${problem.name}[${i}]`).toBeLessThanOrEqual(
          1e-7 * Math.max(1, Math.abs(want)),
        );
      }
    }
  });
});

describe('tfjs fields', () => {
  // (b) The field equals rhsHost at random states near y(0) and y(20), up to float32 rounding. The host runs at the
  // float32-rounded state, so only the arithmetic differs.
  it.each(DETEST_PROBLEMS.map((p) => [p.name, p] as const))('%s field matches rhsHost', (_name, problem) => {
    const uniform = seededUniform(problem.name.charCodeAt(0) * 100 + problem.dim);
    const states: number[][] = [];
    for (const base of [problem.y0, referenceOf(problem)]) {
      for (let r = 0; r < 2; r++) {
        states.push(base.map((v) => Math.fround(v * (1 + 0.05 * (2 * uniform() - 1)) + 0.05 * (2 * uniform() - 1))));
      }
    }
    const t = DETEST_T_END * uniform();
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(states);
    const out = problem.field(t, x);
    expect(out.shape).toEqual([states.length, problem.dim]);
    const got = out.arraySync() as number[][];
    const x1 = tf.tensor1d(states[0] as number[]);
    const single = problem.field(t, x1);
    expect(single.shape).toEqual([problem.dim]);
    const gotSingle = single.arraySync() as number[];
    tf.dispose([x, out, x1, single]);
    expect(tf.memory().numTensors).toBe(before);

    states.forEach((state, r) => {
      const want = hostRhs(problem, t, state);
      const scale = Math.max(1, ...want.map(Math.abs));
      const row = got[r] as number[];
      for (let i = 0; i < problem.dim; i++) {
        const w = want[i] as number;
        expect(Math.abs((row[i] as number) - w), `${problem.name} state ${r} component ${i}`).toBeLessThanOrEqual(
          1e-6 * Math.abs(w) + 1e-6 * scale,
        );
        if (r === 0) expect(Math.abs((gotSingle[i] as number) - (row[i] as number))).toBeLessThanOrEqual(1e-6 * scale);
      }
    });
  });

  it('rejects a batch of the wrong width', () => {
    const x = tf.zeros([2, 3]);
    expect(() => detestProblem('D1').field(0, x)).toThrow(ShapeError);
    x.dispose();
  });
});
