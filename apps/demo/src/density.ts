import { logProb } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { setStatus, ui } from './dom';
import { isDiffusion, samplingObjective } from './objectives';
import { drawPlot, GRID } from './plots';
import { solverOptions } from './sampling';
import { session, state } from './state';

/** Computes the model's log-density on a GRID × GRID grid over the plot bounds (flow objectives, 2-D data). */
export async function runDensity(): Promise<void> {
  const { model, data } = session;
  const { bounds } = state;
  if (model === undefined) throw new Error('No model yet: train one or load it first.');
  if (data.dim !== 2) throw new Error('The density heat map needs 2-D data.');
  if (isDiffusion(samplingObjective())) throw new Error('The density heat map is for flow objectives (all but dsm).');
  const grid: number[] = [];
  for (let i = 0; i < GRID; i += 1) {
    for (let j = 0; j < GRID; j += 1) {
      const gx = bounds.x0 + ((j + 0.5) / GRID) * (bounds.x1 - bounds.x0);
      const gy = bounds.y1 - ((i + 0.5) / GRID) * (bounds.y1 - bounds.y0);
      grid.push(gx, gy);
    }
  }
  const x = tf.tensor2d(grid, [GRID * GRID, 2], 'float32');
  const started = performance.now();
  try {
    const { logp, z, stats } = await logProb(model, x, { divergence: 'exact', ...solverOptions() });
    try {
      state.density = Array.from(await logp.data());
    } finally {
      tf.dispose([logp, z]);
    }
    const seconds = (performance.now() - started) / 1000;
    ui.sampleInfo.textContent = `density ${GRID}×${GRID} · NFE ${stats.nfe} · ${seconds.toFixed(2)} s`;
    setStatus(`Density on a ${GRID}×${GRID} grid (NFE ${stats.nfe}, ${seconds.toFixed(2)} s).`);
  } finally {
    x.dispose();
  }
  drawPlot();
}
