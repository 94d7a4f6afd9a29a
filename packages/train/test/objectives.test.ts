import { InvalidArgumentError, initBackend, Rng, randomNormal, ShapeError } from '@gen/core';
import { centralDifferenceGradient, expectClose, expectInvalidArgument, expectNoLeaks, expm } from '@gen/core/testing';
import { logProb } from '@gen/ode';
import { type DiffusionProcess, SubVPSDE, VESDE, VPSDE } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../src/data/index.js';
import {
  conditionalFlowMatching,
  denoisingScoreMatching,
  maximumLikelihood,
  type Objective,
  otConditionalFlowMatching,
  type ReflowPairs,
  rectifiedFlow,
  reflow,
  reflowPairs,
  schrodingerBridgeFlowMatching,
} from '../src/objectives/index.js';
import type { TrainableField } from '../src/types.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A test-only 2-layer tanh MLP u(t, x) = W₂·tanh(W₁·[x, t] + b₁) + b₂ with seeded weights. */
function tinyMlp(dim: number, hidden = 16, seed = 0): TrainableField & { dispose(): void } {
  const rng = new Rng(seed);
  const weight = (rows: number, cols: number) =>
    tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: rows * cols }, () => rng.normal() / Math.sqrt(rows)),
        [rows, cols],
      ),
    );
  const variables = [
    weight(dim + 1, hidden),
    tf.variable(tf.zeros([hidden])),
    weight(hidden, dim),
    tf.variable(tf.zeros([dim])),
  ];
  const [w1, b1, w2, b2] = variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const forwardTimes = (t: tf.Tensor, x: tf.Tensor) =>
    tf.tidy(() => {
      const input = tf.concat([x, tf.reshape(t, [-1, 1])], 1);
      return tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(input, w1), b1)), w2), b2);
    });
  const field = (t: number, x: tf.Tensor) => tf.tidy(() => forwardTimes(tf.fill([x.shape[0] as number], t), x));
  return Object.assign(field, { variables, forwardTimes, dispose: () => tf.dispose(variables) });
}

/**
 * A parameter-free field u(tᵢ, xᵢ) = a(tᵢ)·xᵢ + c(tᵢ)·m with coefficients computed in float64 from the float32 times
 * it receives; it records those times (so tests can form exact expectations given the drawn times).
 */
function affineField(coefficients: (t: number) => readonly [number, number], m: readonly number[]) {
  const times: number[] = [];
  const rule = (ts: ArrayLike<number>, x: tf.Tensor) =>
    tf.tidy(() => {
      const n = ts.length;
      const a = new Float32Array(n);
      const c = new Float32Array(n);
      for (let i = 0; i < n; i += 1) [a[i], c[i]] = coefficients(ts[i] as number);
      return tf.add(tf.mul(x, tf.tensor2d(a, [n, 1])), tf.mul(tf.tensor2d(c, [n, 1]), tf.tensor2d([[...m]])));
    });
  const forwardTimes = (t: tf.Tensor, x: tf.Tensor) => {
    const ts = t.dataSync();
    times.push(...ts);
    return rule(ts, x);
  };
  const field = (t: number, x: tf.Tensor) => rule(new Float32Array(x.shape[0] as number).fill(t), x);
  return Object.assign(field, { variables: [] as tf.Variable[], forwardTimes, times });
}

/** `model` plus a constant vector δ. */
function shifted(model: TrainableField, delta: readonly number[]): TrainableField {
  const add = (u: tf.Tensor) => tf.tidy(() => tf.add(u, tf.tensor2d([[...delta]])));
  return Object.assign((t: number, x: tf.Tensor) => add(model(t, x)), {
    variables: model.variables,
    forwardTimes: (t: tf.Tensor, x: tf.Tensor) => add(model.forwardTimes(t, x)),
  });
}

