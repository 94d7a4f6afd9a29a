import { InvalidArgumentError, NumericalError } from '@gen/core';
import { assertInteger, assertOneOf, assertPositive, warnIfUnchosenCpuBackend } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { trainingConditioning } from './conditioning/training-batch.js';
import type { Dataset } from './data/index.js';
import { readCheckpoint, type TrainingCheckpoint, writeCheckpoint } from './io/checkpoint.js';
import { createFolder } from './io/files.js';
import type { Objective } from './objectives/index.js';
import { Adam, type AdamOptions } from './optim/adam.js';
import { Ema } from './optim/ema.js';
import { type LearningRateSchedule, learningRateAt } from './optim/schedule.js';
import { trainStep } from './train-step.js';
import type { TrainableField } from './types.js';

/** What {@link TrainOptions.onProgress} receives. */
export interface TrainProgress {
  /** Updates completed. */
  step: number;
  /** Total updates of the run. */
  steps: number;
  /** This update's loss. */
  loss: number;
  /** This update's learning rate. */
  learningRate: number;
  /** Updates per second since the run (or the resume) started. */
  stepsPerSecond: number;
  /** Estimated seconds to the end. */
  etaSeconds: number;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** The model to train (its variables are updated in place). */
  model: TrainableField;
  /** Where batches come from. */
  data: Dataset;
  /** The loss. */
  objective: Objective;
  /** Number of updates (the total, counting those of a resumed checkpoint). */
  steps: number;
  /** Batch size (default 256). */
  batchSize?: number;
  /** The optimiser (default and only built-in: `'adam'`). */
  optimizer?: 'adam';
  /** Adam's β₁, β₂, ε (ε defaults to 1e-7 on every backend). */
  adam?: AdamOptions;
  /** Peak learning rate (default 1e-3). */
  lr?: number;
  /** Learning-rate schedule after warm-up (default `'constant'`). */
  schedule?: LearningRateSchedule;
  /** Linear warm-up length in updates (default 0). */
  warmupSteps?: number;
  /** Decay of an exponential moving average of the weights (e.g. 0.999); none by default. */
  ema?: number;
  /** Clip gradients to this global L2 norm; none by default. */
  gradClip?: number;
  /**
   * For a class-conditional model: the probability in [0, 1) that a training label is replaced by K, "no class",
   * so the model also learns u(t, x | ∅) for classifier-free guidance (default 0; 0.1–0.2 is usual).
   */
  labelDropout?: number;
  /** Seed: batches and objective noise at update k come from `deriveSeed(seed, k, ·)` (default 0). */
  seed?: number;
  /** Called after every update. */
  onProgress?: (progress: TrainProgress) => void;
  /** Write a checkpoint every this many updates (and at the end); needs `checkpointDir`. */
  checkpointEvery?: number;
  /** Folder for checkpoints (Node). */
  checkpointDir?: string;
  /** Folder of a checkpoint to resume from (Node). */
  resumeFrom?: string;
}

/** The result of {@link train}. */
export interface TrainResult {
  /** Updates completed (equals `steps`). */
  step: number;
  /** The loss of every update, resumed ones included. */
  losses: number[];
  /** The averaged weights, one flat array per variable, when `ema` was set (copy them in with {@link assignWeights}). */
  emaWeights?: Float32Array[];
  /** Wall-clock seconds of this call. */
  seconds: number;
}

