import { type ImageDataset, mnistDataset } from '@gen/train';
import type { DemoState, ImageGridSamples, ImagesState, ImageTrajectory } from './state';

/**
 * Changes of the images mode's part of the state, as a change of the state (what `commit` takes).
 *
 * @param state - The demo's state.
 * @param changes - The images mode's fields that change.
 * @returns `{ images }` with the changes merged in.
 * @example
 * ```ts
 * commit(withImages(state, { step: 10 }));
 * ```
 */
export function withImages(state: Pick<DemoState, 'images'>, changes: Partial<ImagesState>): Pick<DemoState, 'images'> {
  return { images: { ...state.images, ...changes } };
}

/**
 * The images mode's changes that drop its model, its training record, grid and trajectory (the next Train creates a
 * new U-Net); `commit` disposes the dropped model.
 *
 * @returns The changes of the images mode's fields.
 * @example
 * ```ts
 * commit(withImages(state, withoutImageModel()));
 * ```
 */
export function withoutImageModel(): Pick<
  ImagesState,
  'model' | 'step' | 'losses' | 'stepsPerSecond' | 'grid' | 'trajectory'
> {
  return { model: undefined, step: 0, losses: [], stepsPerSecond: 0, grid: null, trajectory: null };
}

/**
 * Entering the images mode: MNIST's training split (`mnistDataset()`, loaded on first entry, about 2 MB of
 * bundled JSON per digit, then kept) and the mode switched.
 *
 * @param state - The demo's state.
 * @param load - Loads the data set (default `mnistDataset`; a test passes a small one).
 * @returns The changes: mode, data and status.
 * @throws What `load` throws.
 * @example
 * ```ts
 * commit(await enterImagesMode(state));
 * ```
 */
export async function enterImagesMode(
  state: Pick<DemoState, 'images' | 'backend'>,
  load: () => Promise<ImageDataset> = mnistDataset,
): Promise<Partial<DemoState>> {
  const data = state.images.data ?? (await load());
  return {
    mode: 'images',
    ...withImages(state, { data }),
    status: `Images mode on ${state.backend}: ${data.size} MNIST digits. Press Train to train a class-conditional U-Net.`,
  };
}

/**
 * A new sample grid: kept with the count of grids drawn, and the status line saying what the classifier makes of it.
 *
 * @param state - The demo's state.
 * @param grid - The grid drawn.
 * @returns The changes.
 * @example
 * ```ts
 * commit(gridChanges(state, await sampleImageGrid(model, settings, step)));
 * ```
 */
export function gridChanges(state: Pick<DemoState, 'images'>, grid: ImageGridSamples): Partial<DemoState> {
  const accuracy = `${(100 * grid.accuracy).toFixed(1)}%`;
  return {
    ...withImages(state, { grid, gridsDrawn: state.images.gridsDrawn + 1 }),
    status: `Sampled ${grid.labels.length} digits at update ${grid.step} (w = ${grid.guidance}): the classifier recognises ${accuracy} (chance 10%).`,
  };
}

/**
 * A new trajectory strip and its status line.
 *
 * @param state - The demo's state.
 * @param trajectory - The frames.
 * @returns The changes.
 * @example
 * ```ts
 * commit(trajectoryChanges(state, await imageTrajectory(model, settings)));
 * ```
 */
export function trajectoryChanges(state: Pick<DemoState, 'images'>, trajectory: ImageTrajectory): Partial<DemoState> {
  const what = trajectory.labels.length === 1 ? `a ${trajectory.labels[0]}` : 'one digit of each class';
  return {
    ...withImages(state, { trajectory }),
    status: `Trajectory of ${what} from noise to digit: ${trajectory.frames.length} frames.`,
  };
}