/** A linear model u(t, x) = x·Aᵀ + b with trainable A and b. */
function linearModel(a: number[][], b: number[]) {
  const A = tf.variable(tf.tensor2d(a));
  const bias = tf.variable(tf.tensor1d(b));
  const apply = (x: tf.Tensor) => tf.tidy(() => tf.add(tf.matMul(x, A, false, true), bias));
  const model = Object.assign((_t: number, x: tf.Tensor) => apply(x), {
    variables: [A, bias],
    forwardTimes: (_t: tf.Tensor, x: tf.Tensor) => apply(x),
  });
  return { model, A, bias, dispose: () => tf.dispose([A, bias]) };
}

const value = (loss: tf.Scalar): number => {
  const v = loss.dataSync()[0] as number;
  loss.dispose();
  return v;
};

/** The loss as a number, without leaking. */
const lossOf = (objective: Objective, model: TrainableField, batch: tf.Tensor, seed: number): number =>
  value(objective.loss(model, batch, seed));

/** Data N(m, s²·I) as a [n, D] tensor. */
const gaussianData = (n: number, m: readonly number[], s: number, seed: number) =>
  tf.tidy(() => tf.add(tf.mul(randomNormal([n, m.length], seed), s), tf.tensor2d([[...m]])));

/** n copies of one point. */
const pointData = (n: number, point: readonly number[]) => tf.tile(tf.tensor2d([[...point]]), [n, 1]);

describe('every objective', () => {
  const mlp = tinyMlp(2);
  const batch = toyDataset('moons').sample(64, 1);
  let pairs: ReflowPairs;
  beforeAll(async () => {
    pairs = await reflowPairs(mlp, 128, 5, { dim: 2, method: 'rk4', steps: 4 });
  });
  afterAll(() => {
    tf.dispose(batch);
    pairs.dispose();
    mlp.dispose();
  });

  /** Label, objective, and whether the loss depends on the seed (the exact likelihood does not). */
  const cases: [string, () => Objective, boolean][] = [
    ['cfm', () => conditionalFlowMatching(), true],
    ['cfm σ_min = 0.01', () => conditionalFlowMatching({ sigmaMin: 0.01 }), true],
    ['rectified flow', () => rectifiedFlow(), true],
    ['ot-cfm', () => otConditionalFlowMatching(), true],
    ['ot-cfm σ = 0.1', () => otConditionalFlowMatching({ sigma: 0.1 }), true],
    ['sb-cfm σ = 1', () => schrodingerBridgeFlowMatching({ sigma: 1 }), true],
    ['reflow', () => reflow(pairs), true],
    ['dsm vp', () => denoisingScoreMatching({ process: new VPSDE() }), true],
    [
      'dsm sub-vp, likelihood weighting',
      () => denoisingScoreMatching({ process: new SubVPSDE(), likelihoodWeighting: true }),
      true,
    ],
    ['dsm ve', () => denoisingScoreMatching({ process: new VESDE() }), true],
    ['maximum likelihood, hutchinson, rk4', () => maximumLikelihood({ method: 'rk4', steps: 4 }), true],
    [
      'maximum likelihood, exact, dopri5',
      () => maximumLikelihood({ divergence: 'exact', rtol: 1e-4, atol: 1e-4 }),
      false,
    ],
  ];

  it.each(cases)('%s: a finite, seeded, leak-free scalar with leak-free gradients', async (_label, make, seeded) => {
    const objective = make();
    const loss = await expectNoLeaks(() => objective.loss(mlp, batch, 7));
    expect([loss.rank, loss.dtype]).toEqual([0, 'float32']);
    const first = value(loss);
    expect(Number.isFinite(first)).toBe(true);
    expect(lossOf(objective, mlp, batch, 7)).toBe(first);
    if (seeded) expect(lossOf(objective, mlp, batch, 8)).not.toBe(first);
    else expect(lossOf(objective, mlp, batch, 8)).toBe(first);
    const { value: v, grads } = await expectNoLeaks(() =>
      tf.variableGrads(() => objective.loss(mlp, batch, 7), [...mlp.variables]),
    );
    expect(v.dataSync()[0]).toBeCloseTo(first, 5);
    for (const variable of mlp.variables) {
      const g = grads[variable.name]?.dataSync() ?? [];
      expect(g.length).toBe(variable.size);
      expect(Array.from(g).every(Number.isFinite)).toBe(true);
    }
    expect(Array.from(grads[mlp.variables[0]?.name as string]?.dataSync() ?? []).some((g) => g !== 0)).toBe(true);
    tf.dispose([v, ...Object.values(grads)]);
  });

  it('rectified flow is CFM with σ_min = 0 under another name', () => {
    expect([rectifiedFlow().name, conditionalFlowMatching().name]).toEqual(['rectified-flow', 'cfm']);
    expect(lossOf(rectifiedFlow(), mlp, batch, 3)).toBe(lossOf(conditionalFlowMatching(), mlp, batch, 3));
  });

  it('rejects a bad model, batch or seed, naming it', () => {
    const objective = conditionalFlowMatching();
    const vector = tf.tensor1d([1, 2]);
    const ints = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    expectInvalidArgument(() => objective.loss({} as TrainableField, batch, 0), InvalidArgumentError, 'model');
    expectInvalidArgument(() => objective.loss(mlp, vector, 0), ShapeError, 'batch');
    expectInvalidArgument(() => objective.loss(mlp, ints, 0), InvalidArgumentError, 'batch');
    expectInvalidArgument(() => objective.loss(mlp, batch, -1), InvalidArgumentError, 'seed');
    tf.dispose([vector, ints]);
  });
});

