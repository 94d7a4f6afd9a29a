import { Rng } from '@gen/core';
import { assertOneOf } from '@gen/core/internal';
import { type Dataset, defineDataset } from './dataset.js';
import { checkerboard } from './toy/checkerboard.js';
import { eightGaussians } from './toy/gaussians.js';
import { moons } from './toy/moons.js';
import { pinwheel } from './toy/pinwheel.js';
import { circles, rings } from './toy/rings.js';
import { swissRoll, twoSpirals } from './toy/spirals.js';

/** The names of the toy 2-D data sets, as in FFJORD's `toy_data.py`. */
export const TOY_DATASET_NAMES = [
  'moons',
  'circles',
  '8gaussians',
  'checkerboard',
  'pinwheel',
  'swissroll',
  '2spirals',
  'rings',
] as const;

/** The name of a toy 2-D data set. */
export type ToyDatasetName = (typeof TOY_DATASET_NAMES)[number];

const GENERATORS: Readonly<Record<ToyDatasetName, (n: number, rng: Rng) => Float64Array>> = {
  moons,
  circles,
  '8gaussians': eightGaussians,
  checkerboard,
  pinwheel,
  swissroll: swissRoll,
  '2spirals': twoSpirals,
  rings,
};

/**
 * One of the 2-D toy distributions of FFJORD (Grathwohl et al. 2019), the standard benchmarks of flow and
 * diffusion papers, with seeded sampling.
 *
 * @remarks
 * The definitions follow FFJORD's `toy_data.py` (and the scikit-learn generators it calls), drawn with the core
 * `Rng` instead of numpy, so samples are reproducible from the seed but not numerically equal to numpy's:
 *
 * - `moons`: two interleaving half circles, noise 0.1, mapped by (2x − 1, 2y − 0.2).
 * - `circles`: radii 3 and 1.5, noise std 0.24.
 * - `8gaussians`: 8 Gaussians of std 0.354 centred at radius 2.829, at multiples of 45°.
 * - `checkerboard`: uniform on the 8 "even" squares of side 2 in [−4, 4]².
 * - `pinwheel`: 5 curved arms.
 * - `swissroll`: a noisy spiral, radius 0.94…2.83.
 * - `2spirals`: two mirrored spiral arms, noise 0.1.
 * - `rings`: radii 3, 2.25, 1.5, 0.75, noise 0.08.
 *
 * As in FFJORD, `moons`, `circles` and `rings` place their points at evenly spaced angles (then shuffle and add
 * noise), so a batch is a stratified rather than an i.i.d. sample; `pinwheel` and `2spirals` return exactly `n`
 * points (FFJORD rounds `n` down to a multiple of 5 and 2).
 *
 * @param name - One of {@link TOY_DATASET_NAMES}.
 * @returns A 2-D {@link Dataset} whose `sample(n, seed)` returns a float32 [n, 2] tensor owned by the caller.
 * @throws `InvalidArgumentError` naming `name` (and listing the valid names) for an unknown name.
 * @example
 * ```ts
 * const data = toyDataset('8gaussians');
 * const x = data.sample(512, 0); // [512, 2]
 * x.dispose();
 * ```
 * @see Grathwohl et al., "FFJORD: Free-form Continuous Dynamics for Scalable Reversible Generative Models",
 *   ICLR 2019.
 */
export function toyDataset(name: ToyDatasetName): Dataset {
  const key = assertOneOf('name', name, TOY_DATASET_NAMES);
  const generate = GENERATORS[key];
  return defineDataset(key, 2, (n, seed) => generate(n, new Rng(seed)));
}