/**
 * Trains a model by minimising an objective with Adam: deterministic for a seed, checkpointed atomically, resumable
 * to the same result, stopped with a clear error on a non-finite loss.
 *
 * @remarks
 * Update k draws its batch with `data.sample(batchSize, deriveSeed(seed, k, 0))` and its objective noise with
 * `deriveSeed(seed, k, 1)`, so the run is a pure function of the seed and a resumed run (weights, Adam moments and
 * EMA restored from the checkpoint) continues exactly as the uninterrupted one would. Each update: loss and
 * gradients by `tf.variableGrads`, optional global-norm clipping, Adam with the scheduled learning rate, optional
 * EMA. The loss is read back every update (for progress and the non-finite check).
 *
 * Class-conditional models (`classes` = K) train on labelled data with the same K, with label dropout
 * (`labelDropout`, draws from `deriveSeed(seed, k, 2)`, so a resume stays exact); an unconditional model ignores the
 * labels of labelled data (see {@link trainStep}).
 *
 * @param options - Model, data, objective, steps and the optimisation settings.
 * @returns The losses, the EMA weights when kept, and the time taken.
 * @throws `InvalidArgumentError` naming a bad option (negative steps, lr ≤ 0, ema outside [0, 1), checkpointEvery
 *   without checkpointDir, a resume checkpoint that does not fit the model, `options.labelDropout` or `options.data`
 *   as {@link trainStep}); `NumericalError` naming the update at which the loss became NaN or infinite.
 * @example
 * ```ts
 * const model = mlpVectorField({ dim: 2 });
 * const { losses } = await train({ model, data: toyDataset('moons'), objective: otConditionalFlowMatching(), steps: 2000 });
 * ```
 * @see Kingma & Ba 2015 (Adam); Tong et al. 2023 and Lipman et al. 2023 (flow-matching training recipes).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const settings = resolve(options);
  warnIfUnchosenCpuBackend();
  const { model, data, objective, steps, batchSize, seed } = settings;
  const variables = [...model.variables];
  const adam = new Adam(variables, options.adam);
  const ema = settings.ema === undefined ? undefined : new Ema(variables, settings.ema);
  let losses: number[] = [];
  let step = 0;
  const started = performance.now();
  try {
    // The checkpoint folder is made (or refused) before the first update, so a bad path loses no training.
    if (options.checkpointDir !== undefined) await createFolder(options.checkpointDir, 'options.checkpointDir');
    if (options.resumeFrom !== undefined) {
      const checkpoint = await readCheckpoint(options.resumeFrom);
      restore(checkpoint, variables, adam, ema, options.resumeFrom);
      step = checkpoint.step;
      losses = [...checkpoint.losses];
    }
    const firstStep = step;
    for (; step < steps; step += 1) {
      const learningRate = learningRateAt(settings.schedule, settings.lr, step, steps, settings.warmupSteps);
      const loss = trainStep({
        model,
        data,
        objective,
        adam,
        step,
        batchSize,
        seed,
        learningRate,
        labelDropout: settings.labelDropout,
        ...(settings.gradClip === undefined ? {} : { gradClip: settings.gradClip }),
      });
      if (!Number.isFinite(loss)) {
        throw new NumericalError(
          'non-finite',
          `train: the loss became ${loss} at update ${step + 1} of ${steps}. Lower lr, set gradClip, or check the data.`,
          { t: step + 1 },
        );
      }
      ema?.update();
      losses.push(loss);
      const done = step + 1;
      const stepsPerSecond = (done - firstStep) / ((performance.now() - started) / 1000);
      options.onProgress?.({
        step: done,
        steps,
        loss,
        learningRate,
        stepsPerSecond,
        etaSeconds: (steps - done) / stepsPerSecond,
      });
      const checkpointDue =
        settings.checkpointEvery !== undefined && (done % settings.checkpointEvery === 0 || done === steps);
      if (checkpointDue && options.checkpointDir !== undefined) {
        await writeCheckpoint(options.checkpointDir, snapshot(done, losses, variables, adam, ema));
      }
    }
    const result: TrainResult = { step, losses, seconds: (performance.now() - started) / 1000 };
    if (ema !== undefined) result.emaWeights = ema.getValues();
    return result;
  } finally {
    adam.dispose();
    ema?.dispose();
  }
}

/**
 * Copies flat weight arrays (e.g. {@link TrainResult.emaWeights}) into variables of matching sizes.
 *
 * @param variables - The targets, in order.
 * @param weights - One flat array per variable.
 * @throws `InvalidArgumentError` naming `weights` when the count or a size differs.
 * @example
 * ```ts
 * if (result.emaWeights) assignWeights(model.variables, result.emaWeights);
 * ```
 */