describe('conditional flow matching', () => {
  const x0 = [0.7, -1.2];
  /** The exact conditional velocity for data at x0 alone: u = (1 − σ_min)·z − x0 with z = (x_t − (1 − t)·x0)/σ_t. */
  const singlePointField = (sigmaMin: number) =>
    affineField((t) => {
      const sigmaT = sigmaMin + (1 - sigmaMin) * t;
      return [(1 - sigmaMin) / sigmaT, -(1 + ((1 - sigmaMin) * (1 - t)) / sigmaT)];
    }, x0);

  it.each([0, 0.01])(
    'σ_min = %s: the exact field of a one-point data set has zero loss; a shift δ costs ‖δ‖²',
    (sigmaMin) => {
      const batch = pointData(512, x0);
      const objective = conditionalFlowMatching({ sigmaMin });
      const exact = singlePointField(sigmaMin);
      expect(lossOf(objective, exact, batch, 1)).toBeLessThan(1e-6);
      expectClose(lossOf(objective, shifted(exact, [0.3, -0.4]), batch, 1), 0.25, { atol: 1e-4 }, 'loss of u* + δ');
      batch.dispose();
    },
  );

  it('standard normal data: the marginal field (2t − 1)/((1 − t)² + t²)·x attains D·π/2', () => {
    // x_t = (1 − t)x + tz ~ N(0, ((1 − t)² + t²)I); Var(z − x | x_t) = 1/((1 − t)² + t²) per dimension.
    const n = 16_384;
    const batch = gaussianData(n, [0, 0], 1, 3);
    const optimal = affineField((t) => [(2 * t - 1) / ((1 - t) ** 2 + t ** 2), 0], [0, 0]);
    const loss = lossOf(conditionalFlowMatching(), optimal, batch, 4);
    const variances = optimal.times.map((t) => 1 / ((1 - t) ** 2 + t ** 2));
    const given = (2 * variances.reduce((a, v) => a + v, 0)) / n; // D = 2
    const standardError = Math.sqrt(variances.reduce((a, v) => a + 4 * v * v, 0)) / n; // Var(v·χ²₂) = 4v²
    expect(Math.abs(loss - given)).toBeLessThan(4 * standardError);
    expectClose(loss, Math.PI, { rtol: 0.02 }, 'CFM minimum D·π/2');
    const scaled = affineField((t) => [(0.8 * (2 * t - 1)) / ((1 - t) ** 2 + t ** 2), 0], [0, 0]);
    expect(lossOf(conditionalFlowMatching(), scaled, batch, 4)).toBeGreaterThan(loss + 0.02);
    batch.dispose();
  });
});

