import { StandardNormal } from '@gen/core';
import { getMethod, METHOD_NAMES, type SampleResult, sample } from '@gen/ode';
import { diffusionProblem, VPSDE } from '@gen/sde';
import { DIFFUSION_T_END, type MlpVectorField } from '@gen/train';
import { intValue, setStatus, ui } from './dom';
import { isDiffusion, samplingObjective } from './objectives';
import { drawPlot } from './plots';
import { clampedTolerances } from './precision';
import { session, state } from './state';

/** Every method of `@gen/ode`'s registry, the adaptive ones marked. */
const FLOW_METHODS: readonly [string, string][] = METHOD_NAMES.map((name) => [
  name,
  getMethod(name).adaptive ? `${name} (adaptive)` : name,
]);
const SDE_METHODS: readonly [string, string][] = [
  ['reverse-sde', 'reverse-SDE Euler–Maruyama'],
  ['pc', 'predictor–corrector'],
  ['ddim', 'DDIM'],
  ['dpm-solver', 'DPM-Solver++ 2M'],
  ['probability-flow', 'probability flow (rk4)'],
];

/** Fills the Method select with the ODE methods (flows) or the SDE samplers (VP-SDE score matching). */
export function updateMethods(): void {
  const diffusion = isDiffusion(samplingObjective());
  const options = diffusion ? SDE_METHODS : FLOW_METHODS;
  if (ui.method.dataset.family === (diffusion ? 'sde' : 'ode')) return;
  ui.method.dataset.family = diffusion ? 'sde' : 'ode';
  ui.method.replaceChildren(
    ...options.map(([value, label]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
  ui.method.value = diffusion ? 'dpm-solver' : 'rk4';
}

/**
 * The ODE solver options of the selected method: steps from the Steps field, or for an adaptive method (bosh3,
 * dopri5, tsit5, dopri8) the rtol and atol fields raised to the active backend's floors.
 */
export function solverOptions(): { method: string; stepSize?: number; rtol?: number; atol?: number } {
  const method = ui.method.value;
  if (getMethod(method).adaptive) return { method, ...clampedTolerances() };
  return { method, stepSize: 1 / intValue(ui.odeSteps, 1) };
}

/** The selected ODE method as `sample` takes it: `steps` from the Steps field, or the clamped tolerances. */
function sampleOptions(): { method: string; steps?: number; rtol?: number; atol?: number } {
  const { stepSize, ...rest } = solverOptions();
  return stepSize === undefined ? rest : { ...rest, steps: intValue(ui.odeSteps, 1) };
}

/** The demo's SDE picker values as names of `@gen/sde`'s sampler table (the demo helper moves the picker onto it). */
const SAMPLER_OF: Readonly<Record<string, string>> = {
  'reverse-sde': 'reverse-sde',
  pc: 'pc',
  ddim: 'ddim',
  'dpm-solver': 'dpm-solver++',
  'probability-flow': 'rk4',
};

/** Samples the ε-prediction model with the selected SDE sampler (steps from the Steps field). */
async function sampleDiffusion(field: MlpVectorField, n: number, seed: number): Promise<SampleResult> {
  const steps = intValue(ui.odeSteps, 1);
  const process = new VPSDE();
  const problem = diffusionProblem(process, field, { prediction: 'noise', tEnd: DIFFUSION_T_END });
  const method = SAMPLER_OF[ui.method.value];
  if (method === undefined) throw new Error(`Unknown SDE sampler "${ui.method.value}".`);
  return sample(problem, n, { method, steps, seed, prior: process.prior(session.data.dim) });
}

export async function runSample(): Promise<void> {
  const { model, data } = session;
  if (model === undefined) throw new Error('No model yet: train one or load it first.');
  const n = intValue(ui.nSamples, 1);
  const seed = intValue(ui.sampleSeed, 0);
  const started = performance.now();
  const { x, stats } = isDiffusion(samplingObjective())
    ? await sampleDiffusion(model, n, seed)
    : await sample(model, n, { prior: new StandardNormal(data.dim), seed, ...sampleOptions() });
  try {
    state.samples = (await x.array()) as number[][];
  } finally {
    x.dispose();
  }
  state.sampleSeconds = (performance.now() - started) / 1000;
  state.sampleNfe = stats.nfe;
  ui.sampleInfo.textContent = `${n} samples · NFE ${stats.nfe} · ${state.sampleSeconds.toFixed(2)} s`;
  drawPlot();
  setStatus(`Sampled ${n} points with ${ui.method.value} (NFE ${stats.nfe}, ${state.sampleSeconds.toFixed(2)} s).`);
}
