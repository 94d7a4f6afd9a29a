import { InvalidArgumentError, ShapeError } from '@gen/core';
import { requireMemory } from '@gen/core/internal';
import { nodeModules, pathError, readInputFile } from '../io/files.js';
import { type ImageDataset, levelDataset } from './image-dataset.js';
import { decodePng } from './png-decode.js';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /**
   * Label the images by sub-folder (default: when the folder holds sub-folders and no PNG files). Each sub-folder is
   * a class; classes are numbered in the code-point order of the folders' names.
   */
  labels?: boolean;
  /** Uniform dequantisation of every batch (default false), as `imageDataset` of `@gen/train` describes. */
  dequantize?: boolean;
}

/** The largest PNG file read. */
const MAX_PNG_BYTES = 64 * 2 ** 20;

/**
 * Reads a folder of PNG images into an {@link ImageDataset} (Node only; pixels scaled to [−1, 1]).
 *
 * @remarks
 * Either the folder holds the `.png` files (unlabelled), or it holds one sub-folder per class with the class's
 * `.png` files (labelled: `labels` defaults to this layout; the class names are the folders' names, sorted). Files
 * are read in code-point order of their names; other files are skipped. Every image must be 8-bit grey, RGB or RGBA
 * (see {@link decodePng}) with the size and channel count of the first, which give the shape [H, W, C]. Memory for
 * all images is checked against core's limit once the first is decoded.
 *
 * @param path - The folder.
 * @param options - Labels and dequantisation.
 * @returns The dataset, named after the folder.
 * @throws `InvalidArgumentError` naming `path` when the folder cannot be read, holds no PNG file, mixes PNG files
 *   with class folders when labelled, or has an empty class folder; naming `bytes` (with the file) for a bad PNG;
 *   `ShapeError` naming `path` for an image whose size or channels differ from the first.
 * @example
 * ```ts
 * const data = await loadImageFolder('data/digits'); // data/digits/0/*.png, data/digits/1/*.png, …
 * ```
 */
export async function loadImageFolder(path: string, options: ImageFolderOptions = {}): Promise<ImageDataset> {
  const { fs, nodePath } = await nodeModules();
  const list = async (dir: string) => {
    const names = await fs.readdir(dir).catch((error: unknown) => {
      throw pathError(error, 'path', 'a readable folder of PNG images', dir);
    });
    const entries = await Promise.all(
      names
        .sort()
        .map(async (name) => ({ name, stats: await fs.stat(nodePath.join(dir, name)).catch(() => undefined) })),
    );
    return {
      pngs: entries.filter((e) => /\.png$/i.test(e.name) && e.stats?.isFile()).map((e) => nodePath.join(dir, e.name)),
      folders: entries.filter((e) => e.stats?.isDirectory()).map((e) => e.name),
    };
  };
  const top = await list(path);
  const labelled = options.labels ?? (top.pngs.length === 0 && top.folders.length > 0);
  const files: string[] = [];
  const labels: number[] = [];
  if (labelled) {
    if (top.pngs.length > 0) {
      throw new InvalidArgumentError('path', 'a folder of class sub-folders only', path, 'It holds PNG files too.');
    }
    for (const [label, folder] of top.folders.entries()) {
      const { pngs } = await list(nodePath.join(path, folder));
      if (pngs.length === 0) {
        throw new InvalidArgumentError('path', 'class folders holding PNG files', path, `${folder} holds none.`);
      }
      for (const png of pngs) {
        files.push(png);
        labels.push(label);
      }
    }
  }
  if (!labelled) for (const png of top.pngs) files.push(png);
  if (files.length === 0) throw new InvalidArgumentError('path', 'a folder holding PNG files', path, 'It holds none.');

  let shape: [number, number, number] | undefined;
  let levels: Uint8Array | undefined;
  for (const [i, file] of files.entries()) {
    const image = decodePng(await readInputFile(file, 'path', MAX_PNG_BYTES), { name: file });
    const here: [number, number, number] = [image.height, image.width, image.channels];
    if (shape === undefined) {
      shape = here;
      const dim = here[0] * here[1] * here[2];
      requireMemory('path', path, files.length * dim, `${files.length} images of shape [${here}]`);
      levels = new Uint8Array(files.length * dim);
    } else if (here.some((s, k) => s !== shape?.[k])) {
      throw new ShapeError('path', `[${shape}] (the shape of the first image)`, here, `In ${file}.`);
    }
    (levels as Uint8Array).set(image.pixels, i * image.pixels.length);
  }
  return levelDataset(levels as Uint8Array, shape as [number, number, number], {
    name: nodePath.relative(nodePath.dirname(nodePath.resolve(path)), nodePath.resolve(path)) || 'images',
    dequantize: options.dequantize ?? false,
    ...(labelled ? { labels, classes: top.folders.length, classNames: top.folders } : {}),
  });
}