describe('OT-CFM', () => {
  const zero = affineField(() => [0, 0], [0, 0]);

  it('pairs data and noise so that the target second moment E‖z − x‖² drops about 6× on moons', () => {
    // With u ≡ 0 the loss is the batch mean of ‖z − x‖² under each coupling.
    const ratios: number[] = [];
    for (let seed = 0; seed < 4; seed += 1) {
      const batch = toyDataset('moons').sample(256, seed);
      ratios.push(
        lossOf(conditionalFlowMatching(), zero, batch, seed) / lossOf(otConditionalFlowMatching(), zero, batch, seed),
      );
      batch.dispose();
    }
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(4.5);
  });

  it('σ widens x_t but not the target; the exact one-point field still has zero loss', () => {
    const batch = toyDataset('8gaussians').sample(128, 2);
    expect(lossOf(otConditionalFlowMatching({ sigma: 0.3 }), zero, batch, 5)).toBe(
      lossOf(otConditionalFlowMatching(), zero, batch, 5),
    );
    batch.dispose();
    const x0 = [1, 2];
    const point = pointData(256, x0);
    const exact = affineField((t) => [1 / t, -(1 + (1 - t) / t)], x0);
    expect(lossOf(otConditionalFlowMatching(), exact, point, 6)).toBeLessThan(1e-6);
    point.dispose();
  });

  it('rejects a negative σ', () => {
    expectInvalidArgument(() => otConditionalFlowMatching({ sigma: -0.1 }), InvalidArgumentError, 'options.sigma');
  });
});

describe('Schrödinger-bridge CFM', () => {
  it('for a one-point data set, E[u_t | x_t] with the bridge target beats every perturbation of it', () => {
    // x_t = (1 − t)x0 + t·z + s·ε with s = σ√(t(1 − t)); target z − x0 + ṡ·ε, so
    // E[u_t | x_t] = −x0 + k·(x_t − (1 − t)x0), k = (t + s·ṡ)/(t² + s²) = (t + σ²(1 − 2t)/2)/(t² + σ²t(1 − t)).
    const sigma = 0.8;
    const x0 = [0.5, -0.5];
    const field = (flip: number) =>
      affineField((t) => {
        const k = (t + (flip * sigma ** 2 * (1 - 2 * t)) / 2) / (t ** 2 + sigma ** 2 * t * (1 - t));
        return [k, -(1 + k * (1 - t))];
      }, x0);
    const batch = pointData(1024, x0);
    const objective = schrodingerBridgeFlowMatching({ sigma });
    const optimal = lossOf(objective, field(1), batch, 9);
    expect(lossOf(objective, field(-1), batch, 9)).toBeGreaterThan(optimal + 0.1); // the target's ṡ sign flipped
    expect(lossOf(objective, field(0), batch, 9)).toBeGreaterThan(optimal + 0.1); // no bridge-noise term
    expect(lossOf(objective, shifted(field(1), [0.3, 0.4]), batch, 9)).toBeGreaterThan(optimal + 0.2);
    batch.dispose();
  });

  it('rejects σ ≤ 0', () => {
    expectInvalidArgument(() => schrodingerBridgeFlowMatching({ sigma: 0 }), InvalidArgumentError, 'options.sigma');
  });
});

