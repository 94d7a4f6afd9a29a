import { type WebglPrecisionSettings, webglPrecisionSettings } from '@gen/backend-webgl';

/**
 * The precision settings of a backend: the webgl backend's own (from its texture precision; call it while webgl is
 * active), and the float32 ones for cpu and wasm, which store float32.
 *
 * @param backend - The active backend's name.
 * @returns Adam's ε and the adaptive solvers' tolerance floors for it.
 * @example
 * ```ts
 * precisionOf('cpu').minRtol; // 100 · 2⁻²³ ≈ 1.19e-5
 * ```
 */
export function precisionOf(backend: string): WebglPrecisionSettings {
  return backend === 'webgl' ? webglPrecisionSettings() : webglPrecisionSettings(32);
}

/**
 * What the page shows next to the backend picker: float precision, Adam ε and the tolerance floor.
 *
 * @param precision - The active backend's settings.
 * @returns One line of text.
 * @example
 * ```ts
 * precisionLine(precisionOf('cpu')); // 'float32 · Adam ε 1e-7 · adaptive rtol, atol ≥ 1.19e-5'
 * ```
 */
export function precisionLine({ textureFloatBits, adamEpsilon, minRtol }: WebglPrecisionSettings): string {
  return `float${textureFloatBits} · Adam ε ${adamEpsilon} · adaptive rtol, atol ≥ ${minRtol.toExponential(2)}`;
}

/** Tolerances raised to a backend's floor, and what was raised (empty when nothing was). */
export interface ClampedTolerances {
  readonly rtol: number;
  readonly atol: number;
  /** The note shown next to the fields, e.g. `raised to the float32 floor: rtol 1e-7 → 1.19e-5`; '' for none. */
  readonly note: string;
}

/**
 * Raises the asked rtol and atol of an adaptive solve to the backend's floors (below them float32 rounding, not the
 * solver, would decide the steps).
 *
 * @param asked - The tolerances typed in the form.
 * @param precision - The active backend's settings.
 * @returns The tolerances used and the note saying which were raised.
 * @example
 * ```ts
 * clampTolerances({ rtol: 1e-7, atol: 1e-3 }, precisionOf('cpu')).rtol; // 1.19e-5
 * ```
 */
export function clampTolerances(
  asked: { readonly rtol: number; readonly atol: number },
  { textureFloatBits, minRtol, minAtol }: WebglPrecisionSettings,
): ClampedTolerances {
  const raised = [
    asked.rtol < minRtol ? `rtol ${asked.rtol} → ${minRtol.toExponential(2)}` : '',
    asked.atol < minAtol ? `atol ${asked.atol} → ${minAtol.toExponential(2)}` : '',
  ].filter((s) => s !== '');
  return {
    rtol: Math.max(asked.rtol, minRtol),
    atol: Math.max(asked.atol, minAtol),
    note: raised.length === 0 ? '' : `raised to the float${textureFloatBits} floor: ${raised.join(', ')}`,
  };
}