export function assignWeights(variables: readonly tf.Variable[], weights: readonly Float32Array[]): void {
  if (weights.length !== variables.length || weights.some((w, i) => w.length !== (variables[i] as tf.Variable).size)) {
    throw new InvalidArgumentError('weights', `${variables.length} arrays matching the variables' sizes`, weights);
  }
  tf.tidy(() => {
    variables.forEach((v, i) => {
      v.assign(tf.tensor(weights[i] as Float32Array, v.shape));
    });
  });
}

function snapshot(
  step: number,
  losses: number[],
  variables: tf.Variable[],
  adam: Adam,
  ema: Ema | undefined,
): TrainingCheckpoint {
  const state = adam.getState();
  const checkpoint: TrainingCheckpoint = {
    step,
    losses: [...losses],
    weights: variables.map((v) => v.dataSync() as Float32Array),
    adamM: state.m,
    adamV: state.v,
  };
  if (ema !== undefined) checkpoint.ema = ema.getValues();
  return checkpoint;
}

/** Restores a checkpoint after checking that it fits the model (and the EMA), so a misfit changes nothing. */
function restore(
  checkpoint: TrainingCheckpoint,
  variables: tf.Variable[],
  adam: Adam,
  ema: Ema | undefined,
  from: string,
): void {
  const sizes = variables.map((v) => v.size);
  const { weights } = checkpoint;
  if (weights.length !== sizes.length || weights.some((w, i) => w.length !== sizes[i])) {
    throw new InvalidArgumentError(
      'resumeFrom',
      `a checkpoint of this model (arrays of sizes ${sizes.join(', ')})`,
      weights.map((w) => w.length),
      `In ${from}.`,
    );
  }
  if (ema !== undefined && checkpoint.ema === undefined) {
    throw new InvalidArgumentError(
      'resumeFrom',
      'a checkpoint with EMA weights (this run keeps an EMA)',
      'one without',
    );
  }
  assignWeights(variables, weights);
  adam.setState({ step: checkpoint.step, m: checkpoint.adamM, v: checkpoint.adamV });
  if (ema !== undefined) ema.setValues(checkpoint.ema as Float32Array[], checkpoint.step);
}

function resolve(options: TrainOptions) {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'an options object', options);
  const { model, data, objective } = options;
  if (typeof model !== 'function' || !Array.isArray(model.variables) || model.variables.length === 0) {
    throw new InvalidArgumentError('options.model', 'a trainable vector field with variables', model);
  }
  if (typeof data?.sample !== 'function')
    throw new InvalidArgumentError('options.data', 'a Dataset with sample(n, seed)', data);
  if (typeof objective?.loss !== 'function')
    throw new InvalidArgumentError('options.objective', 'an Objective with loss(model, batch, seed)', objective);
  assertOneOf('options.optimizer', options.optimizer ?? 'adam', ['adam']);
  const ema = options.ema;
  if (ema !== undefined && !(ema >= 0 && ema < 1))
    throw new InvalidArgumentError('options.ema', 'a decay in [0, 1)', ema);
  if (options.checkpointEvery !== undefined && options.checkpointDir === undefined) {
    throw new InvalidArgumentError('options.checkpointDir', 'a folder (checkpointEvery is set)', undefined);
  }
  const { labelDropout } = trainingConditioning(model, data, options.labelDropout);
  return {
    model,
    data,
    objective,
    labelDropout,
    steps: assertInteger('options.steps', options.steps, 0),
    batchSize: assertInteger('options.batchSize', options.batchSize ?? 256, 1),
    lr: assertPositive('options.lr', options.lr ?? 1e-3),
    schedule: assertOneOf('options.schedule', options.schedule ?? 'constant', ['constant', 'cosine', 'linear']),
    warmupSteps: assertInteger('options.warmupSteps', options.warmupSteps ?? 0, 0),
    ema,
    gradClip: options.gradClip === undefined ? undefined : assertPositive('options.gradClip', options.gradClip),
    seed: assertInteger('options.seed', options.seed ?? 0, 0),
    checkpointEvery:
      options.checkpointEvery === undefined
        ? undefined
        : assertInteger('options.checkpointEvery', options.checkpointEvery, 1),
  };
}
