import * as tf from '@tensorflow/tfjs';
import { detectEnvironment } from './environment.js';

/**
 * The warning {@link warnIfUnchosenCpuBackend} prints, once per process, when gen's work runs on tfjs's cpu backend
 * in Node without the user having chosen it.
 */
export const CPU_BACKEND_WARNING =
  "gen: running on tfjs's 'cpu' backend in Node, which is often more than 10× slower than 'wasm' for gen's " +
  'models (a 1 000-step training run: minutes instead of seconds). For speed, install @tensorflow/tfjs-backend-wasm ' +
  'and call `await initBackend()` from @gen/core once before using gen (it picks cuda, then wasm, then cpu). ' +
  "To stay on cpu and silence this warning, call `await initBackend('cpu')`.";

/** Key of the process-wide record of the backend choice (shared by every copy of @gen/core, as src and dist). */
const STATE_KEY = Symbol.for('@gen/core/backend-choice');

interface BackendChoiceState {
  /** The user chose a backend through gen (`initBackend`, or `switchBackend` in tests). */
  chosen: boolean;
  /** The warning was printed (or can never apply here). */
  settled: boolean;
}

function state(): BackendChoiceState {
  const holder = globalThis as { [STATE_KEY]?: BackendChoiceState };
  holder[STATE_KEY] ??= { chosen: false, settled: false };
  return holder[STATE_KEY];
}

/**
 * Records that the user chose the active backend explicitly, so that {@link warnIfUnchosenCpuBackend} stays
 * silent. Called by `initBackend` (except when `'auto'` could only find cpu in Node) and by the test helper
 * `switchBackend`.
 */
export function noteBackendChosen(): void {
  state().chosen = true;
}

/**
 * Prints {@link CPU_BACKEND_WARNING} with `console.warn` the first time gen's work runs on tfjs's `cpu` backend in
 * Node when no backend was chosen through `initBackend` (tfjs then falls back to cpu silently, and gen's models run
 * an order of magnitude slower than on wasm).
 *
 * @remarks
 * Called by gen's entry points that do heavy work (`linearCombination`, hence every ODE and SDE solve, sampler and
 * likelihood; `train` of `@gen/train`). Prints at most once per process; prints nothing in browsers and workers, on
 * any other backend, or after `initBackend(…)` (including `initBackend('cpu')`, the way to keep cpu quietly). Costs
 * one property read once settled.
 *
 * @returns `true` when this call printed the warning.
 * @example
 * ```ts
 * warnIfUnchosenCpuBackend(); // at the start of an entry point
 * ```
 */
export function warnIfUnchosenCpuBackend(): boolean {
  const s = state();
  if (s.settled || s.chosen) return false;
  if (detectEnvironment() !== 'node') {
    s.settled = true;
    return false;
  }
  if (tf.getBackend() !== 'cpu') return false;
  s.settled = true;
  console.warn(CPU_BACKEND_WARNING);
  return true;
}
