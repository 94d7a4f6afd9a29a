/** What the progress bar shows. */
export interface ProgressState {
  /** Done. */
  step: number;
  /** Total. */
  steps: number;
  /** Current loss. */
  loss: number;
  /** Throughput. */
  stepsPerSecond: number;
  /** Seconds left. */
  etaSeconds: number;
}

/**
 * Formats one line of a training progress bar: bar, counts, loss, steps/s and ETA.
 *
 * @param state - Progress so far.
 * @param width - Bar width in characters (default 30).
 * @returns e.g. `[███████░░░] 700/1000 loss 0.4321 38.2 steps/s ETA 0:08`.
 * @example
 * ```ts
 * process.stderr.write(`\r${formatProgress({ step, steps, loss, stepsPerSecond, etaSeconds })}`);
 * ```
 */
export function formatProgress(state: ProgressState, width = 30): string {
  const fraction = state.steps === 0 ? 1 : Math.min(1, state.step / state.steps);
  const filled = Math.round(fraction * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const eta = Number.isFinite(state.etaSeconds) ? formatDuration(state.etaSeconds) : '?';
  return `[${bar}] ${state.step}/${state.steps} loss ${state.loss.toFixed(4)} ${state.stepsPerSecond.toFixed(1)} steps/s ETA ${eta}`;
}

/**
 * Formats seconds as m:ss (or h:mm:ss).
 *
 * @param seconds - A non-negative duration.
 * @returns The formatted duration.
 * @example
 * ```ts
 * formatDuration(75); // "1:15"
 * ```
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (v: number) => String(v).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}
