export { type ArrayDataset, type ArrayDatasetOptions, datasetFromArray, datasetFromTensor } from './array-dataset.js';
export { type ParseCsvOptions, parseCsv, type ToCsvOptions, toCsv } from './csv.js';
export type { Dataset, LabelledBatch } from './dataset.js';
export { type IdxArray, parseIdx } from './idx.js';
export {
  type ImageBatch,
  type ImageDataset,
  type ImageDatasetOptions,
  imageDataset,
} from './image-dataset.js';
export { type ParseImagesNpyOptions, parseImagesNpy } from './image-npy.js';
export {
  DATASET_SPLITS,
  type DatasetSplit,
  MNIST_TEST_PER_DIGIT,
  type MnistOptions,
  mnistDataset,
} from './mnist.js';
export {
  type NpyArray,
  type NpyDtype,
  type ParseNpyOptions,
  parseNpy,
  type ReadNpyArrayOptions,
  readNpyArray,
  toNpy,
} from './npy.js';
export type { TableSource } from './table-source.js';
export { TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from './toy-datasets.js';