describe('reflow', () => {
  // u(t, x) = a·x carries z at t = 1 to x = e^{−a}·z at t = 0. On such pairs x_t = k(t)·z with
  // k = (1 − t)e^{−a} + t, so the exact reflow field is u*(t, x) = (1 − e^{−a})/k(t)·x.
  const a = 0.7;
  const teacher = linearModel(
    [
      [a, 0],
      [0, a],
    ],
    [0, 0],
  );
  afterAll(() => teacher.dispose());

  it('generates pairs x = φ(z) by integrating from t = 1 to t = 0, and the straight field fits them exactly', async () => {
    const pairs = await expectNoLeaks(() => reflowPairs(teacher.model, 256, 4, { dim: 2, rtol: 1e-7, atol: 1e-7 }));
    expect(pairs.x.shape).toEqual([256, 2]);
    const expected = tf.tidy(() => tf.mul(pairs.z, Math.exp(-a)));
    expectClose(pairs.x.dataSync(), expected.dataSync(), { atol: 1e-5 }, 'x = e^{−a}·z');
    const straight = affineField((t) => [(1 - Math.exp(-a)) / ((1 - t) * Math.exp(-a) + t), 0], [0, 0]);
    const batch = toyDataset('moons').sample(128, 0); // only its size and dimension are used
    expect(lossOf(reflow(pairs), straight, batch, 2)).toBeLessThan(1e-8);
    expect(lossOf(reflow(pairs), shifted(straight, [0, 0.5]), batch, 2)).toBeCloseTo(0.25, 6);
    const wide = tf.zeros([4, 3]);
    expectInvalidArgument(() => reflow(pairs).loss(straight, wide, 0), ShapeError, 'batch');
    const objective = reflow(pairs);
    pairs.dispose();
    expectInvalidArgument(() => objective.loss(straight, batch, 0), InvalidArgumentError, 'pairs.x');
    tf.dispose([expected, batch, wide]);
  });

  it('rejects bad arguments', async () => {
    await expect(reflowPairs(teacher.model, 0, 1, { dim: 2 })).rejects.toMatchObject({ parameter: 'n' });
    await expect(reflowPairs(teacher.model, 4, 1, { dim: 0 })).rejects.toMatchObject({ parameter: 'options.dim' });
    const x = tf.zeros([4, 2]);
    const z = tf.zeros([4, 3]);
    expectInvalidArgument(() => reflow({ x, z, dispose: () => {} }), ShapeError, 'pairs.z');
    expectInvalidArgument(() => reflow(null as unknown as ReflowPairs), InvalidArgumentError, 'pairs');
    tf.dispose([x, z]);
  });
});

