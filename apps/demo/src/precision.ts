import { type WebglPrecisionSettings, webglPrecisionSettings } from '@gen/backend-webgl';
import * as tf from '@tensorflow/tfjs';
import { numValue, ui } from './dom';

/**
 * The precision settings of the active backend: the webgl backend's own (from its texture precision), and the
 * float32 ones for cpu and wasm, which store float32.
 */
export function activePrecision(): WebglPrecisionSettings {
  return tf.getBackend() === 'webgl' ? webglPrecisionSettings() : webglPrecisionSettings(32);
}

/** Shows the active backend's float precision, Adam ε and tolerance floors next to the backend picker. */
export function showPrecision(): void {
  const { textureFloatBits, adamEpsilon, minRtol } = activePrecision();
  ui.precision.textContent = `float${textureFloatBits} · Adam ε ${adamEpsilon} · adaptive rtol, atol ≥ ${minRtol.toExponential(2)}`;
}

/**
 * The adaptive solvers' tolerances of the rtol and atol fields, each raised to the active backend's floor; a raise is shown
 * next to the fields (and cleared when none is needed).
 */
export function clampedTolerances(): { rtol: number; atol: number } {
  const { textureFloatBits, minRtol, minAtol } = activePrecision();
  const rtol = numValue(ui.rtol);
  const atol = numValue(ui.atol);
  const raised = [
    rtol < minRtol ? `rtol ${rtol} → ${minRtol.toExponential(2)}` : '',
    atol < minAtol ? `atol ${atol} → ${minAtol.toExponential(2)}` : '',
  ].filter((s) => s !== '');
  ui.toleranceInfo.textContent =
    raised.length === 0 ? '' : `raised to the float${textureFloatBits} floor: ${raised.join(', ')}`;
  ui.toleranceInfo.dataset.clamped = String(raised.length > 0);
  return { rtol: Math.max(rtol, minRtol), atol: Math.max(atol, minAtol) };
}
