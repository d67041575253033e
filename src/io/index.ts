export { loadDataset } from './load-dataset';
export type { DatasetFileFormat, LoadDatasetOptions } from './load-options';
export { saveDataset } from './save-dataset';
export type { SaveDatasetOptions, SaveDatasetResult } from './save-options';
export { DatasetFileError } from './dataset-file-error';
export { DEFAULT_OBSERVATION_KEYS } from './load-minari';
export { MINARI_FORMAT_VERSION } from './save-minari';
