import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectClose, expectInvalidArgument } from '@gen/core/testing';
import { type DiffusionProcess, SubVPSDE, VESDE, VPSDE } from '@gen/sde';
import { beforeAll, describe, expect, it } from 'vitest';
import { denoisingScoreMatching } from '../../src/objectives/index.js';
import { gaussianData, pointData } from '../fixtures/objective-data.js';
import { affineField, shifted } from '../fixtures/objective-fields.js';
import { lossOf } from '../support/objective-loss.js';

beforeAll(async () => {
  await initBackend('cpu');
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