describe('denoising score matching', () => {
  const processes: [string, DiffusionProcess][] = [
    ['vp', new VPSDE()],
    ['sub-vp', new SubVPSDE()],
    ['ve', new VESDE()],
  ];

  it.each(processes)('%s: the noise of a one-point data set is recovered exactly: loss ≈ 0', (_name, process) => {
    const x0 = [1.5, -0.5];
    const exact = affineField((t) => {
      const { mean, std } = process.marginal(t);
      return [1 / std, -mean / std];
    }, x0);
    const batch = pointData(1024, x0);
    expect(lossOf(denoisingScoreMatching({ process }), exact, batch, 1)).toBeLessThan(1e-6);
    batch.dispose();
  });

  // Data N(m, s²I): ε*(t, x_t) = σ(x_t − α·m)/(α²s² + σ²) and ε − ε* ~ N(0, v·I) with v = α²s²/(α²s² + σ²), so
  // given the drawn times the loss has mean (1/N)Σ λᵢ·D·vᵢ and variance (1/N²)Σ λᵢ²·2D·vᵢ².
  const m = [1, -2];
  const s = 0.5;
  it.each([
    ['vp', new VPSDE(), false, 1e-5],
    ['vp, likelihood weighting', new VPSDE(), true, 1e-3],
    ['sub-vp, likelihood weighting', new SubVPSDE(), true, 1e-3],
    ['ve, likelihood weighting', new VESDE(), true, 1e-3],
  ] as const)(
    '%s: the analytic ε of Gaussian data attains the closed-form minimum',
    (_name, process, likelihoodWeighting, tEnd) => {
      const n = 16_384;
      const batch = gaussianData(n, m, s, 11);
      const optimal = affineField((t) => {
        const { mean: alpha, std: sigma } = process.marginal(t);
        const total = alpha ** 2 * s ** 2 + sigma ** 2;
        return [sigma / total, (-alpha * sigma) / total];
      }, m);
      const objective = denoisingScoreMatching({ process, likelihoodWeighting, tEnd });
      const loss = lossOf(objective, optimal, batch, 12);
      let expected = 0;
      let variance = 0;
      for (const t of optimal.times) {
        const { mean: alpha, std: sigma } = process.marginal(t);
        const v = (alpha ** 2 * s ** 2) / (alpha ** 2 * s ** 2 + sigma ** 2);
        const lambda = likelihoodWeighting ? process.diffusion(t) ** 2 / sigma ** 2 : 1;
        expected += (lambda * 2 * v) / n;
        variance += (lambda ** 2 * 4 * v ** 2) / n ** 2;
      }
      expect(optimal.times.every((t) => t >= tEnd && t < 1)).toBe(true);
      expect(Math.abs(loss - expected)).toBeLessThan(4 * Math.sqrt(variance));
      const worse = lossOf(objective, shifted(optimal, [0.05, 0]), batch, 12);
      expect(worse).toBeGreaterThan(loss);
      batch.dispose();
    },
  );

  it('unweighted VP minimum over t ~ U[tEnd, 1) matches the quadrature D·∫ α²s²/(α²s² + σ²) dt', () => {
    const process = new VPSDE();
    const tEnd = 1e-5;
    const integrand = (t: number) => {
      const { mean: alpha, std: sigma } = process.marginal(t);
      return (alpha ** 2 * s ** 2) / (alpha ** 2 * s ** 2 + sigma ** 2);
    };
    const steps = 2000; // composite Simpson
    const h = (1 - tEnd) / steps;
    let integral = integrand(tEnd) + integrand(1);
    for (let k = 1; k < steps; k += 1) integral += (k % 2 === 1 ? 4 : 2) * integrand(tEnd + k * h);
    const minimum = (2 * integral * h) / 3 / (1 - tEnd);
    const batch = gaussianData(16_384, m, s, 21);
    const optimal = affineField((t) => {
      const { mean: alpha, std: sigma } = process.marginal(t);
      const total = alpha ** 2 * s ** 2 + sigma ** 2;
      return [sigma / total, (-alpha * sigma) / total];
    }, m);
    expectClose(
      lossOf(denoisingScoreMatching({ process, tEnd }), optimal, batch, 22),
      minimum,
      { rtol: 0.03 },
      'DSM minimum',
    );
    batch.dispose();
  });

  it('rejects bad options, naming them', () => {
    const process = new VPSDE();
    expectInvalidArgument(
      () => denoisingScoreMatching({ process: {} as DiffusionProcess }),
      InvalidArgumentError,
      'options.process',
    );
    expectInvalidArgument(() => denoisingScoreMatching({ process, tEnd: 0 }), InvalidArgumentError, 'options.tEnd');
    expectInvalidArgument(() => denoisingScoreMatching({ process, tEnd: 1 }), InvalidArgumentError, 'options.tEnd');
    expectInvalidArgument(
      () => denoisingScoreMatching({ process, likelihoodWeighting: 'yes' as unknown as boolean }),
      InvalidArgumentError,
      'options.likelihoodWeighting',
    );
  });
});

