import { deriveSeed, Rng, type Seed } from '@gen/core';

/**
 * The independent random streams of one loss call, each seeded by `deriveSeed(seed, stream)`: times, the prior
 * noise z, the Gaussian perturbation around a path (or the diffusion noise ε), the coupling, and the Hutchinson
 * probe.
 */
export const Stream = { times: 0, noise: 1, perturbation: 2, coupling: 3, probe: 4 } as const;

/**
 * The child seed of one stream of a loss call.
 *
 * @param seed - The loss call's seed.
 * @param stream - Which stream.
 * @returns The stream's seed.
 */
export function streamSeed(seed: Seed, stream: (typeof Stream)[keyof typeof Stream]): number {
  return deriveSeed(seed, stream);
}

/**
 * N times drawn uniformly from [low, 1), rounded to float32 (the values the model sees).
 *
 * @param n - How many.
 * @param seed - The loss call's seed (the times stream is derived from it).
 * @param low - The lower end (default 0).
 * @returns A new array of n times.
 */
export function uniformTimes(n: number, seed: Seed, low = 0): Float32Array {
  const rng = new Rng(streamSeed(seed, Stream.times));
  return Float32Array.from({ length: n }, () => low + (1 - low) * rng.uniform());
}
