export { loadDataset } from './load-dataset';
export type { DatasetFileFormat, LoadDatasetOptions } from './load-options';
export { DatasetFileError } from './dataset-file-error';
