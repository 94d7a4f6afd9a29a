/**
 * The Node-only part of `@gen/train`: the `gen` command line, training checkpoints on disk, the CSV and NPY file
 * loaders, the `tf.io` handler for model folders, and PNG encoding (with Node's zlib). Everything else, and all
 * that this entry's functions take and return, comes from the browser-safe root, `@gen/train`.
 *
 * @packageDocumentation
 */
export type { CliIo } from './cli/io.js';
export { runCli } from './cli/main.js';
export { loadCsv, loadNpy } from './data/load.js';
export { readCheckpoint, type TrainingCheckpoint, writeCheckpoint } from './io/checkpoint.js';
export { fileSystemHandler } from './models/file-handler.js';
export { encodePng } from './plot/png.js';