describe('maximum likelihood', () => {
  const A = [
    [-0.3, 0.8],
    [-0.5, 0.4],
  ];
  const B = [0.2, -0.1];
  const X = [
    [0.5, -1.2],
    [1.5, 0.3],
    [-0.7, 0.9],
    [0, 0],
  ];
  const linear = linearModel(A, B);
  const x = tf.tensor2d(X);
  afterAll(() => {
    linear.dispose();
    x.dispose();
  });

  /** log p₀(x) of the affine flow u = Ax + b: z = e^A·x + (e^A − I)A⁻¹b (from exp [[A, b], [0, 0]]), + tr A. */
  function exactLogDensity(point: readonly number[]): number {
    const e = expm([
      [...(A[0] as number[]), B[0] as number],
      [...(A[1] as number[]), B[1] as number],
      [0, 0, 0],
    ]);
    const z = [0, 1].map(
      (i) =>
        (e[i]?.[0] as number) * (point[0] as number) +
        (e[i]?.[1] as number) * (point[1] as number) +
        (e[i]?.[2] as number),
    );
    return (
      -0.5 * z.reduce((s, v) => s + v * v, 0) - Math.log(2 * Math.PI) + (A[0]?.[0] as number) + (A[1]?.[1] as number)
    );
  }

  it('with the exact divergence equals −mean log p of @gen/ode logProb and of the closed form', async () => {
    const objective = maximumLikelihood({ divergence: 'exact', rtol: 1e-6, atol: 1e-6 });
    const loss = lossOf(objective, linear.model, x, 0);
    const { logp, z } = await logProb(linear.model, x, { divergence: 'exact', rtol: 1e-6, atol: 1e-6 });
    const reference = -(logp.dataSync() as Float32Array).reduce((a, v) => a + v, 0) / X.length;
    expectClose(loss, reference, { atol: 1e-5 }, 'loss vs logProb');
    expectClose(
      loss,
      -X.map(exactLogDensity).reduce((a, v) => a + v, 0) / X.length,
      { atol: 1e-4 },
      'loss vs closed form',
    );
    tf.dispose([logp, z]);
  });

  it.each(['exact', 'hutchinson'] as const)(
    '%s: the backpropagated gradient matches central differences',
    (divergence) => {
      const objective = maximumLikelihood({ divergence, method: 'rk4', steps: 8 });
      const { value: v, grads } = tf.variableGrads(() => objective.loss(linear.model, x, 3), linear.model.variables);
      const analytic = linear.model.variables.flatMap((variable) => Array.from(grads[variable.name]?.dataSync() ?? []));
      const numeric = centralDifferenceGradient(() => lossOf(objective, linear.model, x, 3), linear.model.variables);
      expectClose(analytic, numeric, { atol: 2e-3, rtol: 2e-3 }, `∂loss/∂θ (${divergence})`);
      tf.dispose([v, ...Object.values(grads)]);
    },
  );

  it("Hutchinson's estimate is exact for a diagonal Jacobian, and a model's closed-form divergence is used", () => {
    const diagonal = linearModel(
      [
        [-0.4, 0],
        [0, 0.3],
      ],
      [0.1, 0],
    );
    const exact = lossOf(maximumLikelihood({ divergence: 'exact', method: 'rk4', steps: 8 }), diagonal.model, x, 0);
    expectClose(
      lossOf(maximumLikelihood({ method: 'rk4', steps: 8 }), diagonal.model, x, 5),
      exact,
      { atol: 1e-6 },
      'hutchinson',
    );
    let calls = 0;
    const withDivergence = Object.assign(diagonal.model, {
      divergence: (_t: number, y: tf.Tensor) => {
        calls += 1;
        return tf.fill([y.shape[0] as number], -0.1);
      },
    });
    const closedForm = lossOf(
      maximumLikelihood({ divergence: 'exact', method: 'rk4', steps: 8 }),
      withDivergence,
      x,
      0,
    );
    expect(calls).toBeGreaterThan(0);
    expectClose(closedForm, exact, { atol: 1e-6 }, 'closed-form divergence');
    diagonal.dispose();
  });

  it('rejects bad options, naming them', () => {
    expectInvalidArgument(
      () => maximumLikelihood({ divergence: 'trace' as 'exact' }),
      InvalidArgumentError,
      'options.divergence',
    );
    expectInvalidArgument(() => maximumLikelihood({ method: 'rk45' }), InvalidArgumentError, 'options.method');
    expectInvalidArgument(() => maximumLikelihood({ method: 'rk4' }), InvalidArgumentError, 'options.steps');
    expectInvalidArgument(() => maximumLikelihood({ steps: 0 }), InvalidArgumentError, 'options.steps');
    expectInvalidArgument(() => maximumLikelihood({ rtol: -1 }), InvalidArgumentError, 'options.rtol');
    expectInvalidArgument(() => maximumLikelihood({ atol: 0 }), InvalidArgumentError, 'options.atol');
  });
});

describe('option validation of the flow-matching objectives', () => {
  it('names the parameter', () => {
    expectInvalidArgument(() => conditionalFlowMatching({ sigmaMin: 1 }), InvalidArgumentError, 'options.sigmaMin');
    expectInvalidArgument(() => conditionalFlowMatching({ sigmaMin: -0.1 }), InvalidArgumentError, 'options.sigmaMin');
  });
});
