import * as tf from '@tensorflow/tfjs';
import type { Sde } from '../types.js';
import { diffusionAt, driftAt } from './coefficients.js';

/**
 * The drift f(t, x) and diffusion g(t, x) at the point a step starts from, each evaluated at most once however many
 * steps start there.
 *
 * @remarks
 * `sdeint` hands one to every {@link SdeSolver.step}. A fixed-step solve makes one per step; an adaptive solve
 * shares one between the full step and the first half step of its step-doubling estimate, and between every
 * retry after a rejection, so an Euler–Maruyama attempt costs two evaluations (the second half step's start)
 * instead of six. Solvers read `drift()` and `diffusion()` instead of calling `sde.drift(t, x)` and
 * `sde.diffusion(t, x)` themselves; the evaluations they make elsewhere they count in their
 * {@link StepResult.nfe}, and `nfe` here counts the rest.
 *
 * The values are owned by this object: read them (also inside `tf.tidy`), never dispose them; the creator calls
 * `dispose()` once no step starts here any more. It never disposes `x`.
 *
 * @example
 * ```ts
 * const start = new StepStart(sde, 0, y0);
 * const { x: x1, nfe } = eulerMaruyama.step(sde, 0, y0, 1e-2, { dW }, start);
 * // start.nfe === 2 (f and g at (0, y0)); nfe === 0.
 * start.dispose();
 * ```
 */
export class StepStart {
  /** The SDE. */
  readonly sde: Sde;
  /** The start time. */
  readonly t: number;
  /** The start state [N, D]; not owned. */
  readonly x: tf.Tensor;
  #drift: tf.Tensor | undefined;
  #diffusion: tf.Tensor | undefined;
  #nfe = 0;

  /**
   * Prepares the start (t, x) of `sde`; nothing is evaluated until `drift()` or `diffusion()` is read.
   *
   * @param sde - The SDE whose coefficients to evaluate.
   * @param t - The start time.
   * @param x - The start state; not disposed, and must stay alive until `dispose()`.
   */
  constructor(sde: Sde, t: number, x: tf.Tensor) {
    this.sde = sde;
    this.t = t;
    this.x = x;
  }

  /** How many of the two coefficients have been evaluated (0, 1 or 2). */
  get nfe(): number {
    return this.#nfe;
  }

  /** f(t, x), evaluated on the first call; owned by this object. */
  drift(): tf.Tensor {
    this.#drift ??= this.#count(driftAt(this.sde, this.t, this.x));
    return this.#drift;
  }

  /** g(t, x) (its shape follows the noise type), evaluated on the first call; owned by this object. */
  diffusion(): tf.Tensor {
    this.#diffusion ??= this.#count(diffusionAt(this.sde, this.t, this.x));
    return this.#diffusion;
  }

  /** Frees the evaluated coefficients. */
  dispose(): void {
    tf.dispose([this.#drift, this.#diffusion].filter((v): v is tf.Tensor => v !== undefined));
    this.#drift = undefined;
    this.#diffusion = undefined;
  }

  #count(value: tf.Tensor): tf.Tensor {
    this.#nfe += 1;
    // keep: the value must survive an enclosing tidy (a solver's step); driftAt/diffusionAt already tidied the
    // user's intermediates and cloned the value, so dispose() never frees the caller's state.
    return tf.keep(value);
  }
}
