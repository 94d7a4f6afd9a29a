export { type ArrayDataset, type ArrayDatasetOptions, datasetFromArray, datasetFromTensor } from './array-dataset.js';
export { type ParseCsvOptions, parseCsv, type ToCsvOptions, toCsv } from './csv.js';
export type { Dataset } from './dataset.js';
export { type ParseNpyOptions, parseNpy, toNpy } from './npy.js';
export type { TableSource } from './table-source.js';
export { TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from './toy-datasets.js';
