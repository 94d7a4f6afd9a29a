/**
 * A tour of @gen/core: run with `pnpm start` from the repository root (or `pnpm --filter @gen/core tour`).
 * Every number it prints is computed here, on the backend initBackend picks.
 */
import * as tf from '@tensorflow/tfjs';
import {
  AffinePath,
  divergenceExact,
  divergenceHutchinson,
  energyDistance,
  GaussianMixture,
  hutchinsonProbe,
  initBackend,
  LinearSchedule,
  minibatchOtPairing,
  mmd2,
  natsToBitsPerDim,
  StandardNormal,
  slicedWasserstein2,
  VPSchedule,
} from '../src/index.js';
import { randomMlpField } from '../src/testing/index.js';

const backend = await initBackend();
console.log(`gen/core tour — tfjs backend: ${backend}`);

// 1. Distributions: eight Gaussians (std 0.5) on a circle of radius 4, and the standard normal prior.
const means = Array.from({ length: 8 }, (_, k) => [4 * Math.cos((k * Math.PI) / 4), 4 * Math.sin((k * Math.PI) / 4)]);
const data = new GaussianMixture({ weights: new Array(8).fill(1), means, stds: new Array(8).fill(0.5) });
const prior = new StandardNormal(2);
const x = data.sample(2048, 1);
const z = prior.sample(2048, 2);
const nll = -tf.tidy(() => tf.mean(data.logProb(x)).dataSync()[0] as number);
console.log(
  `8gaussians: true NLL of its own samples ≈ ${nll.toFixed(3)} nats (${natsToBitsPerDim(nll, 2).toFixed(3)} bits/dim)`,
);

// 2. Sample-quality metrics between data and prior, and between two data draws.
const y = data.sample(2048, 3);
console.log(
  `MMD²(data, data') = ${mmd2(x, y).toExponential(2)}, MMD²(data, prior) = ${mmd2(x, z).toFixed(4)}; ` +
    `energy distance ${energyDistance(x, z).toFixed(3)}; sliced W2 ${slicedWasserstein2(x, z, { seed: 4 }).toFixed(3)}`,
);

// 3. Minibatch optimal transport: pairing data with noise shortens the straight paths of flow matching.
const batchX = x.slice(0, 256);
const batchZ = z.slice(0, 256);
const { target } = minibatchOtPairing(batchX, batchZ, { method: 'exact' });
const paired = tf.gather(batchZ, Array.from(target));
const cost = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(a, b)), 1)).dataSync()[0] as number);
console.log(
  `OT pairing: mean squared path length ${cost(batchX, batchZ).toFixed(2)} (independent) → ${cost(batchX, paired).toFixed(2)} (exact plan)`,
);

// 4. Schedules and paths (t = 0 data, t = 1 prior): the conditional-OT path and its target velocity.
const path = new AffinePath(new LinearSchedule());
const xt = path.sample(batchX, paired, 0.5);
const velocity = path.velocity(batchX, paired, 0.5);
const vp = new VPSchedule();
console.log(
  `linear path at t = 0.5: mean |x_t| ${tf.tidy(() => tf.mean(tf.norm(xt, 'euclidean', 1)).dataSync()[0] as number).toFixed(3)}, ` +
    `target velocity z − x; VP(0.1, 20): α(1) = ${vp.alpha(1).toExponential(3)}, σ(1) = ${vp.sigma(1).toFixed(6)}`,
);

// 5. Divergence of a 3×256 MLP vector field: exact (D backward passes) vs Hutchinson (one).
const mlp = randomMlpField({ dim: 2, seed: 5 });
const probe = hutchinsonProbe([256, 2], 6, 'rademacher');
const exact = divergenceExact(mlp.field, 0.5, batchX);
const estimate = divergenceHutchinson(mlp.field, 0.5, batchX, probe);
console.log(
  `MLP divergence at t = 0.5: exact mean ${tf.tidy(() => tf.mean(exact).dataSync()[0] as number).toFixed(4)}, ` +
    `Hutchinson mean ${tf.tidy(() => tf.mean(estimate).dataSync()[0] as number).toFixed(4)} (unbiased, one probe)`,
);

tf.dispose([x, z, y, batchX, batchZ, paired, xt, velocity, probe, exact, estimate]);
mlp.dispose();
console.log(`done; tensors still alive: ${tf.memory().numTensors} (zero means nothing leaked)`);
