/**
 * Training many runs at once in worker threads (Node): {@link trainMany}.
 *
 * @module
 */
export { trainMany } from './train-many';
export type { TrainManyOptions } from './train-many';
export { TrainManyError } from './train-many-error';
export type { TrainManyAlgorithm, TrainManyConfigs } from './algorithms';
