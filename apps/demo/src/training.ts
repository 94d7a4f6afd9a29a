import { type Dataset, OBJECTIVES, type TrainableField, trainStep } from '@gen/train';
import type { TrainingSettings } from './settings';
import type { DemoState, TrainedModel } from './state';

/** Updates in the moving average of the loss curve and of the loss the training line shows. */
export const LOSS_WINDOW = 20;

/** What {@link trainChunk} trains: a model (an MLP of the points mode or a U-Net of the images mode), its Adam and objective. */
export type ChunkModel = Pick<TrainedModel, 'adam' | 'objective'> & { readonly field: TrainableField };

/** What {@link trainChunk} reads of the settings; `labelDropout` for a class-conditional model only. */
export type ChunkSettings = Pick<TrainingSettings, 'batchSize' | 'seed' | 'learningRate'> & {
  readonly labelDropout?: number;
};

/** What one chunk of training did. */
export interface ChunkResult {
  /** The loss of each update done, in order. */
  readonly losses: number[];
  /** True when the backend's context was lost during the chunk (its updates are garbage and not recorded). */
  readonly lost: boolean;
}

/**
 * Runs up to `count` updates of `trainStep` (the update `train()` repeats, with the same seeds: update k draws its
 * batch from `settings.seed` and k), so chunks of any size give the same model as one run. The model's variables
 * and Adam's moments are updated in place; the losses are returned. A class-conditional model (the images mode's
 * U-Net) trains on the data's labels, each replaced by "no class" with probability `settings.labelDropout`.
 *
 * @param model - The model, its Adam and objective (borrowed; updated).
 * @param data - The training data (labelled for a class-conditional model).
 * @param settings - Batch size, learning rate, seed, and label dropout.
 * @param from - The number of updates done before (the first update's index).
 * @param count - Updates to run.
 * @param contextLost - Whether the backend's context is lost; checked after a non-finite loss and at the end.
 * @returns The losses of the updates run (`lost` set and no losses when the context was lost).
 * @throws `Error` when a loss is not finite on a live context (lower lr); the data set's error when it cannot be
 *   sampled (e.g. too few drawn points); `trainStep`'s `InvalidArgumentError` for a bad label dropout.
 * @example
 * ```ts
 * const { losses } = trainChunk(model, toyDataset('moons'), settings, 0, 10, () => false);
 * ```
 */
export function trainChunk(
  model: ChunkModel,
  data: Dataset,
  settings: ChunkSettings,
  from: number,
  count: number,
  contextLost: () => boolean,
): ChunkResult {
  const objective = OBJECTIVES[model.objective].create();
  const losses: number[] = [];
  for (let step = from; step < from + count; step += 1) {
    const loss = trainStep({
      model: model.field,
      data,
      objective,
      adam: model.adam,
      step,
      batchSize: settings.batchSize,
      seed: settings.seed,
      learningRate: settings.learningRate,
      ...(settings.labelDropout !== undefined && { labelDropout: settings.labelDropout }),
    });
    if (!Number.isFinite(loss)) {
      if (contextLost()) return { losses: [], lost: true };
      throw new Error(`The loss became ${loss} at update ${step + 1}; lower lr.`);
    }
    losses.push(loss);
  }
  return contextLost() ? { losses: [], lost: true } : { losses, lost: false };
}

/**
 * The mean of the last {@link LOSS_WINDOW} losses (what the training line shows).
 *
 * @param losses - Every loss so far.
 * @returns Their tail's mean (0 for none).
 * @example
 * ```ts
 * smoothedLoss([1, 2, 3]); // 2
 * ```
 */
export function smoothedLoss(losses: readonly number[]): number {
  const tail = losses.slice(-LOSS_WINDOW);
  return tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length);
}

/**
 * The line next to the Train button: `step N · loss L · S steps/s` after training, `step N` after a recovery or a
 * load, nothing without updates.
 *
 * @param state - Step, losses and speed.
 * @returns The text.
 * @example
 * ```ts
 * trainInfo({ step: 0, losses: [], stepsPerSecond: 0 }); // ''
 * ```
 */
export function trainInfo(state: Pick<DemoState, 'step' | 'losses' | 'stepsPerSecond'>): string {
  if (state.step === 0) return '';
  if (state.stepsPerSecond === 0) return `step ${state.step}`;
  return `step ${state.step} · loss ${smoothedLoss(state.losses).toFixed(4)} · ${state.stepsPerSecond.toFixed(1)} steps/s`;
}
