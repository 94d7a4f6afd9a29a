import type * as tf from '@tensorflow/tfjs';
import type { NoiseType, Sde } from '../types.js';
import type { StepStart } from './step-start.js';

/** The Brownian information one step receives: the increment and, for `'srk'`, the space-time Lévy area. */
export interface StepNoise {
  /** W(t + h) − W(t). */
  readonly dW: tf.Tensor;
  /** Space-time Lévy area over the step (only for solvers that declare `needsLevyArea`). */
  readonly levyArea?: tf.Tensor;
}

/** The result of one {@link SdeSolver} step. */
export interface StepResult {
  /** The new state, owned by the caller. */
  x: tf.Tensor;
  /** Drift and diffusion evaluations the step made itself (those read from its {@link StepStart} are counted there). */
  nfe: number;
}

/** One fixed-step SDE method. */
export interface SdeSolver {
  /** Registry name. */
  readonly name: string;
  /** Strong order for the noise types it supports (for commutative noise where it matters). */
  readonly strongOrder: number;
  /** The SDE interpretation it solves. */
  readonly kinds: readonly ('ito' | 'stratonovich')[];
  /** The noise types it supports. */
  readonly noiseTypes: readonly NoiseType[];
  /** Whether a step needs the space-time Lévy area. */
  readonly needsLevyArea: boolean;
  /**
   * One step from (t, x) to t + h.
   *
   * @param sde - The SDE.
   * @param t - Start time.
   * @param x - Start state [N, D]; not disposed.
   * @param h - Step size (negative backwards).
   * @param noise - The Brownian increment (and Lévy area) over the step; not disposed.
   * @param start - f(t, x) and g(t, x), evaluated at most once for every step that starts at (t, x): read them
   *   from here instead of calling `sde.drift(t, x)` / `sde.diffusion(t, x)`; never dispose them.
   * @returns The new state (owned by the caller) and the drift and diffusion evaluations made outside `start`.
   */
  step(sde: Sde, t: number, x: tf.Tensor, h: number, noise: StepNoise, start: StepStart): StepResult;
}
