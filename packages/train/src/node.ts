/**
 * The Node-only part of `@gen/train`: the `gen` command line, training checkpoints on disk, the CSV and NPY file
 * loaders, the image loaders (Fashion-MNIST, images `.npy`, PNG folders), the `tf.io` handler for model folders, and
 * PNG encoding and decoding (with Node's zlib). Everything else, and all
 * that this entry's functions take and return, comes from the browser-safe root, `@gen/train`.
 *
 * @packageDocumentation
 */
export type { CliIo } from './cli/io.js';
export { runCli } from './cli/main.js';
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIRECTORY,
  type FashionMnistOptions,
  loadFashionMnist,
} from './data/fashion-mnist.js';
export { type ImageFolderOptions, loadImageFolder } from './data/image-folder.js';
export {
  type LoadImageDataOptions,
  type LoadImagesNpyOptions,
  loadCsv,
  loadImageData,
  loadImagesNpy,
  loadNpy,
} from './data/load.js';
export { type DecodedImage, type DecodePngOptions, decodePng } from './data/png-decode.js';
export { readCheckpoint, type TrainingCheckpoint, writeCheckpoint } from './io/checkpoint.js';
export { fileSystemHandler } from './models/file-handler.js';
export { type EncodePngOptions, encodePng, type PngFilter } from './plot/png.js';
