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

/** Seconds between two plain progress lines when `err` is not a terminal (a line is also printed every 10%). */
const LINE_SECONDS = 5;
/** Milliseconds between two redraws of the bar on a terminal. */
const FRAME_MS = 100;

/** Shows training progress: {@link ProgressReporter.update} after every update, {@link ProgressReporter.end} once. */
export interface ProgressReporter {
  /**
   * Reports the state after an update.
   *
   * @param state - Progress so far.
   */
  update(state: ProgressState): void;
  /** Ends the progress output (closes a redrawn line). */
  end(): void;
}

/**
 * A progress reporter for the CLI: on a terminal it redraws one bar with `\r` (at most 10 times a second); otherwise
 * it prints plain lines such as `step 400/1000 (40%), loss 0.4321, 38.2 steps/s, ETA 0:16`, one every 10% of the
 * run or every 5 seconds (whichever comes first) and one at the end.
 *
 * @param io - Output channels; `io.errIsTerminal` picks the form.
 * @param now - Clock in milliseconds (default `performance.now`).
 * @returns The reporter.
 * @example
 * ```ts
 * const progress = progressReporter(io);
 * await train({ ..., onProgress: (p) => progress.update(p) }).finally(() => progress.end());
 * ```
 */
export function progressReporter(
  io: { err(text: string): void; errIsTerminal?: boolean },
  now: () => number = () => performance.now(),
): ProgressReporter {
  let last = Number.NEGATIVE_INFINITY;
  let lastTenth = 0;
  let open = false;
  return {
    update(state) {
      const t = now();
      const finished = state.step === state.steps;
      if (io.errIsTerminal === true) {
        if (t - last >= FRAME_MS || finished) {
          last = t;
          io.err(`\r${formatProgress(state)}`);
          open = true;
        }
        return;
      }
      const tenth = state.steps === 0 ? 10 : Math.floor((10 * state.step) / state.steps);
      if (tenth > lastTenth || t - last >= LINE_SECONDS * 1000 || finished) {
        last = t;
        lastTenth = tenth;
        const percent = state.steps === 0 ? 100 : Math.floor((100 * state.step) / state.steps);
        const eta = Number.isFinite(state.etaSeconds) ? formatDuration(state.etaSeconds) : '?';
        io.err(
          `step ${state.step}/${state.steps} (${percent}%), loss ${state.loss.toFixed(4)}, ` +
            `${state.stepsPerSecond.toFixed(1)} steps/s, ETA ${eta}\n`,
        );
      }
    },
    end() {
      if (open) io.err('\n');
      open = false;
    },
  };
}
