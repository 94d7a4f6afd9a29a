import { odeint } from '@gen/ode';
import { type MlpVectorField, OBJECTIVES } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { intValue, setStatus, ui } from './dom';
import { isDiffusion, samplingObjective } from './objectives';
import { drawAxesOverlay, drawLegend } from './plot-overlay';
import { toCanvas } from './plots';
import { solverOptions } from './sampling';
import { session, state } from './state';

/** Points and output times of the trajectory animation. */
const TRAJ_POINTS = 64;
const TRAJ_FRAMES = 30;

/**
 * Integrates 64 prior points from t = 1 to the start of the objective's time span along its sampling field (the
 * model for flows; for VP-SDE score matching the probability-flow ODE with score −ε/σ_t, to 1e-3) and returns the
 * states at 30 output times, [frame][point][dim].
 */
async function computeTrajectories(model: MlpVectorField): Promise<number[][][]> {
  const objective = samplingObjective();
  const { field, timeSpan } = OBJECTIVES[objective].samplingField(model);
  const t1 = timeSpan[0];
  const ts = Array.from({ length: TRAJ_FRAMES }, (_, k) => 1 + ((t1 - 1) * k) / (TRAJ_FRAMES - 1));
  const seed = intValue(ui.sampleSeed, 0);
  const x0 = tf.randomNormal([TRAJ_POINTS, session.data.dim], 0, 1, 'float32', seed);
  try {
    // The Method select lists SDE samplers for a diffusion model: its probability flow is integrated with rk4.
    const options = isDiffusion(objective)
      ? { method: 'rk4', stepSize: (1 - t1) / intValue(ui.odeSteps, 1) }
      : solverOptions();
    const solution = await odeint(field, x0, ts, options);
    try {
      return (await solution.ys.array()) as number[][][];
    } finally {
      solution.ys.dispose();
    }
  } finally {
    x0.dispose();
  }
}

/** Colours of the data, the paths and their current points. */
const DATA_COLOR = 'rgba(90,90,90,0.35)';
const PATH_COLOR = 'rgba(40,90,200,0.45)';
const POINT_COLOR = 'rgba(200,40,40,0.9)';

/** The data, the paths of the trajectories up to frame `k` and their current points, with axes and a legend. */
function drawTrajectories(frames: readonly number[][][], k: number): void {
  const canvas = ui.plot;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = DATA_COLOR;
  for (const p of state.data) {
    const [x, y] = toCanvas(p, canvas);
    ctx.fillRect(x - 1, y - 1, 2, 2);
  }
  ctx.strokeStyle = PATH_COLOR;
  ctx.lineWidth = 1;
  for (let i = 0; i < TRAJ_POINTS; i += 1) {
    ctx.beginPath();
    for (let f = 0; f <= k; f += 1) {
      const [x, y] = toCanvas(frames[f]?.[i] ?? [], canvas);
      if (f === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.fillStyle = POINT_COLOR;
  for (const p of frames[k] ?? []) {
    const [x, y] = toCanvas(p, canvas);
    ctx.fillRect(x - 2, y - 2, 4, 4);
  }
  drawAxesOverlay(ctx, state.bounds);
  drawLegend(
    ctx,
    [
      { label: 'data', color: DATA_COLOR, kind: 'marker' },
      { label: 'paths from t = 1', color: PATH_COLOR, kind: 'line' },
      { label: `x(t), frame ${k + 1}/${frames.length}`, color: POINT_COLOR, kind: 'marker' },
    ],
    28,
    22,
  );
}

/** Computes the trajectories and draws them one frame per animation frame. */
export async function runAnimate(): Promise<void> {
  if (session.model === undefined) throw new Error('No model yet: train one or load it first.');
  const frames = await computeTrajectories(session.model);
  state.trajectoryFrames = 0;
  await new Promise<void>((resolve) => {
    const draw = (): void => {
      const k = state.trajectoryFrames;
      drawTrajectories(frames, k);
      state.trajectoryFrames = k + 1;
      ui.sampleInfo.textContent = `trajectories: frame ${k + 1}/${frames.length}`;
      ui.sampleInfo.dataset.frames = String(k + 1);
      if (k + 1 < frames.length) requestAnimationFrame(draw);
      else resolve();
    };
    requestAnimationFrame(draw);
  });
  setStatus(`Animated ${TRAJ_POINTS} trajectories: ${state.trajectoryFrames} frames drawn.`);
}
